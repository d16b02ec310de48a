import { ExponentialBackoffRetry } from '../../../src/policies/retry/ExponentialBackoffRetry';
import { cacheParameters, describeRetryPolicyContract } from './retryPolicyContract';

describeRetryPolicyContract(ExponentialBackoffRetry.name, () => new ExponentialBackoffRetry());

describe(ExponentialBackoffRetry.name, () => {
  afterEach(() => jest.restoreAllMocks());

  describe('delayBeforeRetry()', () => {
    it.each([
      [0, 2500],
      [1, 4500],
      [2, 8500],
      [3, null],
      [4, null],
    ])('waits for attempt %p %p ms with backoff 2 s, 3 retries and jitter 0.5', (attempt, expected) => {
      jest.spyOn(Math, 'random').mockReturnValue(0.5);
      const options = cacheParameters({ backoffInSeconds: 2, retryCount: 3 });
      expect(new ExponentialBackoffRetry().delayBeforeRetry(attempt, new Error('boom'), options)).toBe(expected);
    });

    it.each([
      [0, 0, 2000],
      [0.999, 0, 2999],
      [0, 2, 8000],
    ])('adds jitter U(0, 1) s from Math.random() = %p (attempt %p → %p ms)', (random, attempt, expected) => {
      jest.spyOn(Math, 'random').mockReturnValue(random);
      const options = cacheParameters({ backoffInSeconds: 2, retryCount: 5 });
      expect(new ExponentialBackoffRetry().delayBeforeRetry(attempt, new Error('boom'), options)).toBeCloseTo(
        expected,
        6,
      );
    });

    it.each([[0], [1], [4]])(
      'retries at once (0 ms, no jitter) at attempt %p when backoffInSeconds is 0',
      (attempt) => {
        jest.spyOn(Math, 'random').mockReturnValue(0.5);
        const options = cacheParameters({ backoffInSeconds: 0, retryCount: 5 });
        expect(new ExponentialBackoffRetry().delayBeforeRetry(attempt, new Error('boom'), options)).toBe(0);
      },
    );

    it('scales a fractional backoff', () => {
      jest.spyOn(Math, 'random').mockReturnValue(0.25);
      const options = cacheParameters({ backoffInSeconds: 0.5, retryCount: 2 });
      expect(new ExponentialBackoffRetry().delayBeforeRetry(1, 'not an Error', options)).toBe(1250);
    });

    it('gives up at once when retryCount is 0, whatever the backoff', () => {
      const options = cacheParameters({ backoffInSeconds: 2, retryCount: 0 });
      expect(new ExponentialBackoffRetry().delayBeforeRetry(0, new Error('boom'), options)).toBeNull();
    });
  });
});
