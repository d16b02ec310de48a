import { ConsecutiveFailureBreaker } from '../../src/redis/ConsecutiveFailureBreaker';
import { T0, useFakeTimeAtT0 } from '../support/fakeTime';

describe(ConsecutiveFailureBreaker.name, () => {
  useFakeTimeAtT0();
  const breaker = (): ConsecutiveFailureBreaker => new ConsecutiveFailureBreaker(3, 5_000, () => Date.now());

  describe('recordFailure()', () => {
    it('opens after the threshold of failures in a row, for the duration', () => {
      const b = breaker();
      expect([b.recordFailure(), b.recordFailure()]).toEqual([false, false]);
      expect(b.isOpen).toBe(false);
      expect(b.recordFailure()).toBe(true);
      expect(b.isOpen).toBe(true);
      expect(b.openUntil).toBe(T0 + 5_000);
      jest.advanceTimersByTime(4_999);
      expect(b.isOpen).toBe(true);
      jest.advanceTimersByTime(1);
      expect(b.isOpen).toBe(false);
    });

    it('counts only failures in a row: a success starts over', () => {
      const b = breaker();
      b.recordFailure();
      b.recordFailure();
      b.recordSuccess();
      b.recordFailure();
      b.recordFailure();
      expect(b.isOpen).toBe(false);
    });

    it('reopens at the first failure after the duration (half-open), and closes at the first success', () => {
      const b = breaker();
      for (let i = 0; i < 3; i++) b.recordFailure();
      jest.advanceTimersByTime(5_000);
      expect(b.recordFailure()).toBe(true);
      expect(b.openUntil).toBe(T0 + 10_000);
      jest.advanceTimersByTime(5_000);
      b.recordSuccess();
      expect(b.isOpen).toBe(false);
      expect(b.failures).toBe(0);
    });

    it('does not extend an open breaker with the failures that land while it is open', () => {
      const b = breaker();
      for (let i = 0; i < 3; i++) b.recordFailure();
      jest.advanceTimersByTime(1_000);
      expect(b.recordFailure()).toBe(false);
      expect(b.openUntil).toBe(T0 + 5_000);
    });
  });

  describe('close()', () => {
    it('closes an open breaker at once (a reconnect)', () => {
      const b = breaker();
      for (let i = 0; i < 3; i++) b.recordFailure();
      b.close();
      expect(b.isOpen).toBe(false);
      expect(b.recordFailure()).toBe(false);
    });
  });

  it('never opens with a zero duration', () => {
    const b = new ConsecutiveFailureBreaker(1, 0, () => Date.now());
    b.recordFailure();
    expect(b.isOpen).toBe(false);
  });
});
