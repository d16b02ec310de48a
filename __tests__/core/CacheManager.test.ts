import 'reflect-metadata';
import { injectable } from 'inversify';
import {
  CacheManager,
  EvictionPolicy,
  InvalidCacheConfigError,
  InvalidExpirationError,
  Key,
  KeyEncodingError,
  KeyStrategy,
  ReentrantCallError,
  UnboundedEviction,
  createCacheContainer,
  type KeyCall,
} from '../../src';
import { containerWithClockReading, counting, newManager } from '../support/managers';

describe(CacheManager.name, () => {
  describe('wrap()', () => {
    it('returns the cached value of a sync function without running it again', () => {
      const { fn, calls } = counting((x: number) => ({ doubled: x * 2 }));
      const cached = newManager().wrap(fn);
      const first = cached(2);
      expect(cached(2)).toBe(first);
      expect(first).toEqual({ doubled: 4 });
      expect(calls).toHaveLength(1);
    });

    it('keeps a sync function sync: the result is not a promise', () => {
      const cached = newManager().wrap((x: number) => x + 1);
      expect(cached(1)).toBe(2);
      expect(cached(1)).not.toBeInstanceOf(Promise);
    });

    it('returns the stored promise itself on an async hit', async () => {
      const cached = newManager().wrap(async (x: number) => x + 1);
      const first = cached(1);
      await first;
      expect(cached(1)).toBe(first);
      await expect(cached(1)).resolves.toBe(2);
    });

    it('keeps the name and length of the wrapped function', () => {
      function loadUser(id: string, _region?: string): string {
        return id;
      }
      const cached = newManager().wrap(loadUser);
      expect(cached.name).toBe('loadUser');
      expect(cached.length).toBe(loadUser.length);
      expect(cached.wrapped).toBe(loadUser);
    });

    it('passes `this` through to a wrapped function without keying on it', () => {
      const seen: unknown[] = [];
      const cached = newManager().wrap(function (this: unknown, x: number) {
        seen.push(this);
        return x;
      });
      const a = { cached };
      const b = { cached };
      a.cached(1);
      b.cached(1);
      expect(seen).toEqual([a]);
    });

    it('caches undefined and null results', () => {
      const { fn, calls } = counting((x: number): number | null | undefined => (x === 0 ? undefined : null));
      const cached = newManager().wrap(fn);
      expect(cached(0)).toBeUndefined();
      expect(cached(0)).toBeUndefined();
      expect(cached(1)).toBeNull();
      expect(cached(1)).toBeNull();
      expect(calls).toHaveLength(2);
    });

    it.each([
      ['enabled', 'yes'],
      ['maxsize', -1],
      ['maxsize', 1.5],
      ['retryCount', -1],
      ['backoffInSeconds', Number.NaN],
      ['negativeCache', 'sometimes'],
      ['key', 42],
      ['expiredItemsAutoRemovalPeriod', 'soon'],
      ['exitStackCloseDelay', '1 minute'],
      ['wrapAsyncExitStack', true],
      ['expiraton', '10 minutes'],
    ])('throws InvalidCacheConfigError naming %s when it is %p', (option, value) => {
      const wrapIt = () => newManager().wrap((x: number) => x, { [option]: value } as never);
      expect(wrapIt).toThrow(InvalidCacheConfigError);
      expect(wrapIt).toThrow(option);
      try {
        wrapIt();
      } catch (error) {
        expect((error as InvalidCacheConfigError).problems).toEqual([expect.objectContaining({ option, value })]);
      }
    });

    it('lists every bad option in one error', () => {
      try {
        newManager().wrap((x: number) => x, { maxsize: -3, retryCount: 'x' } as never);
        throw new Error('expected a throw');
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidCacheConfigError);
        expect((error as InvalidCacheConfigError).problems.map((p) => p.option)).toEqual(['maxsize', 'retryCount']);
        expect((error as Error).message).toContain('-3');
      }
    });

    it('throws InvalidExpirationError naming the value when the expiration is the only bad option', () => {
      const wrapIt = () => newManager().wrap((x: number) => x, { expiration: '10 minuts' });
      expect(wrapIt).toThrow(InvalidExpirationError);
      expect(wrapIt).toThrow('"10 minuts"');
    });

    it('throws InvalidCacheConfigError when given something that is not a function', () => {
      expect(() => newManager().wrap(42 as never)).toThrow(InvalidCacheConfigError);
    });
  });

  describe('keys', () => {
    it('keeps 1, "1" and true apart', () => {
      const { fn, calls } = counting((x: unknown) => typeof x);
      const cached = newManager().wrap(fn);
      expect([cached(1), cached('1'), cached(true), cached(1), cached('1'), cached(true)]).toEqual([
        'number',
        'string',
        'boolean',
        'number',
        'string',
        'boolean',
      ]);
      expect(calls).toHaveLength(3);
    });

    it('keeps f(-1) and f(-2) apart (aquiche hashed them together)', () => {
      const cached = newManager().wrap((x: number) => x * 10);
      expect(cached(-1)).toBe(-10);
      expect(cached(-2)).toBe(-20);
    });

    it('treats 0 and -0 as one key and NaN as equal to NaN', () => {
      const { fn, calls } = counting((x: number) => x);
      const cached = newManager().wrap(fn);
      cached(0);
      cached(-0);
      cached(Number.NaN);
      cached(Number.NaN);
      expect(calls).toHaveLength(2);
    });

    it('keys f() and f(undefined) apart: arity counts', () => {
      const { fn, calls } = counting((..._args: unknown[]) => 1);
      const cached = newManager().wrap(fn);
      cached();
      cached(undefined);
      cached();
      cached(undefined);
      expect(calls).toEqual([[], [undefined]]);
    });

    it('keys plain objects by structure, whatever their key order', () => {
      const { fn, calls } = counting((o: object, n: number) => ({ o, n }));
      const cached = newManager().wrap(fn);
      cached({ a: 1, b: 2 }, 1);
      cached({ b: 2, a: 1 }, 1);
      cached({ a: 1, b: 3 }, 1);
      expect(calls).toHaveLength(2);
    });

    it('keys class instances and functions by identity', () => {
      class Point {
        constructor(readonly x: number) {}
      }
      const { fn, calls } = counting((p: unknown) => p);
      const cached = newManager().wrap(fn);
      const p = new Point(1);
      cached(p);
      cached(p);
      cached(new Point(1));
      const f = () => 1;
      cached(f);
      cached(f);
      cached(() => 1);
      expect(calls).toHaveLength(4);
    });

    it('keys a string that starts with NUL apart from the encoded forms', () => {
      const cached = newManager().wrap((x: unknown) => JSON.stringify(x) ?? 'undefined');
      const values = ['\u0000', '\u0000s', '\u0000a1:', {}, [], '', 'a'];
      const results = values.map((v) => cached(v));
      expect(results).toEqual(values.map((v) => JSON.stringify(v)));
    });

    it('rejects a cyclic argument with KeyEncodingError without running the function', async () => {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      let calls = 0;
      const cached = newManager().wrap(async (_o: object) => ++calls);
      await expect(cached(cyclic)).rejects.toBeInstanceOf(KeyEncodingError);
      const sync = newManager().wrap((_o: object) => ++calls);
      expect(() => sync(cyclic)).toThrow(KeyEncodingError);
      expect(calls).toBe(0);
    });

    it('uses one entry whatever the arguments with Key.SINGLE_KEY', () => {
      const { fn, calls } = counting((x: number) => x);
      const cached = newManager().wrap(fn, { key: Key.SINGLE_KEY });
      expect(cached(1)).toBe(1);
      expect(cached(2)).toBe(1);
      expect(calls).toHaveLength(1);
    });

    it('reads a template with parameter names from the source', () => {
      const calls: unknown[] = [];
      const fn = (user: { id: number; name: string }, env: { id: string }): string => {
        calls.push(user);
        return `${user.name}@${env.id}`;
      };
      const cached = newManager().wrap(fn, { key: 'env:{env.id}:id:{user[id]}' });
      expect(cached({ id: 1, name: 'a' }, { id: 'prod' })).toBe('a@prod');
      expect(cached({ id: 1, name: 'b' }, { id: 'prod' })).toBe('a@prod');
      expect(cached({ id: 2, name: 'c' }, { id: 'prod' })).toBe('c@prod');
      expect(calls).toHaveLength(2);
    });

    it('throws InvalidCacheConfigError at wrap time for a template field naming no parameter', () => {
      expect(() => newManager().wrap((id: string) => id, { key: '{userId}' })).toThrow(InvalidCacheConfigError);
    });

    it('uses the result of a key function, encoded like a default key', () => {
      const { fn, calls } = counting((a: number, b: number) => a + b);
      const cached = newManager().wrap(fn, { key: (a: number, b: number) => ({ sum: a + b }) });
      expect(cached(1, 2)).toBe(3);
      expect(cached(2, 1)).toBe(3);
      expect(cached(0, 4)).toBe(4);
      expect(calls).toHaveLength(2);
    });

    it('uses a rebound KeyStrategy for the default key, and an explicit key option beats it', () => {
      @injectable()
      class FirstArgumentKey extends KeyStrategy {
        override keyFor(call: KeyCall): unknown {
          return call.args[0];
        }
      }
      const container = createCacheContainer();
      container.rebind(KeyStrategy).to(FirstArgumentKey);
      const manager = container.get(CacheManager);
      const { fn, calls } = counting((a: number, b: number) => a + b);
      const cached = manager.wrap(fn);
      expect(cached(1, 1)).toBe(2);
      expect(cached(1, 5)).toBe(2);
      expect(calls).toHaveLength(1);
      const explicit = manager.wrap((a: number, b: number) => a + b, { key: '{1}' });
      expect(explicit(1, 1)).toBe(2);
      expect(explicit(5, 1)).toBe(2);
    });
  });

  describe('eviction', () => {
    it('evicts the least recently used entry: maxsize 2, calls 1,2,1,3,1,2 run 1,2,3,2', () => {
      const { fn, calls } = counting((x: number) => x);
      const cached = newManager().wrap(fn, { maxsize: 2 });
      for (const x of [1, 2, 1, 3, 1, 2]) cached(x);
      expect(calls.map(([x]) => x)).toEqual([1, 2, 3, 2]);
      expect(cached.cacheInfo().currentSize).toBe(2);
    });

    it('keeps working after clearing a full cache and after sweeping it', () => {
      const { fn, calls } = counting((x: number) => x);
      const cached = newManager().wrap(fn, { maxsize: 2 });
      cached(1);
      cached(2);
      cached.clearCache();
      for (const x of [3, 4, 5, 5, 4]) cached(x);
      expect(calls.map(([x]) => x)).toEqual([1, 2, 3, 4, 5]);
      cached.removeExpired();
      cached(6);
      expect(cached.cacheInfo().currentSize).toBe(2);
    });

    it('behaves as disabled with maxsize 0: every call runs and is a miss', () => {
      const { fn, calls } = counting((x: number) => x);
      const cached = newManager().wrap(fn, { maxsize: 0 });
      cached(1);
      cached(1);
      expect(calls).toHaveLength(2);
      expect(cached.cacheInfo()).toMatchObject({ hits: 0, misses: 2, currentSize: 0, maxsize: 0 });
    });

    it('stores nothing with enabled: false', () => {
      const { fn, calls } = counting((x: number) => x);
      const cached = newManager().wrap(fn, { enabled: false });
      cached(1);
      cached(1);
      expect(calls).toHaveLength(2);
      expect(cached.cacheInfo()).toMatchObject({ hits: 0, misses: 2, currentSize: 0 });
    });

    it('uses a rebound EvictionPolicy to build the table', () => {
      const container = createCacheContainer();
      container.rebind(EvictionPolicy).to(UnboundedEviction);
      const { fn, calls } = counting((x: number) => x);
      const cached = container.get(CacheManager).wrap(fn, { maxsize: 1 });
      cached(1);
      cached(2);
      cached(1);
      expect(calls).toHaveLength(2);
      expect(cached.cacheInfo().currentSize).toBe(2);
    });
  });

  describe('single flight', () => {
    it('runs an async function once for 1,000 concurrent callers', async () => {
      let release!: (v: string) => void;
      const { fn, calls } = counting((_k: string) => new Promise<string>((resolve) => (release = resolve)));
      const cached = newManager().wrap(fn);
      const waiters = Array.from({ length: 1000 }, () => cached('k'));
      release('value');
      const results = await Promise.all(waiters);
      expect(new Set(results)).toEqual(new Set(['value']));
      expect(calls).toHaveLength(1);
      expect(cached.cacheInfo()).toMatchObject({ hits: 999, misses: 1 });
    });

    it('gives every waiter the same error and stores nothing when the flight fails', async () => {
      const failure = new Error('down');
      const { fn, calls } = counting(async (_k: string) => {
        await Promise.resolve();
        throw failure;
      });
      const cached = newManager().wrap(fn);
      const settled = await Promise.allSettled(Array.from({ length: 100 }, () => cached('k')));
      expect(settled.every((s) => s.status === 'rejected' && s.reason === failure)).toBe(true);
      expect(calls).toHaveLength(1);
      expect(cached.cacheInfo().currentSize).toBe(0);
      await expect(cached('k')).rejects.toBe(failure);
      expect(calls).toHaveLength(2);
    });

    it('caches a promise returned by a non-async function with single flight and keeps its controls sync', async () => {
      const { fn, calls } = counting((x: number) => Promise.resolve(x * 3));
      const cached = newManager().wrap(fn);
      const [a, b] = await Promise.all([cached(1), cached(1)]);
      expect([a, b]).toEqual([3, 3]);
      expect(calls).toHaveLength(1);
      expect(cached.clearCache()).toBeUndefined();
    });

    it('rejects an async function that re-enters its own key after an await with ReentrantCallError', async () => {
      const manager = newManager();
      const cached: (n: number) => Promise<number> = manager.wrap(async (n: number): Promise<number> => {
        await Promise.resolve();
        return cached(n);
      });
      await expect(cached(1)).rejects.toBeInstanceOf(ReentrantCallError);
    });

    it('throws ReentrantCallError when a sync function calls itself with the same key', () => {
      const { fn, calls } = counting((n: number): number => cached(n) + 1);
      const cached: (n: number) => number = newManager().wrap(fn);
      expect(() => cached(1)).toThrow(ReentrantCallError);
      expect(calls).toHaveLength(1);
    });

    it('detects re-entry through another cached function', async () => {
      const manager = newManager();
      const outer: (n: number) => Promise<number> = manager.wrap(async (n: number) => inner(n));
      const inner: (n: number) => Promise<number> = manager.wrap(async (n: number) => {
        await new Promise((resolve) => setImmediate(resolve));
        return outer(n);
      });
      await expect(outer(7)).rejects.toBeInstanceOf(ReentrantCallError);
    });

    it('lets a recursive function call itself with other keys', async () => {
      const fib: (n: number) => Promise<number> = newManager().wrap(async (n: number): Promise<number> =>
        n < 2 ? n : (await fib(n - 1)) + (await fib(n - 2)),
      );
      await expect(fib(30)).resolves.toBe(832040);
    });
  });

  describe('controls', () => {
    it('counts a found entry as a hit and a created one as a miss', () => {
      const cached = newManager().wrap((x: number) => x);
      cached(1);
      cached(1);
      cached(2);
      expect(cached.cacheInfo()).toMatchObject({ hits: 1, misses: 2, currentSize: 2, maxsize: null });
    });

    it('counts an expired, refetched entry as a hit', () => {
      const cached = newManager().wrap((x: number) => x, { expiration: true });
      cached(1);
      cached(1);
      expect(cached.cacheInfo()).toMatchObject({ hits: 1, misses: 1 });
    });

    it('returns frozen parameters with the defaults filled in', () => {
      const cached = newManager().wrap((x: number) => x, { maxsize: 5 });
      const parameters = cached.cacheParameters();
      expect(parameters).toEqual({
        enabled: true,
        key: null,
        maxsize: 5,
        eviction: null,
        maxWeight: null,
        weigh: null,
        expiration: null,
        expiredItemsAutoRemovalPeriod: null,
        negativeCache: false,
        negativeExpiration: '10 seconds',
        retryCount: 0,
        backoffInSeconds: 0,
        wrapAsyncExitStack: null,
        exitStackCloseDelay: null,
        name: null,
        cacheIf: null,
        tags: null,
        staleWhileRevalidate: null,
        staleIfError: null,
        staleIfErrorBackoff: null,
        timeout: null,
        hardTimeout: null,
        shared: false,
      });
      expect(Object.isFrozen(parameters)).toBe(true);
    });

    it('reports the Unix epoch as the last expiration check until the first sweep', () => {
      const cached = newManager().wrap((x: number) => x);
      expect(cached.cacheInfo().lastExpirationCheck.toMillis()).toBe(0);
      expect(cached.cacheInfo().lastExpirationCheck.zoneName).toBe('UTC');
    });

    it('clears entries and statistics; async controls return promises, sync ones nothing', async () => {
      const sync = newManager().wrap((x: number) => x);
      sync(1);
      sync(1);
      expect(sync.clearCache()).toBeUndefined();
      expect(sync.cacheInfo()).toMatchObject({ hits: 0, misses: 0, currentSize: 0 });
      const async = newManager().wrap(async (x: number) => x);
      await async(1);
      const cleared = async.clearCache();
      expect(cleared).toBeInstanceOf(Promise);
      await cleared;
      expect(async.cacheInfo().currentSize).toBe(0);
      await expect(async.removeExpired()).resolves.toBeUndefined();
    });

    it('clearAll() clears every cache of the manager and clearAllSync() only the sync ones', async () => {
      const manager = newManager();
      const sync = manager.wrap((x: number) => x);
      const async = manager.wrap(async (x: number) => x);
      sync(1);
      await async(1);
      manager.clearAllSync();
      expect(sync.cacheInfo().currentSize).toBe(0);
      expect(async.cacheInfo().currentSize).toBe(1);
      await manager.clearAll();
      expect(async.cacheInfo().currentSize).toBe(0);
    });

    it('gives a fetch that completes after clearCache() to its callers without storing it', async () => {
      const releases: Array<(v: number) => void> = [];
      const cached = newManager().wrap((_k: string) => new Promise<number>((resolve) => releases.push(resolve)));
      const before = cached('k');
      await cached.clearCache();
      const after = cached('k');
      expect(after).not.toBe(before);
      expect(releases).toHaveLength(2);
      releases[0](1);
      releases[1](2);
      await expect(before).resolves.toBe(1);
      await expect(after).resolves.toBe(2);
      await expect(cached('k')).resolves.toBe(2);
    });

    it('reads now from the bound Clock', () => {
      let now = 1_000_000;
      const container = containerWithClockReading(() => now);
      const { fn, calls } = counting((x: number) => x);
      const cached = container.get(CacheManager).wrap(fn, { expiration: 60 });
      cached(1);
      now += 59_999;
      cached(1);
      now += 1;
      cached(1);
      expect(calls).toHaveLength(2);
    });
  });

  describe('cacheOf()', () => {
    it('returns the controls of a wrapped function', () => {
      const manager = newManager();
      const cached = manager.wrap((x: number) => x);
      expect(manager.cacheOf(cached)).toBe(cached);
    });

    it('throws InvalidCacheConfigError for a function that is not cached', () => {
      expect(() => newManager().cacheOf(() => 1)).toThrow(InvalidCacheConfigError);
    });
  });
});
