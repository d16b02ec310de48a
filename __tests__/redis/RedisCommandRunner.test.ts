import { SharedTierError, SharedTierTimeoutError, SharedTierUnavailableError } from '../../src';
import { ConsecutiveFailureBreaker } from '../../src/redis/ConsecutiveFailureBreaker';
import { RedisCommandRunner } from '../../src/redis/RedisCommandRunner';
import { useFakeTimeAtT0 } from '../support/fakeTime';

describe(RedisCommandRunner.name, () => {
  useFakeTimeAtT0();
  const runner = (): RedisCommandRunner =>
    new RedisCommandRunner(new ConsecutiveFailureBreaker(2, 5_000, () => Date.now()), 250);
  const never = (): Promise<never> => new Promise<never>(() => undefined);

  describe('run()', () => {
    it('resolves the command’s answer', async () => {
      await expect(runner().run('shared-read', 'GET', 'k', () => Promise.resolve('v'))).resolves.toBe('v');
    });

    it('rejects with SharedTierTimeoutError naming operation, command, key and timeout at exactly commandTimeout', async () => {
      const r = runner();
      let settled: unknown;
      r.run('shared-read', 'GET', 'k', never).catch((error: unknown) => (settled = error));
      await jest.advanceTimersByTimeAsync(249);
      expect(settled).toBeUndefined();
      await jest.advanceTimersByTimeAsync(1);
      expect(settled).toBeInstanceOf(SharedTierTimeoutError);
      expect(settled).toMatchObject({ operation: 'shared-read', command: 'GET', key: 'k', timeoutMs: 250 });
      expect((settled as Error).message).toBe('shared-read: GET "k" failed: no answer within commandTimeout (250 ms)');
    });

    it('wraps a failure (rejection or synchronous throw) in a SharedTierError with the cause', async () => {
      const cause = new Error('READONLY You can’t write against a read only replica.');
      const r = new RedisCommandRunner(new ConsecutiveFailureBreaker(5, 5_000, () => Date.now()), 250);
      const rejected = await r.run('shared-write', 'SET', 'k', () => Promise.reject(cause)).catch((e: unknown) => e);
      expect(rejected).toBeInstanceOf(SharedTierError);
      expect(rejected).toMatchObject({ operation: 'shared-write', command: 'SET', cause });
      const thrown = await r
        .run('shared-bus', 'PUBLISH', 'ch', () => {
          throw cause;
        })
        .catch((e: unknown) => e);
      expect(thrown).toMatchObject({ operation: 'shared-bus', cause });
    });

    it('ignores a late failure and hands a late answer to `late`', async () => {
      const r = runner();
      const late = jest.fn();
      let answer!: (value: string) => void;
      const pending = r.run(
        'shared-lock',
        'SET NX PX',
        'k',
        () => new Promise<string>((resolve) => (answer = resolve)),
        late,
      );
      const outcome = pending.catch((e: unknown) => e);
      await jest.advanceTimersByTimeAsync(250);
      expect(await outcome).toBeInstanceOf(SharedTierTimeoutError);
      answer('OK');
      await Promise.resolve();
      expect(late).toHaveBeenCalledWith('OK');
      let fail!: (error: Error) => void;
      const second = r.run('shared-read', 'GET', 'k', () => new Promise<string>((_, reject) => (fail = reject)));
      const secondOutcome = second.catch((e: unknown) => e);
      await jest.advanceTimersByTimeAsync(250);
      fail(new Error('late')); // no unhandled rejection: jest would fail this test
      expect(await secondOutcome).toBeInstanceOf(SharedTierTimeoutError);
    });

    it('fails fast with SharedTierUnavailableError once the breaker opens, without running the command', async () => {
      const r = runner();
      const start = jest.fn(() => Promise.reject(new Error('ECONNREFUSED')));
      await r.run('shared-read', 'GET', 'k', start).catch(() => undefined);
      expect(r.available).toBe(true);
      await r.run('shared-read', 'GET', 'k', start).catch(() => undefined);
      expect(r.available).toBe(false);
      const error = await r.run('shared-write', 'SET', 'k', start).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SharedTierUnavailableError);
      expect(error).toMatchObject({
        operation: 'shared-write',
        code: 'E_SHARED_UNAVAILABLE',
        retryAt: Date.now() + 5_000,
      });
      expect(start).toHaveBeenCalledTimes(2);
      await jest.advanceTimersByTimeAsync(5_000);
      expect(r.available).toBe(true);
    });

    it('counts timeouts toward the breaker', async () => {
      const r = runner();
      const both = Promise.allSettled([
        r.run('shared-read', 'GET', 'a', never),
        r.run('shared-read', 'GET', 'b', never),
      ]);
      await jest.advanceTimersByTimeAsync(250);
      await both;
      expect(r.available).toBe(false);
    });

    it('fails fast for good once closed', async () => {
      const r = runner();
      r.close();
      expect(r.available).toBe(false);
      await expect(r.run('shared-read', 'GET', 'k', () => Promise.resolve(1))).rejects.toMatchObject({
        code: 'E_SHARED_UNAVAILABLE',
        retryAt: Infinity,
      });
    });
  });
});
