import 'reflect-metadata';
import { Cacheable, CacheManager, createCacheContainer } from '../../src';
import type { CacheCore } from '../../src/core/CacheCore';
import { CORE } from '../../src/core/buildCachedFunction';
import { SlotDeadlines } from '../../src/core/SlotDeadlines';
import { LeastRecentlyUsedTable } from '../../src/policies/eviction/LeastRecentlyUsedTable';
import type { CacheKey } from '../../src/core/MethodKey';

const T0 = Date.UTC(2026, 0, 1);
const newManager = (): CacheManager => createCacheContainer().get(CacheManager);
const coreOf = (fn: unknown): CacheCore => (fn as Record<symbol, CacheCore>)[CORE];

describe(SlotDeadlines.name, () => {
  it('keeps a deadline per slot, growing its array for higher slots', () => {
    const table = new LeastRecentlyUsedTable<CacheKey, unknown>(1000);
    const deadlines = new SlotDeadlines(table, (at) => at + 10, { now: () => 100 });
    deadlines.set(500, 42);
    expect(deadlines.at.length).toBeGreaterThan(500);
    expect(deadlines.at[500]).toBe(42);
    const slot = table.store('k', 'v', null);
    deadlines.stored(slot);
    expect(deadlines.of('k')).toBe(110);
    expect(deadlines.fresh('k')).toBe(true);
    expect(deadlines.of('absent')).toBeNaN();
    deadlines.set(-1, 5); // NO_SLOT: ignored
  });
});

describe('a timed plain cache (fixed built-in expiration in a bounded table)', () => {
  beforeEach(() => jest.useFakeTimers({ now: T0 }));
  afterEach(() => jest.useRealTimers());

  it('is chosen only for a fixed built-in expiration in a built-in bounded table', () => {
    const manager = newManager();
    const timed = manager.wrap((k: string) => k, { expiration: '1 minute', maxsize: 10 });
    expect(coreOf(timed).rich).toBe(false);
    // Unbounded (a Map table), a data pointer, or negative caching: Entries.
    expect(coreOf(manager.wrap((k: string) => k, { expiration: '1 minute' })).rich).toBe(true);
    expect(coreOf(manager.wrap((k: string) => ({ k }), { expiration: '$.ttl', maxsize: 10 })).rich).toBe(true);
    expect(coreOf(manager.wrap((k: string) => k, { expiration: 60, maxsize: 10, negativeCache: true })).rich).toBe(
      true,
    );
  });

  it('refetches an expired value in its place, sync, counting the call a hit (aquiche)', () => {
    let calls = 0;
    const cached = newManager().wrap((k: string) => `${k}${++calls}`, { expiration: '1 minute', maxsize: 10 });
    expect(cached('a')).toBe('a1');
    jest.setSystemTime(T0 + 59_999);
    expect(cached('a')).toBe('a1');
    jest.setSystemTime(T0 + 60_000);
    expect(cached.has('a')).toBe(false);
    expect(cached.peek('a')).toBeUndefined();
    expect(cached('a')).toBe('a2');
    expect(cached('a')).toBe('a2');
    expect(cached.cacheInfo()).toMatchObject({ hits: 3, misses: 1, currentSize: 1 });
    expect(cached.cacheStats()).toMatchObject({ hits: 2, misses: 2, loads: 2 });
    expect(cached.cacheStats().evictions.replaced).toBe(1);
  });

  it('joins the one refetch of an expired key, async, and starts its deadline when it settles', async () => {
    let calls = 0;
    const cached = newManager().wrap(
      async (k: string) => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 100));
        return `${k}${calls}`;
      },
      { expiration: '1 minute', maxsize: 10 },
    );
    const first = cached('a');
    await jest.advanceTimersByTimeAsync(100);
    await expect(first).resolves.toBe('a1');
    jest.setSystemTime(T0 + 100 + 60_000);
    const refetches = [cached('a'), cached('a'), cached('a')];
    expect(new Set(refetches).size).toBe(1);
    expect(calls).toBe(2);
    await jest.advanceTimersByTimeAsync(100);
    await expect(Promise.all(refetches)).resolves.toEqual(['a2', 'a2', 'a2']);
    jest.setSystemTime(T0 + 200 + 60_000 + 59_999);
    await expect(cached('a')).resolves.toBe('a2');
    expect(calls).toBe(2);
    expect(cached.cacheStats().evictions.replaced).toBe(1);
  });

  it('counts a failed refetch of an expired value as failed and keeps nothing', async () => {
    let fail = false;
    const cached = newManager().wrap(
      async (k: string) => {
        if (fail) throw new Error('down');
        return k;
      },
      { expiration: 10, maxsize: 10 },
    );
    await cached('a');
    jest.setSystemTime(T0 + 10_000);
    fail = true;
    await expect(cached('a')).rejects.toThrow('down');
    expect(cached.cacheInfo().currentSize).toBe(0);
    expect(cached.cacheStats().evictions.failed).toBe(1);
  });

  it('sweeps expired values (removeExpired), keeping fresh ones and flights', async () => {
    const cached = newManager().wrap((k: string) => k, { expiration: 10, maxsize: 10 });
    cached('old');
    jest.setSystemTime(T0 + 5_000);
    cached('new');
    jest.setSystemTime(T0 + 10_000);
    cached.removeExpired();
    expect(cached.has('new')).toBe(true);
    expect(cached.cacheInfo().currentSize).toBe(1);
    expect(cached.cacheStats().evictions.expired).toBe(1);
  });

  it('times a decorated method of a second instance by its MethodKey slot', () => {
    let calls = 0;
    class Rates {
      @Cacheable({ expiration: '1 minute', maxsize: 100 })
      rate(currency: string): string {
        return `${currency}${++calls}`;
      }
    }
    const primary = new Rates();
    const second = new Rates();
    expect(primary.rate('EUR')).toBe('EUR1');
    expect(second.rate('EUR')).toBe('EUR2');
    expect(second.rate('EUR')).toBe('EUR2');
    jest.setSystemTime(T0 + 60_000);
    expect(second.rate('EUR')).toBe('EUR3');
    expect(primary.rate('EUR')).toBe('EUR4');
  });

  it('refetches on every call with expiration: true', () => {
    let calls = 0;
    const cached = newManager().wrap(() => ++calls, { expiration: true, maxsize: 10 });
    expect([cached(), cached(), cached()]).toEqual([1, 2, 3]);
  });
});
