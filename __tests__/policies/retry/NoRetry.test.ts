import { NoRetry } from '../../../src/policies/retry/NoRetry';
import { cacheParameters, describeRetryPolicyContract } from './retryPolicyContract';

describeRetryPolicyContract(NoRetry.name, () => new NoRetry());

describe(NoRetry.name, () => {
  describe('delayBeforeRetry()', () => {
    it.each([
      [0, 3, 0],
      [0, 10, 2],
      [2, 10, 1],
    ])('gives up at attempt %p even with retryCount %p and backoff %p', (attempt, retryCount, backoffInSeconds) => {
      const options = cacheParameters({ retryCount, backoffInSeconds });
      expect(new NoRetry().delayBeforeRetry(attempt, new Error('boom'), options)).toBeNull();
    });
  });
});
