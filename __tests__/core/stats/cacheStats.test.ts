import 'reflect-metadata';
import { injectable } from 'inversify';
import {
  Cacheable,
  CacheManager,
  cacheOf,
  createCacheContainer,
  InvalidCacheConfigError,
  KeyEncodingError,
  ReentrantCallError,
  withCacheScope,
  type CacheStats,
} from '../../../src';
import { T0, useFakeTimeAtT0 } from '../../support/fakeTime';
import { counting, newManager } from '../../support/managers';
import { after, flush, recordChannels, timeRunsOnFakeClock } from '../../support/observing';

/** The counters of a snapshot (everything but `name` and `evictions`). */
const counts = ({ hits, misses, staleHits, loads, loadFailures }: CacheStats) => ({
  hits,
  misses,
  staleHits,
  loads,
  loadFailures,
});

/** The non-zero eviction counts of a snapshot. */
const evicted = (stats: CacheStats): Record<string, number> =>
  Object.fromEntries(Object.entries(stats.evictions).filter(([, n]) => n !== 0));

describe(CacheManager.name, () => {
  useFakeTimeAtT0();

  describe('cacheStats()', () => {
    it('returns a frozen snapshot with every field, all zero before the first call', () => {
      const stats = newManager()
        .wrap((x: number) => x)
        .cacheStats();
      expect(Object.isFrozen(stats)).toBe(true);
      expect(Object.isFrozen(stats.evictions)).toBe(true);
      expect(stats).toEqual({
        name: 'anonymous',
        hits: 0,
        misses: 0,
        staleHits: 0,
        loads: 0,
        loadFailures: 0,
        loadTimeMs: 0,
        evictions: { replaced: 0, expired: 0, evicted: 0, cleared: 0, unbound: 0, failed: 0, invalidated: 0 },
        currentSize: 0,
      });
    });

    it('counts hits, misses and loads of a sync function', () => {
      const cached = newManager().wrap(function square(x: number) {
        return x * x;
      });
      cached(1);
      cached(1);
      cached(2);
      cached(1);
      expect(counts(cached.cacheStats())).toEqual({ hits: 2, misses: 2, staleHits: 0, loads: 2, loadFailures: 0 });
      expect(cached.cacheStats().currentSize).toBe(2);
      expect(cached.cacheInfo()).toMatchObject({ hits: 2, misses: 2 });
    });

    it('counts a call that waited on a fetch as a miss, where cacheInfo() counts it as a hit', async () => {
      const cached = newManager().wrap(async (x: number) => after(100, () => x));
      const first = cached(1);
      const second = cached(1);
      expect(counts(cached.cacheStats())).toEqual({ hits: 0, misses: 2, staleHits: 0, loads: 1, loadFailures: 0 });
      expect(cached.cacheInfo()).toMatchObject({ hits: 1, misses: 1 });
      await jest.advanceTimersByTimeAsync(100);
      await expect(Promise.all([first, second])).resolves.toEqual([1, 1]);
      await cached(1);
      expect(counts(cached.cacheStats())).toEqual({ hits: 1, misses: 2, staleHits: 0, loads: 1, loadFailures: 0 });
      expect(cached.cacheInfo()).toMatchObject({ hits: 2, misses: 1 });
    });

    it('counts a call that found its entry expired and refetched as a miss (cacheInfo(): a hit)', () => {
      const cached = newManager().wrap((x: number) => x, { expiration: '1 minute' });
      cached(1);
      cached(1);
      jest.advanceTimersByTime(60_000);
      cached(1);
      expect(counts(cached.cacheStats())).toEqual({ hits: 1, misses: 2, staleHits: 0, loads: 2, loadFailures: 0 });
      expect(cached.cacheInfo()).toMatchObject({ hits: 2, misses: 1 });
    });

    it('counts a call of a sync-kind function that waited on its returned promise as a miss', async () => {
      const cached = newManager().wrap((x: number) => after(50, () => x));
      const first = cached(1);
      const second = cached(1);
      await jest.advanceTimersByTimeAsync(50);
      await expect(Promise.all([first, second])).resolves.toEqual([1, 1]);
      await cached(1);
      expect(counts(cached.cacheStats())).toEqual({ hits: 1, misses: 2, staleHits: 0, loads: 1, loadFailures: 0 });
    });

    it('counts a stale-while-revalidate result as a stale hit, and its background refresh as a load', async () => {
      const { fn, calls } = counting((x: number) => x * 10);
      const cached = newManager().wrap(fn, { expiration: '1 minute', staleWhileRevalidate: '1 minute' });
      cached(1);
      jest.advanceTimersByTime(60_000);
      expect(cached(1)).toBe(10);
      expect(cached(1)).toBe(10);
      expect(calls).toHaveLength(1);
      await flush(); // the sync function's refresh runs in a setImmediate
      expect(calls).toHaveLength(2);
      cached(1);
      expect(counts(cached.cacheStats())).toEqual({ hits: 3, misses: 1, staleHits: 2, loads: 2, loadFailures: 0 });
      expect(cached.cacheInfo()).toMatchObject({ hits: 3, misses: 1, staleHits: 2 });
      expect(evicted(cached.cacheStats())).toEqual({ replaced: 1 });
    });

    it('counts an async stale-while-revalidate result as a stale hit', async () => {
      let version = 0;
      const cached = newManager().wrap(async (_x: number) => ++version, {
        expiration: '1 minute',
        staleWhileRevalidate: '1 minute',
      });
      await cached(1);
      jest.advanceTimersByTime(60_000);
      await expect(cached(1)).resolves.toBe(1);
      await flush();
      await expect(cached(1)).resolves.toBe(2);
      expect(counts(cached.cacheStats())).toEqual({ hits: 2, misses: 1, staleHits: 1, loads: 2, loadFailures: 0 });
    });

    it('counts staleIfError: the failing fetch is a miss and a load failure, calls in its backoff stale hits', async () => {
      let fail = false;
      const cached = newManager().wrap(
        async (x: number) => {
          if (fail) throw new Error('down');
          return x;
        },
        { expiration: '1 minute', staleIfError: '10 minutes', staleIfErrorBackoff: '30 seconds' },
      );
      const handle = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      await cached(1);
      fail = true;
      jest.advanceTimersByTime(60_000);
      await expect(cached(1)).resolves.toBe(1); // waited on the failing fetch: a miss
      await expect(cached(1)).resolves.toBe(1); // inside the backoff: a stale hit
      expect(counts(cached.cacheStats())).toEqual({ hits: 1, misses: 2, staleHits: 1, loads: 2, loadFailures: 1 });
      expect(handle).toHaveBeenCalledTimes(1);
    });

    it('counts a soft timeout: the caller that waited is a miss, a call after it fired a stale hit', async () => {
      let slow = false;
      const cached = newManager().wrap(async (x: number) => (slow ? after(1000, () => x + 1) : x), {
        expiration: '1 minute',
        staleIfError: '10 minutes',
        timeout: 0.1,
      });
      await cached(1);
      slow = true;
      jest.advanceTimersByTime(60_000);
      const waited = cached(1);
      await jest.advanceTimersByTimeAsync(100);
      await expect(waited).resolves.toBe(1);
      await expect(cached(1)).resolves.toBe(1);
      expect(counts(cached.cacheStats())).toEqual({ hits: 1, misses: 2, staleHits: 1, loads: 2, loadFailures: 0 });
      await jest.advanceTimersByTimeAsync(900);
      await expect(cached(1)).resolves.toBe(2);
    });

    it('counts every run of an async function, retries included, and the failed ones', async () => {
      let runs = 0;
      const cached = newManager().wrap(
        async (x: number) => {
          runs += 1;
          if (runs < 3) throw new Error(`run ${runs}`);
          return x;
        },
        { retryCount: 2 },
      );
      const result = cached(7);
      await flush();
      await expect(result).resolves.toBe(7);
      expect(counts(cached.cacheStats())).toEqual({ hits: 0, misses: 1, staleHits: 0, loads: 3, loadFailures: 2 });
    });

    it('counts every run of a sync function retried at once, and a call whose every attempt failed', () => {
      let runs = 0;
      const cached = newManager().wrap(
        (x: number) => {
          runs += 1;
          if (runs !== 3) throw new Error(`run ${runs}`);
          return x;
        },
        { retryCount: 2 },
      );
      expect(cached(1)).toBe(1);
      expect(() => cached(2)).toThrow('run 6');
      expect(counts(cached.cacheStats())).toEqual({ hits: 0, misses: 2, staleHits: 0, loads: 6, loadFailures: 5 });
    });

    it('sums the wall time of every run in loadTimeMs, and not the backoff between retries', async () => {
      timeRunsOnFakeClock();
      jest.spyOn(Math, 'random').mockReturnValue(0);
      let runs = 0;
      const cached = newManager().wrap(
        async (x: number) => {
          runs += 1;
          return after(runs === 1 ? 100 : 250, () => {
            if (runs === 1) throw new Error('first');
            return x;
          });
        },
        { retryCount: 1, backoffInSeconds: 1 },
      );
      const result = cached(1);
      await jest.advanceTimersByTimeAsync(100 + 1000 + 250);
      await expect(result).resolves.toBe(1);
      expect(cached.cacheStats()).toMatchObject({ loads: 2, loadFailures: 1, loadTimeMs: 350 });
    });

    it('counts no time for a retry that throws synchronously, after a rejection and a backoff', async () => {
      timeRunsOnFakeClock();
      jest.spyOn(Math, 'random').mockReturnValue(0);
      let runs = 0;
      // A sync-kind function returning a promise: its retry may throw before returning one.
      const cached = newManager().wrap(
        (_x: number): Promise<number> => {
          runs += 1;
          if (runs === 2) throw new Error('sync');
          return after(100, () => {
            throw new Error('async');
          });
        },
        { retryCount: 1, backoffInSeconds: 1 },
      );
      const result = cached(1);
      const settled = result.catch((error: unknown) => error);
      await jest.advanceTimersByTimeAsync(100 + 1000);
      expect(((await settled) as Error).message).toBe('sync');
      expect(cached.cacheStats()).toMatchObject({ loads: 2, loadFailures: 2, loadTimeMs: 100 });
    });

    it('sums the time of sync runs', () => {
      timeRunsOnFakeClock();
      const cached = newManager().wrap((x: number) => {
        jest.advanceTimersByTime(40);
        return x;
      });
      cached(1);
      cached(2);
      cached(2);
      expect(cached.cacheStats().loadTimeMs).toBe(80);
    });

    it('keeps every counter when clearCache() resets cacheInfo()', async () => {
      const cached = newManager().wrap(async (x: number) => x);
      await cached(1);
      await cached(1);
      await cached.clearCache();
      expect(cached.cacheInfo()).toMatchObject({ hits: 0, misses: 0, currentSize: 0 });
      expect(cached.cacheStats()).toMatchObject({ hits: 1, misses: 1, loads: 1, currentSize: 0 });
      expect(evicted(cached.cacheStats())).toEqual({ cleared: 1 });
      await cached(1);
      expect(cached.cacheStats()).toMatchObject({ hits: 1, misses: 2, loads: 2 });
      expect(cached.cacheInfo()).toMatchObject({ hits: 0, misses: 1 });
    });

    it('counts no call that never reached the cache: unkeyable, bypassed or already aborted', async () => {
      const cached = newManager().wrap(async (x: unknown) => x);
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      await expect(cached(cyclic)).rejects.toThrow(KeyEncodingError);
      await expect(withCacheScope({ bypass: true }, () => cached(1))).resolves.toBe(1);
      const aborted = AbortSignal.abort(new Error('gone'));
      await expect(withCacheScope({ signal: aborted }, () => cached(1))).rejects.toThrow('gone');
      expect(counts(cached.cacheStats())).toEqual({ hits: 0, misses: 0, staleHits: 0, loads: 0, loadFailures: 0 });
    });

    it('counts a re-entrant call, which fails with ReentrantCallError, as a miss', () => {
      const self: { call?: (x: number) => number } = {};
      const cached = newManager().wrap((x: number): number => (x > 0 ? self.call!(x) : 0));
      self.call = cached;
      expect(() => cached(1)).toThrow(ReentrantCallError);
      expect(counts(cached.cacheStats())).toEqual({ hits: 0, misses: 2, staleHits: 0, loads: 1, loadFailures: 1 });
    });

    it('counts every call of a disabled cache as a miss', () => {
      const cached = newManager().wrap((x: number) => x, { enabled: false });
      cached(1);
      cached(1);
      expect(counts(cached.cacheStats())).toEqual({ hits: 0, misses: 2, staleHits: 0, loads: 0, loadFailures: 0 });
    });
  });

  describe('cacheStats() evictions', () => {
    it.each([
      ['a plain sync cache', {}],
      ['a rich sync cache', { expiration: '1 hour' }],
    ])("counts an entry evicted by the size bound as 'evicted' (%s)", (_label, options) => {
      const cached = newManager().wrap((x: number) => x, { maxsize: 2, ...options });
      cached(1);
      cached(2);
      cached(3);
      cached(4);
      expect(evicted(cached.cacheStats())).toEqual({ evicted: 2 });
      expect(cached.cacheStats().currentSize).toBe(2);
    });

    it.each([
      ['W-TinyLFU', { maxsize: 2, eviction: 'w-tinylfu' }],
      ['the weight bound (LRU)', { maxWeight: 2, weigh: (): number => 1 }],
      ['the weight bound (W-TinyLFU)', { maxWeight: 2, weigh: (): number => 1, eviction: 'w-tinylfu' }],
    ] as const)("counts an entry evicted by %s as 'evicted', and publishes its removal", (_label, options) => {
      const recorder = recordChannels((cache) => cache === 'statsEvictedBy');
      try {
        const cached = newManager().wrap((x: number) => x, { name: 'statsEvictedBy', ...options });
        for (let x = 1; x <= 5; x++) cached(x);
        expect(evicted(cached.cacheStats())).toEqual({ evicted: 3 });
        expect(cached.cacheStats().currentSize).toBe(2);
        expect(recorder.removals()).toEqual(['evicted', 'evicted', 'evicted']);
      } finally {
        recorder.stop();
      }
    });

    it("counts a refetched entry as 'replaced' and a swept one as 'expired'", async () => {
      const cached = newManager().wrap((x: number) => x, { expiration: '1 minute' });
      cached(1);
      cached(2);
      jest.advanceTimersByTime(60_000);
      cached(1);
      cached.removeExpired();
      await flush();
      expect(evicted(cached.cacheStats())).toEqual({ replaced: 1, expired: 1 });
      expect(cached.cacheStats().currentSize).toBe(1);
    });

    it("counts a value replaced by set() as 'replaced', in a plain and a rich cache", async () => {
      const plain = newManager().wrap(async (x: number) => x);
      await plain(1);
      await plain.set(5, 1);
      const rich = newManager().wrap(async (x: number) => x, { expiration: '1 hour' });
      await rich(1);
      await rich.set(5, 1);
      expect(evicted(plain.cacheStats())).toEqual({ replaced: 1 });
      expect(evicted(rich.cacheStats())).toEqual({ replaced: 1 });
    });

    it("counts an entry whose refetch failed and stored nothing as 'failed'", async () => {
      let fail = false;
      const cached = newManager().wrap(
        async (x: number) => {
          if (fail) throw new Error('down');
          return x;
        },
        { expiration: '1 minute' },
      );
      await cached(1);
      fail = true;
      jest.advanceTimersByTime(60_000);
      await expect(cached(1)).rejects.toThrow('down');
      expect(evicted(cached.cacheStats())).toEqual({ failed: 1 });
      expect(cached.cacheStats().currentSize).toBe(0);
    });

    it("counts a stored error replaced by a value as 'replaced'", () => {
      let fail = true;
      const cached = newManager().wrap(
        (x: number) => {
          if (fail) throw new Error('down');
          return x;
        },
        { negativeCache: true, negativeExpiration: '10 seconds' },
      );
      expect(cached(1)).toBeInstanceOf(Error);
      fail = false;
      jest.advanceTimersByTime(10_000);
      expect(cached(1)).toBe(1);
      expect(evicted(cached.cacheStats())).toEqual({ replaced: 1 });
    });

    it.each([
      ['a plain cache', {}],
      ['a rich cache', { expiration: '1 hour' }],
    ])(
      "counts invalidate(), clearCache() and close() as 'invalidated', 'cleared' and 'unbound' (%s)",
      async (_l, o) => {
        const manager = newManager();
        const cached = manager.wrap(async (x: number) => x, o);
        await Promise.all([cached(1), cached(2), cached(3)]);
        await cached.invalidate(1);
        await cached.clearCache();
        await Promise.all([cached(1), cached(2)]);
        await manager.close();
        expect(evicted(cached.cacheStats())).toEqual({ invalidated: 1, cleared: 2, unbound: 2 });
      },
    );

    it.each([
      ['a plain cache', {}],
      ['a rich cache', { expiration: '1 hour' }],
    ])(
      'counts no removal for a flight that was cleared, invalidated or evicted before it stored (%s)',
      async (_l, o) => {
        const manager = newManager();
        const cached = manager.wrap(async (x: number) => after(100, () => x), { maxsize: 1, ...o });
        const cleared = cached(1);
        await cached.clearCache();
        const invalidated = cached(2);
        await cached.invalidate(2);
        const evictedFlight = cached(3);
        const evictor = cached(4);
        await jest.advanceTimersByTimeAsync(100);
        await expect(Promise.all([cleared, invalidated, evictedFlight, evictor])).resolves.toEqual([1, 2, 3, 4]);
        const stats = cached.cacheStats();
        expect(evicted(stats)).toEqual({});
        expect(stats.currentSize).toBe(1);
      },
    );
  });

  describe('cacheStats() evictions when set() replaces a flight', () => {
    it.each([
      ['a plain async cache', async (x: number) => after(100, () => x), {}],
      ['a rich async cache', async (x: number) => after(100, () => x), { expiration: '1 hour' }],
      ['a plain sync-kind cache returning promises', (x: number) => after(100, () => x), {}],
    ])('counts no removal for the flight, and one for the value set() replaces next (%s)', async (_l, fn, o) => {
      const cached = newManager().wrap(fn, o);
      const flight = cached(1);
      await cached.set(Promise.resolve(5), 1);
      await flush();
      expect(evicted(cached.cacheStats())).toEqual({});
      await cached.set(Promise.resolve(6), 1);
      await flush();
      expect(evicted(cached.cacheStats())).toEqual({ replaced: 1 });
      await jest.advanceTimersByTimeAsync(100);
      await expect(flight).resolves.toBe(1);
      await expect(cached(1)).resolves.toBe(6);
    });
  });

  describe('the name option', () => {
    it('names a wrapped function after itself, an anonymous one "anonymous", and lets `name` win', () => {
      const manager = newManager();
      function loadUser(id: string): string {
        return id;
      }
      const makeAnonymous = (): ((x: number) => number) => (x) => x;
      expect(manager.wrap(loadUser).cacheStats().name).toBe('loadUser');
      expect(manager.wrap(makeAnonymous()).cacheStats().name).toBe('anonymous');
      const named = manager.wrap(loadUser, { name: 'users' });
      expect(named.cacheStats().name).toBe('users');
      expect(named.cacheParameters().name).toBe('users');
      expect(manager.wrap(loadUser).cacheParameters().name).toBeNull();
    });

    it.each([[''], [42], [{ toString: () => 'users' }]])(
      'rejects name %p at wrap time with InvalidCacheConfigError naming the value',
      (name) => {
        const wrap = () => newManager().wrap((x: number) => x, { name: name as never });
        expect(wrap).toThrow(InvalidCacheConfigError);
        expect(wrap).toThrow(/name = .* \(expected a non-empty string or null\)/);
      },
    );

    it('names a decorated method Class.method, in its controls and in manager.stats()', () => {
      @injectable()
      class PriceService {
        @Cacheable()
        price(sku: string): number {
          return sku.length;
        }

        @Cacheable({ name: 'stock' })
        stock(sku: string): number {
          return sku.length;
        }
      }
      const container = createCacheContainer();
      container.bind(PriceService).toSelf();
      const service = container.get(PriceService);
      service.price('a');
      service.price('a');
      service.stock('b');
      const manager = container.get(CacheManager);
      expect(manager.cacheOf(service.price).cacheStats()).toMatchObject({ name: 'PriceService.price', hits: 1 });
      expect(cacheOf(service.stock).cacheStats().name).toBe('stock');
      expect(
        manager
          .stats()
          .map((stats) => stats.name)
          .sort(),
      ).toEqual(['PriceService.price', 'stock']);
    });
  });

  describe('stats()', () => {
    it('returns one snapshot per cache of the manager, and none of another manager', async () => {
      const manager = newManager();
      const a = manager.wrap((x: number) => x, { name: 'a' });
      const b = manager.wrap(async (x: number) => x, { name: 'b' });
      newManager().wrap((x: number) => x, { name: 'elsewhere' })(1);
      a(1);
      a(1);
      await b(1);
      const all = manager.stats();
      expect(all.map((stats) => [stats.name, stats.hits, stats.misses])).toEqual([
        ['a', 1, 1],
        ['b', 0, 1],
      ]);
      expect(all.every((stats) => Object.isFrozen(stats))).toBe(true);
      expect(Date.now()).toBe(T0);
    });
  });
});
