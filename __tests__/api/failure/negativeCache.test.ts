import { Duration } from 'luxon';
import { CacheManager, type CacheOptions } from '../../../src';
import { T0, counting, newManager, useFakeTimeAtT0 } from './failureFixtures';

const SECOND = 1000;
const DAY = 86_400 * SECOND;

describe(CacheManager.name, () => {
  useFakeTimeAtT0();

  describe('wrap() with negativeCache: false (the default)', () => {
    it('gives the caller and every concurrent waiter the same Error instance, stack kept', async () => {
      let thrown: Error | undefined;
      const { fn, calls } = counting(async (_id: string): Promise<string> => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        thrown = new Error('backend down');
        throw thrown;
      });
      const cached = newManager().wrap(fn);
      const settled = Promise.allSettled([cached('a'), cached('a'), cached('a')]);
      await jest.advanceTimersByTimeAsync(100);
      const reasons = (await settled).map((s) => (s.status === 'rejected' ? s.reason : s.value) as unknown);
      expect(reasons).toEqual([thrown, thrown, thrown]);
      expect(reasons.every((reason) => reason === thrown)).toBe(true);
      expect((reasons[0] as Error).stack).toBe(thrown!.stack);
      expect(calls).toHaveLength(1);
    });

    it.each<[string, CacheOptions]>([
      ['no other option', {}],
      ['an expiration', { expiration: 60 }],
      ['a maxsize', { maxsize: 10 }],
    ])(
      'rejects 100 concurrent waiters with the same error, stores nothing, and runs again on the next call, with %s',
      async (_label, options) => {
        const failure = new Error('down');
        const { fn, calls } = counting(async (_id: string): Promise<string> => {
          await new Promise((resolve) => setTimeout(resolve, 10));
          throw failure;
        });
        const cached = newManager().wrap(fn, options);
        const settled = Promise.allSettled(Array.from({ length: 100 }, () => cached('k')));
        await jest.advanceTimersByTimeAsync(10);
        const results = await settled;
        expect(results.filter((r) => r.status === 'rejected' && r.reason === failure)).toHaveLength(100);
        expect(calls).toHaveLength(1);
        expect(cached.cacheInfo()).toMatchObject({ currentSize: 0, misses: 1, hits: 99 });

        const next = cached('k');
        await jest.advanceTimersByTimeAsync(10);
        await expect(next).rejects.toBe(failure);
        expect(calls).toHaveLength(2);
      },
    );

    it('throws from a sync function every time and runs it again on each call', () => {
      const { fn, calls } = counting((_id: string): string => {
        throw new Error(`attempt ${calls.length}`);
      });
      const cached = newManager().wrap(fn);
      expect(() => cached('a')).toThrow('attempt 1');
      expect(() => cached('a')).toThrow('attempt 2');
      expect(cached.cacheInfo().currentSize).toBe(0);
    });

    it('drops the old value when its refetch fails: the next call runs again', async () => {
      let fail = false;
      const failure = new Error('refetch failed');
      const { fn, calls } = counting(async (_id: string) => {
        if (fail) throw failure;
        return 'good';
      });
      const cached = newManager().wrap(fn, { expiration: 10 });
      await expect(cached('a')).resolves.toBe('good');
      fail = true;
      jest.setSystemTime(T0 + 10 * SECOND);
      await expect(cached('a')).rejects.toBe(failure);
      fail = false;
      await expect(cached('a')).resolves.toBe('good');
      expect(calls).toHaveLength(3);
    });
  });

  describe('wrap() with negativeCache: true', () => {
    it('resolves an async call to the error, and returns the stored error until negativeExpiration passes', async () => {
      const failure = new Error('not found');
      const { fn, calls } = counting(async (_id: string): Promise<string> => {
        throw failure;
      });
      const cached = newManager().wrap(fn, { negativeCache: true });
      await expect(cached('a')).resolves.toBe(failure);
      jest.setSystemTime(T0 + 10 * SECOND - 1);
      await expect(cached('a')).resolves.toBe(failure);
      expect(calls).toHaveLength(1);
      jest.setSystemTime(T0 + 10 * SECOND);
      await expect(cached('a')).resolves.toBe(failure);
      expect(calls).toHaveLength(2);
    });

    it('resolves every concurrent waiter of a failing flight to the same error', async () => {
      const failure = new Error('not found');
      const { fn, calls } = counting(async (_id: string): Promise<string> => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw failure;
      });
      const cached = newManager().wrap(fn, { negativeCache: true });
      const waiters = Promise.all(Array.from({ length: 100 }, () => cached('a')));
      await jest.advanceTimersByTimeAsync(5);
      const results = await waiters;
      expect(results.every((result) => result === failure)).toBe(true);
      expect(calls).toHaveLength(1);
    });

    it('returns the error from a sync function (not thrown), and keeps it for 10 seconds by default', () => {
      const failure = new Error('bad input');
      const { fn, calls } = counting((_id: string): string => {
        throw failure;
      });
      const cached = newManager().wrap(fn, { negativeCache: true });
      expect(cached('a')).toBe(failure);
      jest.setSystemTime(T0 + 10 * SECOND - 1);
      expect(cached('a')).toBe(failure);
      expect(calls).toHaveLength(1);
      jest.setSystemTime(T0 + 10 * SECOND);
      expect(cached('a')).toBe(failure);
      expect(calls).toHaveLength(2);
    });

    it('treats negativeExpiration: undefined as the default 10 seconds', () => {
      const { fn, calls } = counting((_id: string): string => {
        throw new Error('bad');
      });
      const cached = newManager().wrap(fn, { negativeCache: true, negativeExpiration: undefined });
      expect(cached.cacheParameters().negativeExpiration).toBe('10 seconds');
      cached('a');
      jest.setSystemTime(T0 + 10 * SECOND - 1);
      cached('a');
      expect(calls).toHaveLength(1);
      jest.setSystemTime(T0 + 10 * SECOND);
      cached('a');
      expect(calls).toHaveLength(2);
    });

    it('stores errors forever with negativeExpiration: null', async () => {
      const failure = new Error('gone');
      const { fn, calls } = counting(async (_id: string): Promise<string> => {
        throw failure;
      });
      const cached = newManager().wrap(fn, { negativeCache: true, negativeExpiration: null });
      await cached('a');
      jest.setSystemTime(T0 + 3650 * DAY);
      await expect(cached('a')).resolves.toBe(failure);
      expect(calls).toHaveLength(1);
    });

    it.each([
      ['a number of seconds', 30, 30 * SECOND],
      ['a luxon Duration', Duration.fromObject({ minutes: 2 }), 2 * 60 * SECOND],
      ["'1 minute'", '1 minute', 60 * SECOND],
    ])(
      'expires a stored error after negativeExpiration given as %s',
      async (_label, negativeExpiration, lifetimeMs) => {
        const { fn, calls } = counting(async (_id: string): Promise<string> => {
          throw new Error('bad');
        });
        const cached = newManager().wrap(fn, { negativeCache: true, negativeExpiration });
        await cached('a');
        jest.setSystemTime(T0 + lifetimeMs - 1);
        await cached('a');
        expect(calls).toHaveLength(1);
        jest.setSystemTime(T0 + lifetimeMs);
        await cached('a');
        expect(calls).toHaveLength(2);
      },
    );

    it("sweeps the error (negativeExpiration '10m') but keeps the good value (expiration '3d') the next day", async () => {
      const { fn, calls } = counting(async (id: string) => {
        if (id === 'bad') throw new Error('bad id');
        return `value ${id}`;
      });
      const cached = newManager().wrap(fn, { negativeCache: true, negativeExpiration: '10m', expiration: '3d' });
      await expect(cached('good')).resolves.toBe('value good');
      await expect(cached('bad')).resolves.toBeInstanceOf(Error);
      expect(cached.cacheInfo().currentSize).toBe(2);

      jest.setSystemTime(T0 + DAY);
      await cached.removeExpired();
      expect(cached.cacheInfo().currentSize).toBe(1);
      await expect(cached('good')).resolves.toBe('value good');
      expect(calls).toHaveLength(2);
    });

    it('replaces a stored error with the value once the error expires and the refetch succeeds', async () => {
      let fail = true;
      const { fn } = counting(async (_id: string) => {
        if (fail) throw new Error('flaky');
        return 'ok';
      });
      const cached = newManager().wrap(fn, { negativeCache: true, negativeExpiration: 5 });
      await expect(cached('a')).resolves.toBeInstanceOf(Error);
      fail = false;
      jest.setSystemTime(T0 + 5 * SECOND);
      await expect(cached('a')).resolves.toBe('ok');
      expect(cached.cacheInfo().currentSize).toBe(1);
    });
  });

  describe('wrap() with a data pointer as negativeExpiration', () => {
    class RateLimitError extends Error {
      constructor(readonly retryAfter: number) {
        super(`retry after ${retryAfter} s`);
      }
    }

    it('reads the expiration of a stored error from the error itself', async () => {
      const { fn, calls } = counting(async (_id: string): Promise<string> => {
        throw new RateLimitError(45);
      });
      const cached = newManager().wrap(fn, { negativeCache: true, negativeExpiration: '$.retryAfter' });
      const first = await cached('a');
      expect(first).toBeInstanceOf(RateLimitError);
      jest.setSystemTime(T0 + 45 * SECOND - 1);
      await expect(cached('a')).resolves.toBe(first);
      jest.setSystemTime(T0 + 45 * SECOND);
      await cached('a');
      expect(calls).toHaveLength(2);
    });
  });

  describe("wrap() with negativeCache: 'rethrow'", () => {
    it('rejects every async caller with the stored error until it expires', async () => {
      const failure = new Error('forbidden');
      const { fn, calls } = counting(async (_id: string): Promise<string> => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw failure;
      });
      const cached = newManager().wrap(fn, { negativeCache: 'rethrow' });
      const waiters = Promise.allSettled([cached('a'), cached('a')]);
      await jest.advanceTimersByTimeAsync(5);
      expect((await waiters).map((s) => (s.status === 'rejected' ? s.reason : 'resolved') as unknown)).toEqual([
        failure,
        failure,
      ]);
      jest.setSystemTime(T0 + 5 + 10 * SECOND - 1);
      await expect(cached('a')).rejects.toBe(failure);
      expect(calls).toHaveLength(1);
      expect(cached.cacheInfo().currentSize).toBe(1);

      jest.setSystemTime(T0 + 5 + 10 * SECOND);
      const refetch = cached('a');
      await jest.advanceTimersByTimeAsync(5);
      await expect(refetch).rejects.toBe(failure);
      expect(calls).toHaveLength(2);
    });

    it('throws the stored error to every sync caller until it expires', () => {
      const failure = new Error('forbidden');
      const { fn, calls } = counting((_id: string): string => {
        throw failure;
      });
      const cached = newManager().wrap(fn, { negativeCache: 'rethrow', negativeExpiration: 60 });
      const caught: unknown[] = [];
      for (let i = 0; i < 3; i++) {
        try {
          cached('a');
        } catch (error) {
          caught.push(error);
        }
      }
      expect(caught).toEqual([failure, failure, failure]);
      expect(caught.every((error) => error === failure)).toBe(true);
      expect(calls).toHaveLength(1);
      jest.setSystemTime(T0 + 60 * SECOND);
      expect(() => cached('a')).toThrow(failure);
      expect(calls).toHaveLength(2);
    });
  });

  describe('wrap() with a thrown value that is not an Error', () => {
    it.each([
      ['a string', (): unknown => 'plain string failure'],
      ['an object', (): unknown => ({ code: 42, reason: 'object failure' })],
    ])('shares %s with every waiter and rejects with it as thrown', async (_label, make) => {
      const thrown = make();
      const { fn, calls } = counting(async (_id: string): Promise<string> => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw thrown;
      });
      const cached = newManager().wrap(fn);
      const settled = Promise.allSettled([cached('a'), cached('a'), cached('a')]);
      await jest.advanceTimersByTimeAsync(5);
      const reasons = (await settled).map((s) => (s.status === 'rejected' ? s.reason : 'resolved') as unknown);
      expect(reasons.every((reason) => reason === thrown)).toBe(true);
      expect(calls).toHaveLength(1);
    });

    it.each([
      ['a string', (): unknown => 'plain string failure'],
      ['an object', (): unknown => ({ code: 42, reason: 'object failure' })],
    ])('stores %s with negativeCache: true and returns it as thrown', async (_label, make) => {
      const thrown = make();
      const { fn, calls } = counting(async (_id: string): Promise<string> => {
        throw thrown;
      });
      const cached = newManager().wrap(fn, { negativeCache: true });
      await expect(cached('a')).resolves.toBe(thrown);
      await expect(cached('a')).resolves.toBe(thrown);
      expect(calls).toHaveLength(1);
    });

    it('stores a thrown string from a sync function and returns it', () => {
      const { fn, calls } = counting((_id: string): string => {
        throw 'sync string failure';
      });
      const cached = newManager().wrap(fn, { negativeCache: true });
      expect(cached('a')).toBe('sync string failure');
      expect(cached('a')).toBe('sync string failure');
      expect(calls).toHaveLength(1);
    });

    it("rethrows a stored object with negativeCache: 'rethrow'", async () => {
      const thrown = { code: 7 };
      const { fn, calls } = counting(async (_id: string): Promise<string> => {
        throw thrown;
      });
      const cached = newManager().wrap(fn, { negativeCache: 'rethrow' });
      await expect(cached('a')).rejects.toBe(thrown);
      await expect(cached('a')).rejects.toBe(thrown);
      expect(calls).toHaveLength(1);
    });
  });

  describe('wrap() of a non-async function that returns a promise', () => {
    it('caches the promise with single flight and returns the same promise on a hit', async () => {
      const { fn, calls } = counting(
        (id: string) => new Promise<string>((resolve) => setTimeout(() => resolve(`value ${id}`), 10)),
      );
      const cached = newManager().wrap(fn);
      const first = cached('a');
      const second = cached('a');
      expect(second).toBe(first);
      await jest.advanceTimersByTimeAsync(10);
      await expect(first).resolves.toBe('value a');
      expect(cached('a')).toBe(first);
      expect(calls).toHaveLength(1);
    });

    it('drops a rejected promise: waiters share the rejection and the next call runs again', async () => {
      const failure = new Error('rejected');
      const { fn, calls } = counting(
        (_id: string) => new Promise<string>((_resolve, reject) => setTimeout(() => reject(failure), 10)),
      );
      const cached = newManager().wrap(fn);
      const settled = Promise.allSettled([cached('a'), cached('a')]);
      await jest.advanceTimersByTimeAsync(10);
      expect((await settled).map((s) => (s.status === 'rejected' ? s.reason : 'resolved') as unknown)).toEqual([
        failure,
        failure,
      ]);
      expect(cached.cacheInfo().currentSize).toBe(0);
      const again = cached('a');
      await jest.advanceTimersByTimeAsync(10);
      await expect(again).rejects.toBe(failure);
      expect(calls).toHaveLength(2);
    });

    it('caches a custom thenable as a promise with single flight', async () => {
      const { fn, calls } = counting((id: string): PromiseLike<string> => ({
        then<T1, T2>(resolve?: ((value: string) => T1 | PromiseLike<T1>) | null): PromiseLike<T1 | T2> {
          setTimeout(() => resolve?.(`thenable ${id}`), 10);
          return this as unknown as PromiseLike<T1 | T2>;
        },
      }));
      const cached = newManager().wrap(fn);
      const first = cached('a');
      expect(first).toBeInstanceOf(Promise);
      expect(cached('a')).toBe(first);
      await jest.advanceTimersByTimeAsync(10);
      await expect(first).resolves.toBe('thenable a');
      expect(calls).toHaveLength(1);
    });

    it('waits for the backoff before retrying a rejected promise', async () => {
      jest.spyOn(Math, 'random').mockReturnValue(0);
      const failure = new Error('first try');
      const { fn, calls } = counting((id: string): Promise<string> =>
        calls.length === 1 ? Promise.reject<string>(failure) : Promise.resolve(`value ${id}`),
      );
      const cached = newManager().wrap(fn, { retryCount: 1, backoffInSeconds: 1 });
      const result = cached('a');
      await jest.advanceTimersByTimeAsync(999);
      expect(calls).toHaveLength(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(calls).toHaveLength(2);
      await expect(result).resolves.toBe('value a');
    });

    it('keeps its controls sync: clearCache() and removeExpired() return undefined', async () => {
      const cached = newManager().wrap((id: string) => Promise.resolve(id));
      await cached('a');
      expect(cached.clearCache()).toBeUndefined();
      expect(cached.removeExpired()).toBeUndefined();
      expect(cached.cacheInfo().currentSize).toBe(0);
    });

    it('resolves to the stored error with negativeCache: true, as a promise', async () => {
      const failure = new Error('rejected');
      const { fn, calls } = counting((_id: string) => Promise.reject<string>(failure));
      const cached = newManager().wrap(fn, { negativeCache: true });
      const first = cached('a');
      expect(first).toBeInstanceOf(Promise);
      await expect(first).resolves.toBe(failure);
      const second = cached('a');
      expect(second).toBeInstanceOf(Promise);
      await expect(second).resolves.toBe(failure);
      expect(calls).toHaveLength(1);
    });

    it("rejects with the stored error with negativeCache: 'rethrow', as a promise", async () => {
      const failure = new Error('rejected');
      const { fn, calls } = counting((_id: string) => Promise.reject<string>(failure));
      const cached = newManager().wrap(fn, { negativeCache: 'rethrow' });
      await expect(cached('a')).rejects.toBe(failure);
      const second = cached('a');
      expect(second).toBeInstanceOf(Promise);
      await expect(second).rejects.toBe(failure);
      expect(calls).toHaveLength(1);
    });
  });
});
