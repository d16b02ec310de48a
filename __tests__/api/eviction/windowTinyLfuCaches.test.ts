import 'reflect-metadata';
import { injectable } from 'inversify';
import {
  Cacheable,
  CacheManager,
  createCacheContainer,
  EvictionPolicy,
  WindowTinyLfuEviction,
  type RemovalReason,
} from '../../../src';
import { counting, recordDisposals } from '../../support/managers';

/** A manager whose container binds W-TinyLFU, and the disposals its lifecycle saw. */
function tinyLfuManager(): {
  manager: CacheManager;
  container: ReturnType<typeof createCacheContainer>;
  disposed: Array<[unknown, RemovalReason]>;
} {
  const container = createCacheContainer();
  container.rebind(EvictionPolicy).to(WindowTinyLfuEviction);
  const disposed = recordDisposals(container);
  return { manager: container.get(CacheManager), container, disposed };
}

describe('caches on WindowTinyLfuEviction', () => {
  it('memoizes a sync function within maxsize, keeping a popular key through a scan', () => {
    const { manager } = tinyLfuManager();
    const { fn, calls } = counting((x: number) => x * 2);
    const cached = manager.wrap(fn, { maxsize: 50 });
    for (let round = 0; round < 5; round++) for (let x = 0; x < 10; x++) expect(cached(x)).toBe(x * 2);
    for (let x = 1000; x < 1500; x++) expect(cached(x)).toBe(x * 2);
    const before = calls.length;
    for (let x = 0; x < 10; x++) expect(cached(x)).toBe(x * 2);
    expect(calls.length - before).toBeLessThanOrEqual(1);
    expect(cached.cacheInfo().currentSize).toBe(50);
  });

  it.each([
    ['an expiring cache (pending entries filled in on completion)', { maxsize: 100, expiration: 3600 }],
    ['a weight-bounded cache without maxsize', { maxWeight: 100, weigh: (): number => 1 }],
  ])('counts each miss of %s once: popular keys survive a long scan', (_what, options) => {
    const { manager } = tinyLfuManager();
    const { fn, calls } = counting((x: number) => x);
    const cached = manager.wrap(fn, options);
    for (let round = 0; round < 5; round++) for (let x = 0; x < 50; x++) cached(x);
    for (let x = 1000; x < 3000; x++) cached(x); // ages the sketch four times
    const before = calls.length;
    for (let x = 0; x < 50; x++) cached(x);
    expect(calls.length - before).toBeLessThanOrEqual(2);
  });

  it('memoizes a decorated method by its argument keys, within maxsize', () => {
    const { container } = tinyLfuManager();
    const { fn, calls } = counting((x: number | string) => `v${x}`);
    @injectable()
    class Service {
      @Cacheable({ maxsize: 20 })
      get(x: number | string): string {
        return fn(x);
      }
    }
    container.bind(Service).toSelf();
    const service = container.get(Service);
    for (let round = 0; round < 4; round++) for (let x = 0; x < 15; x++) expect(service.get(x)).toBe(`v${x}`);
    expect(calls).toHaveLength(15);
    for (let x = 100; x < 400; x++) expect(service.get(String(x))).toBe(`v${x}`);
    const before = calls.length;
    for (let x = 0; x < 15; x++) expect(service.get(x)).toBe(`v${x}`);
    expect(calls.length - before).toBeLessThanOrEqual(2);
  });

  it('expires, sweeps, invalidates and invalidates by tag as on an LRU table', async () => {
    jest.useFakeTimers({ now: Date.UTC(2024, 0, 15, 12) });
    try {
      const { manager } = tinyLfuManager();
      const { fn, calls } = counting((x: number) => x * 2);
      const cached = manager.wrap(fn, {
        maxsize: 10,
        expiration: '1 minute',
        tags: (x: number) => [x % 2 === 0 ? 'even' : 'odd'],
      });
      for (let x = 0; x < 6; x++) cached(x);
      await expect(manager.invalidateTags(['odd'])).resolves.toBe(3);
      cached.invalidate(0);
      expect([0, 1, 2, 3, 4, 5].map((x) => cached.peek(x))).toEqual([undefined, undefined, 4, undefined, 8, undefined]);
      jest.advanceTimersByTime(30_000);
      cached(6); // fresh for another minute
      jest.advanceTimersByTime(30_000);
      expect(cached.peek(2)).toBeUndefined(); // expired
      cached.removeExpired();
      expect(cached.cacheInfo().currentSize).toBe(1);
      expect(cached.cacheStats().evictions).toMatchObject({ invalidated: 4, expired: 2, evicted: 0 });
      expect(cached(6)).toBe(12);
      expect(calls).toHaveLength(7);
    } finally {
      jest.useRealTimers();
    }
  });

  it("disposes what it evicts with reason 'evicted'", async () => {
    const { manager, disposed } = tinyLfuManager();
    const cached = manager.wrap(async (id: number) => ({ id, close: () => undefined }), {
      maxsize: 3,
      wrapAsyncExitStack: true,
    });
    for (let id = 0; id < 10; id++) await cached(id);
    await manager.awaitDisposals();
    expect(cached.cacheInfo().currentSize).toBe(3);
    expect(disposed).toHaveLength(7);
    expect(disposed.every(([, reason]) => reason === 'evicted')).toBe(true);
  });
});
