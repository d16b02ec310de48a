import { LongTimer, MAX_TIMER_MS, sleep } from '../../src/util/LongTimer';

describe(LongTimer.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('fires a delay longer than one setTimeout can hold only when it is due', () => {
    const fired = jest.fn();
    new LongTimer(fired, 30 * 24 * 3600 * 1000);
    jest.advanceTimersByTime(MAX_TIMER_MS + 1);
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(30 * 24 * 3600 * 1000 - MAX_TIMER_MS - 2);
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('carries unref() over to every timer of the chain and clears the pending one', () => {
    const fired = jest.fn();
    const timer = new LongTimer(fired, MAX_TIMER_MS * 2).unref();
    expect(timer.hasRef()).toBe(false);
    jest.advanceTimersByTime(MAX_TIMER_MS);
    expect(timer.hasRef()).toBe(false);
    timer.ref();
    expect(timer.hasRef()).toBe(true);
    timer.clear();
    jest.advanceTimersByTime(MAX_TIMER_MS * 2);
    expect(fired).not.toHaveBeenCalled();
  });

  describe('sleep()', () => {
    it('resolves after the delay, however long', async () => {
      let done = false;
      void sleep(MAX_TIMER_MS + 5).then(() => (done = true));
      await jest.advanceTimersByTimeAsync(MAX_TIMER_MS + 4);
      expect(done).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect(done).toBe(true);
    });
  });
});
