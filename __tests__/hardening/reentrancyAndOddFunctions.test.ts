/**
 * Reentrancy and odd functions (issue 8). The defined behaviour, for the README:
 *
 * Re-entrant calls
 * - A cached function that calls itself with the SAME key before its flight has settled gets
 *   `ReentrantCallError` instead of waiting for itself: a sync function's inner call throws it; an
 *   async function's inner call rejects with it — also after an `await`, and also when the cycle
 *   goes through other cached functions (A(k) → B(k) → A(k)). Unless the function catches it, the
 *   outer call fails with it too, and nothing is stored (the next call runs the function again).
 * - Recursion on OTHER keys is ordinary (fib(n) calling fib(n - 1) is cached per n), and a caller
 *   outside the flight joins it as usual (single flight), it is not re-entrant.
 *
 * Non-Error throws
 * - A thrown value that is not an `Error` (a string, a plain object, `undefined`) reaches the caller
 *   exactly as thrown (same identity); concurrent callers of an async flight all get that same value.
 * - `negativeCache: true` stores it and RETURNS it, as thrown, to later callers (a sync function
 *   returns it; an async one resolves to it) without running the function; `'rethrow'` stores it and
 *   throws/rejects with it. Without negative caching nothing is stored.
 *
 * Odd results
 * - `undefined` and `null` are ordinary values: cached, the function runs once.
 * - A thenable that is not a `Promise`, returned by a non-async function, is cached as a `Promise`
 *   (the caller gets a real Promise; concurrent callers share it). When it rejects, every caller of
 *   that flight gets the reason and nothing is kept (the next call runs again); with
 *   `negativeCache: true` the reason is stored and later calls get a promise resolving to it.
 *
 * Clearing during a flight
 * - A flight that settles after `clearCache()` still answers its own callers, but its value is not
 *   stored; a call made after the clear starts a new flight instead of joining the old one.
 * - A sync function that clears its own cache while it computes returns its value, which is not stored.
 */
import { CacheManager, type CacheOptions, type CachedFunction, ReentrantCallError } from '../../src';
import { newManager } from './hardeningFixtures';

describe(CacheManager.name, () => {
  describe('wrap() with re-entrant calls', () => {
    it('throws ReentrantCallError when a sync function calls itself with the same key', () => {
      const manager = newManager();
      let calls = 0;
      const self: CachedFunction<(n: number) => number> = manager.wrap((n: number): number => {
        calls++;
        return self(n) + 1;
      });
      expect(() => self(1)).toThrow(ReentrantCallError);
      expect(calls).toBe(1);
      expect(self.cacheInfo().currentSize).toBe(0);
      expect(() => self(1)).toThrow(ReentrantCallError);
      expect(calls).toBe(2);
    });

    it('lets the sync function catch the ReentrantCallError and store its own answer', () => {
      const manager = newManager();
      let inner: unknown;
      const self: CachedFunction<(n: number) => string> = manager.wrap((n: number): string => {
        try {
          return self(n);
        } catch (error) {
          inner = error;
          return 'fallback';
        }
      });
      expect(self(1)).toBe('fallback');
      expect(inner).toBeInstanceOf(ReentrantCallError);
      expect(self(1)).toBe('fallback');
      expect(self.cacheInfo()).toMatchObject({ currentSize: 1 });
    });

    it.each([
      ['before its first await', false],
      ['after an await', true],
    ])(
      'rejects with ReentrantCallError when an async function calls itself with the same key %s',
      async (_label, awaitFirst) => {
        const manager = newManager();
        let calls = 0;
        const self: CachedFunction<(n: number) => Promise<number>> = manager.wrap(
          async (n: number): Promise<number> => {
            calls++;
            if (awaitFirst) await new Promise((resolve) => setImmediate(resolve));
            return (await self(n)) + 1;
          },
        );
        await expect(self(1)).rejects.toBeInstanceOf(ReentrantCallError);
        expect(calls).toBe(1);
        expect(self.cacheInfo().currentSize).toBe(0);
      },
    );

    it('rejects with ReentrantCallError when the cycle goes through another cached function', async () => {
      const manager = newManager();
      const first: (k: string) => Promise<string> = manager.wrap(async (k: string) => `first ${await second(k)}`);
      const second: (k: string) => Promise<string> = manager.wrap(async (k: string) => {
        await Promise.resolve();
        return `second ${await first(k)}`;
      });
      await expect(first('k')).rejects.toBeInstanceOf(ReentrantCallError);
    });

    it('caches recursion on other keys, sync and async', async () => {
      const manager = newManager();
      let syncCalls = 0;
      const fib: (n: number) => number = manager.wrap((n: number): number => {
        syncCalls++;
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
      });
      expect(fib(40)).toBe(102_334_155);
      expect(syncCalls).toBe(41);
      let asyncCalls = 0;
      const fibAsync: (n: number) => Promise<number> = manager.wrap(async (n: number): Promise<number> => {
        asyncCalls++;
        await Promise.resolve();
        return n < 2 ? n : (await fibAsync(n - 1)) + (await fibAsync(n - 2));
      });
      await expect(fibAsync(30)).resolves.toBe(832_040);
      expect(asyncCalls).toBe(31);
    });

    it('lets an outside caller join a flight rather than fail as re-entrant', async () => {
      const manager = newManager();
      let release!: (value: string) => void;
      let calls = 0;
      const cached = manager.wrap(async (_k: string) => {
        calls++;
        return new Promise<string>((resolve) => (release = resolve));
      });
      const first = cached('k');
      const second = cached('k');
      await Promise.resolve();
      release('v');
      await expect(Promise.all([first, second])).resolves.toEqual(['v', 'v']);
      expect(calls).toBe(1);
    });
  });

  describe('wrap() with functions that throw values that are not Errors', () => {
    const thrownValues: ReadonlyArray<readonly [string, unknown]> = [
      ['a string', 'plain string'],
      ['a plain object', { reason: 'object' }],
      ['undefined', undefined],
    ];

    it.each(thrownValues)(
      'throws %s as it was thrown, storing nothing without negative caching (sync)',
      (_label, value) => {
        let calls = 0;
        const cached = newManager().wrap((_k: string): string => {
          calls++;
          throw value;
        });
        for (let i = 1; i <= 2; i++) {
          let caught: unknown = 'nothing thrown';
          try {
            cached('k');
          } catch (error) {
            caught = error;
          }
          expect(caught).toBe(value);
          expect(calls).toBe(i);
        }
      },
    );

    it.each(thrownValues)('rejects every concurrent caller with the same %s (async)', async (_label, value) => {
      let calls = 0;
      const cached = newManager().wrap(async (_k: string): Promise<string> => {
        calls++;
        await Promise.resolve();
        throw value;
      });
      const outcomes = await Promise.all(
        [cached('k'), cached('k'), cached('k')].map((p) =>
          p.then(
            () => 'resolved',
            (e: unknown) => e,
          ),
        ),
      );
      expect(outcomes).toEqual([value, value, value]);
      for (const outcome of outcomes) expect(outcome).toBe(value);
      expect(calls).toBe(1);
    });

    it.each(thrownValues)(
      'stores %s with negativeCache true and returns it as thrown (sync and async)',
      async (_label, value) => {
        let calls = 0;
        const manager = newManager();
        const sync = manager.wrap(
          (_k: string): string => {
            calls++;
            throw value;
          },
          { negativeCache: true },
        );
        expect(sync('k')).toBe(value);
        expect(sync('k')).toBe(value);
        const async = manager.wrap(
          async (_k: string): Promise<string> => {
            calls++;
            throw value;
          },
          { negativeCache: true },
        );
        await expect(async('k')).resolves.toBe(value);
        await expect(async('k')).resolves.toBe(value);
        expect(calls).toBe(2);
      },
    );

    it.each(thrownValues)(
      "stores %s with negativeCache 'rethrow' and throws it to every later caller",
      async (_label, value) => {
        let calls = 0;
        const cached = newManager().wrap(
          async (_k: string): Promise<string> => {
            calls++;
            throw value;
          },
          { negativeCache: 'rethrow' },
        );
        for (let i = 0; i < 2; i++)
          await expect(
            cached('k').then(
              () => 'resolved',
              (e: unknown) => ({ e }),
            ),
          ).resolves.toEqual({ e: value });
        expect(calls).toBe(1);
      },
    );
  });

  describe('wrap() with odd results', () => {
    it.each([
      ['undefined', undefined, {}],
      ['null', null, {}],
      ['undefined (expiring table)', undefined, { expiration: 60 }],
      ['null (bounded table)', null, { maxsize: 2 }],
    ])('caches %s as an ordinary value, sync and async', async (_label, value, options) => {
      let calls = 0;
      const manager = newManager();
      const sync = manager.wrap((_k: string) => {
        calls++;
        return value;
      }, options);
      expect([sync('k'), sync('k')]).toEqual([value, value]);
      const async = manager.wrap(async (_k: string) => {
        calls++;
        return value;
      }, options);
      await expect(async('k')).resolves.toBe(value);
      await expect(async('k')).resolves.toBe(value);
      expect(calls).toBe(2);
      expect(sync.cacheInfo()).toMatchObject({ hits: 1, misses: 1, currentSize: 1 });
    });

    /** A thenable that is not a Promise, settled by hand (before or after its `then` is called). */
    function handThenable() {
      let outcome: { ok: boolean; value: unknown } | null = null;
      const callbacks: Array<[(v: unknown) => void, (e: unknown) => void]> = [];
      const deliver = ([onFulfilled, onRejected]: [(v: unknown) => void, (e: unknown) => void]): void => {
        if (outcome!.ok) onFulfilled(outcome!.value);
        else onRejected(outcome!.value);
      };
      const thenable = {
        then(onFulfilled: (v: unknown) => void, onRejected: (e: unknown) => void): void {
          if (outcome === null) callbacks.push([onFulfilled, onRejected]);
          else deliver([onFulfilled, onRejected]);
        },
      };
      const settle = (ok: boolean, value: unknown): void => {
        outcome = { ok, value };
        for (const callback of callbacks.splice(0)) deliver(callback);
      };
      return { thenable, settle };
    }

    /**
     * A cached `(k) => thenable` (wrapped with `options`) that counts its runs in `source.calls` and
     * returns a fresh {@link handThenable} on each run, the latest in `source.current`.
     */
    function cachedThenableSource(options?: CacheOptions) {
      const source = { calls: 0, current: handThenable() };
      const cached = newManager().wrap((_k: string) => {
        source.calls++;
        source.current = handThenable();
        return source.current.thenable as unknown as Promise<string>;
      }, options);
      return { cached, source };
    }

    it('caches a resolved custom thenable as a real Promise shared by concurrent callers', async () => {
      const { cached, source } = cachedThenableSource();
      const first = cached('k');
      const second = cached('k');
      expect(first).toBeInstanceOf(Promise);
      expect(second).toBe(first);
      source.current.settle(true, 'v');
      await expect(first).resolves.toBe('v');
      await expect(cached('k')).resolves.toBe('v');
      expect(source.calls).toBe(1);
    });

    it('rejects every caller of a rejected custom thenable and keeps nothing', async () => {
      const { cached, source } = cachedThenableSource();
      const first = cached('k');
      const second = cached('k');
      const reason = { not: 'an Error' };
      source.current.settle(false, reason);
      await expect(first).rejects.toBe(reason);
      await expect(second).rejects.toBe(reason);
      const third = cached('k');
      expect(source.calls).toBe(2);
      source.current.settle(true, 'recovered');
      await expect(third).resolves.toBe('recovered');
      expect(cached.cacheInfo().currentSize).toBe(1);
    });

    it('stores the reason of a rejected custom thenable with negativeCache true and resolves later calls to it', async () => {
      const { cached, source } = cachedThenableSource({ negativeCache: true });
      const first = cached('k');
      const error = new Error('thenable failed');
      source.current.settle(false, error);
      await expect(first).resolves.toBe(error);
      await expect(cached('k')).resolves.toBe(error);
      expect(source.calls).toBe(1);
    });
  });

  describe('clearCache() during a flight', () => {
    it.each([
      ['an async function (plain table)', {}],
      ['an async function (expiring table)', { expiration: 60 }],
      ['an async function (bounded table)', { maxsize: 3 }],
    ])(
      'answers the callers of a flight that settles after clearCache() but stores nothing, for %s',
      async (_label, options) => {
        const releases: Array<(value: string) => void> = [];
        let calls = 0;
        const cached = newManager().wrap(async (_k: string) => {
          calls++;
          return new Promise<string>((resolve) => releases.push(resolve));
        }, options);
        const before = cached('k');
        await Promise.resolve();
        await cached.clearCache();
        const after = cached('k');
        expect(calls).toBe(2);
        releases[0]('old');
        await expect(before).resolves.toBe('old');
        releases[1]('new');
        await expect(after).resolves.toBe('new');
        await expect(cached('k')).resolves.toBe('new');
        expect(calls).toBe(2);
        expect(cached.cacheInfo().currentSize).toBe(1);
      },
    );

    it('answers but does not store when only the old flight was pending at the clear', async () => {
      let release!: (value: string) => void;
      let calls = 0;
      const cached = newManager().wrap(async (_k: string) => {
        calls++;
        return new Promise<string>((resolve) => (release = resolve));
      });
      const before = cached('k');
      await Promise.resolve();
      await cached.clearCache();
      release('old');
      await expect(before).resolves.toBe('old');
      expect(cached.cacheInfo().currentSize).toBe(0);
      const next = cached('k');
      expect(calls).toBe(2);
      release('fresh');
      await expect(next).resolves.toBe('fresh');
    });

    it('returns the value of a sync function that clears its own cache while computing, without storing it', () => {
      let calls = 0;
      const cached: CachedFunction<(k: string) => string> = newManager().wrap(
        (_k: string) => {
          calls++;
          cached.clearCache();
          return `value ${calls}`;
        },
        { expiration: 60 },
      );
      expect(cached('k')).toBe('value 1');
      expect(cached('k')).toBe('value 2');
      expect(cached.cacheInfo().currentSize).toBe(0);
    });
  });
});
