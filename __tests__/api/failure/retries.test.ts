import 'reflect-metadata';
import { injectable } from 'inversify';
import {
  CacheManager,
  Cacheable,
  InvalidCacheConfigError,
  NoRetry,
  RetryPolicy,
  createCacheContainer,
  type CacheOptions,
  type CacheParameters,
} from '../../../src';
import { T0, counting, flushMicrotasks, newManager, useFakeTimeAtT0 } from './failureFixtures';

/** A function that rejects at once on every call, each time with a new numbered Error. */
function alwaysRejecting() {
  const errors: Error[] = [];
  const tracked = counting(async (_id: string): Promise<string> => {
    const error = new Error(`attempt ${errors.length + 1}`);
    errors.push(error);
    throw error;
  });
  return { ...tracked, errors };
}

/** Retries TypeErrors only, with a delay capped at one second. */
@injectable()
class TypeErrorOnlyRetry extends RetryPolicy {
  readonly seen: Array<{ attempt: number; error: unknown; retryCount: number }> = [];

  override delayBeforeRetry(attempt: number, error: unknown, options: CacheParameters): number | null {
    this.seen.push({ attempt, error, retryCount: options.retryCount });
    if (!(error instanceof TypeError)) return null;
    return Math.min(1000, options.backoffInSeconds * 1000 * 2 ** attempt);
  }
}

describe(CacheManager.name, () => {
  useFakeTimeAtT0();

  describe('wrap() with retries', () => {
    it('runs a failing async function 4 times with retryCount 3 and rejects with the last error', async () => {
      const { fn, calls, errors } = alwaysRejecting();
      const cached = newManager().wrap(fn, { retryCount: 3 });
      const outcome = cached('a').then(
        () => 'resolved',
        (error: unknown) => error,
      );
      await flushMicrotasks();
      expect(calls).toHaveLength(4);
      expect(await outcome).toBe(errors[3]);
    });

    it('waits 2.5 s, 4.5 s and 8.5 s before the retries with backoffInSeconds 2 and Math.random() = 0.5', async () => {
      jest.spyOn(Math, 'random').mockReturnValue(0.5);
      const { fn, calls, errors } = alwaysRejecting();
      const cached = newManager().wrap(fn, { retryCount: 3, backoffInSeconds: 2 });
      const outcome = cached('a').then(
        () => 'resolved',
        (error: unknown) => error,
      );
      await flushMicrotasks();
      expect(calls).toHaveLength(1);
      for (const [waitMs, callsAfter] of [
        [2500, 2],
        [4500, 3],
        [8500, 4],
      ] as const) {
        await jest.advanceTimersByTimeAsync(waitMs - 1);
        expect(calls).toHaveLength(callsAfter - 1);
        await jest.advanceTimersByTimeAsync(1);
        expect(calls).toHaveLength(callsAfter);
      }
      expect(await outcome).toBe(errors[3]);
      expect(Date.now() - T0).toBe(15_500);
    });

    it('adds no jitter and sets no timer when backoffInSeconds is 0', async () => {
      const random = jest.spyOn(Math, 'random');
      const { fn, calls } = alwaysRejecting();
      const cached = newManager().wrap(fn, { retryCount: 3, backoffInSeconds: 0 });
      const outcome = cached('a').catch((error: unknown) => error);
      await Promise.resolve();
      expect(jest.getTimerCount()).toBe(0);
      await flushMicrotasks();
      expect(calls).toHaveLength(4);
      expect(random).not.toHaveBeenCalled();
      expect(Date.now()).toBe(T0);
      await outcome;
    });

    it('makes waiters wait for the whole retry sequence and never runs the function in parallel for one key', async () => {
      jest.spyOn(Math, 'random').mockReturnValue(0);
      let running = 0;
      let maxRunning = 0;
      const { fn, calls } = counting(async (id: string) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((resolve) => setTimeout(resolve, 100));
        running--;
        if (calls.length < 3) throw new Error(`attempt ${calls.length}`);
        return `value ${id}`;
      });
      // attempt 1: 0–100 ms, wait 1 s, attempt 2: 1100–1200 ms, wait 2 s, attempt 3: 3200–3300 ms
      const cached = newManager().wrap(fn, { retryCount: 2, backoffInSeconds: 1 });
      const results: Array<Promise<string>> = [cached('a')];
      for (const at of [50, 600, 1150, 2000, 3250]) {
        await jest.advanceTimersByTimeAsync(at - (Date.now() - T0));
        results.push(cached('a'));
      }
      await jest.advanceTimersByTimeAsync(3300 - (Date.now() - T0));
      expect(await Promise.all(results)).toEqual(Array(6).fill('value a'));
      expect(calls).toHaveLength(3);
      expect(maxRunning).toBe(1);
      expect(cached.cacheInfo()).toMatchObject({ misses: 1, hits: 5 });
    });

    it('rejects every waiter with the last error when all retries fail, then runs again on the next call', async () => {
      const { fn, calls, errors } = alwaysRejecting();
      const cached = newManager().wrap(fn, { retryCount: 2 });
      const settled = await Promise.allSettled(Array.from({ length: 10 }, () => cached('a')));
      expect(settled.every((s) => s.status === 'rejected' && s.reason === errors[2])).toBe(true);
      expect(calls).toHaveLength(3);
      const again = await cached('a').catch((error: unknown) => error);
      expect(again).toBe(errors[5]);
      expect(calls).toHaveLength(6);
    });

    it('runs a sync function that always throws 3 times back to back with retryCount 2 and throws the last error', () => {
      const errors: Error[] = [];
      const { fn, calls } = counting((_id: string): string => {
        const error = new Error(`attempt ${errors.length + 1}`);
        errors.push(error);
        throw error;
      });
      const cached = newManager().wrap(fn, { retryCount: 2, backoffInSeconds: 5 });
      let caught: unknown;
      try {
        cached('a');
      } catch (error) {
        caught = error;
      }
      expect(calls).toHaveLength(3);
      expect(caught).toBe(errors[2]);
      expect(jest.getTimerCount()).toBe(0);
      expect(Date.now()).toBe(T0);
    });

    it('returns the value of a sync function that succeeds on its retry, synchronously', () => {
      const { fn, calls } = counting((id: string) => {
        if (calls.length === 1) throw new Error('first');
        return `value ${id}`;
      });
      const cached = newManager().wrap(fn, { retryCount: 1, backoffInSeconds: 5 });
      expect(cached('a')).toBe('value a');
      expect(calls).toHaveLength(2);
      expect(cached('a')).toBe('value a');
      expect(calls).toHaveLength(2);
    });

    it('stores a negative-cached error from the end of the retries, not from the first attempt', async () => {
      jest.spyOn(Math, 'random').mockReturnValue(0);
      const { fn, calls, errors } = alwaysRejecting();
      const cached = newManager().wrap(fn, {
        retryCount: 1,
        backoffInSeconds: 1,
        negativeCache: true,
        negativeExpiration: 10,
      });
      const first = cached('a');
      await jest.advanceTimersByTimeAsync(1000);
      await expect(first).resolves.toBe(errors[1]);
      jest.setSystemTime(T0 + 1000 + 10_000 - 1);
      await expect(cached('a')).resolves.toBe(errors[1]);
      expect(calls).toHaveLength(2);
      jest.setSystemTime(T0 + 1000 + 10_000);
      const refetch = cached('a');
      await jest.advanceTimersByTimeAsync(1000);
      await expect(refetch).resolves.toBe(errors[3]);
      expect(calls).toHaveLength(4);
    });
  });

  describe('wrap() with bad retry options', () => {
    it.each<[keyof CacheOptions, unknown]>([
      ['retryCount', -1],
      ['retryCount', 1.5],
      ['retryCount', Number.NaN],
      ['retryCount', '2'],
      ['backoffInSeconds', -1],
      ['backoffInSeconds', Number.NaN],
      ['backoffInSeconds', Number.POSITIVE_INFINITY],
      ['negativeCache', 'yes'],
    ])('throws InvalidCacheConfigError at wrap time for %s: %p', (option, value) => {
      let thrown: unknown;
      try {
        newManager().wrap(async (id: string) => id, { [option]: value } as CacheOptions);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidCacheConfigError);
      expect((thrown as Error).message).toContain(option);
    });

    it('fills in the failure defaults when the options are undefined', () => {
      const cached = newManager().wrap(async (id: string) => id, {
        retryCount: undefined,
        backoffInSeconds: undefined,
        negativeCache: undefined,
        negativeExpiration: undefined,
      });
      expect(cached.cacheParameters()).toMatchObject({
        retryCount: 0,
        backoffInSeconds: 0,
        negativeCache: false,
        negativeExpiration: '10 seconds',
      });
    });
  });

  describe('wrap() with a rebound RetryPolicy', () => {
    function containerWith(policy: new () => RetryPolicy) {
      const container = createCacheContainer();
      container.rebind(RetryPolicy).to(policy).inSingletonScope();
      return { container, manager: container.get(CacheManager) };
    }

    it('retries only the errors a custom policy accepts, with its capped delay', async () => {
      const { container, manager } = containerWith(TypeErrorOnlyRetry);
      const typeErrors: TypeError[] = [];
      const typed = counting(async (_id: string): Promise<string> => {
        const error = new TypeError(`type ${typeErrors.length + 1}`);
        typeErrors.push(error);
        throw error;
      });
      const cached = manager.wrap(typed.fn, { retryCount: 3, backoffInSeconds: 10 });
      const outcome = cached('a').catch((error: unknown) => error);
      await flushMicrotasks();
      for (const callsAfter of [2, 3, 4]) {
        await jest.advanceTimersByTimeAsync(999);
        expect(typed.calls).toHaveLength(callsAfter - 1);
        await jest.advanceTimersByTimeAsync(1);
        expect(typed.calls).toHaveLength(callsAfter);
      }
      expect(await outcome).toBe(typeErrors[3]);
      const policy = container.get(RetryPolicy) as TypeErrorOnlyRetry;
      expect(policy.seen.map(({ attempt, error, retryCount }) => [attempt, error, retryCount])).toEqual([
        [0, typeErrors[0], 3],
        [1, typeErrors[1], 3],
        [2, typeErrors[2], 3],
      ]);
    });

    it('gives up at once when a custom policy returns null, for async and sync functions', async () => {
      const { manager } = containerWith(TypeErrorOnlyRetry);
      const rangeError = new RangeError('out of range');
      const asyncFn = counting(async (_id: string): Promise<string> => {
        throw rangeError;
      });
      await expect(manager.wrap(asyncFn.fn, { retryCount: 3 })('a')).rejects.toBe(rangeError);
      expect(asyncFn.calls).toHaveLength(1);

      const syncFn = counting((_id: string): string => {
        throw rangeError;
      });
      expect(() => manager.wrap(syncFn.fn, { retryCount: 3 })('a')).toThrow(rangeError);
      expect(syncFn.calls).toHaveLength(1);
    });

    it('never retries with NoRetry, whatever retryCount says', async () => {
      const { manager } = containerWith(NoRetry);
      const { fn, calls, errors } = alwaysRejecting();
      await expect(manager.wrap(fn, { retryCount: 3 })('a')).rejects.toBe(errors[0]);
      expect(calls).toHaveLength(1);
    });
  });

  describe('wrap() with a rebound RetryPolicy that never gives up', () => {
    @injectable()
    class AlwaysRetry extends RetryPolicy {
      override delayBeforeRetry(): number | null {
        return 0;
      }
    }

    it('still makes at most retryCount retries', async () => {
      const container = createCacheContainer();
      container.rebind(RetryPolicy).to(AlwaysRetry);
      const { fn, calls, errors } = alwaysRejecting();
      const outcome = container
        .get(CacheManager)
        .wrap(fn, { retryCount: 2 })('a')
        .catch((error: unknown) => error);
      await flushMicrotasks();
      expect(calls).toHaveLength(3);
      expect(await outcome).toBe(errors[2]);
    });
  });

  describe('@Cacheable with retries and negative caching', () => {
    it('retries a decorated async method and returns its stored error to later calls', async () => {
      let calls = 0;
      const failures: Error[] = [];
      class RetryingService {
        @Cacheable({ retryCount: 2, negativeCache: true, negativeExpiration: 30 })
        async load(id: string): Promise<string> {
          calls++;
          const error = new Error(`${id} attempt ${calls}`);
          failures.push(error);
          throw error;
        }
      }
      const service = new RetryingService();
      expect(await service.load('a')).toBe(failures[2]);
      expect(calls).toBe(3);
      jest.setSystemTime(T0 + 30_000 - 1);
      await expect(service.load('a')).resolves.toBe(failures[2]);
      expect(calls).toBe(3);
      jest.setSystemTime(T0 + 30_000);
      expect(await service.load('a')).toBe(failures[5]);
      expect(calls).toBe(6);
    });

    it("throws the stored error from a decorated sync method with negativeCache: 'rethrow'", () => {
      let calls = 0;
      const failure = new Error('sync failure');
      class RethrowingService {
        @Cacheable({ negativeCache: 'rethrow' })
        parse(_text: string): number {
          calls++;
          throw failure;
        }
      }
      const service = new RethrowingService();
      expect(() => service.parse('x')).toThrow(failure);
      expect(() => service.parse('x')).toThrow(failure);
      expect(calls).toBe(1);
    });
  });
});
