import 'reflect-metadata';
import { injectable } from 'inversify';
import {
  Cacheable,
  CacheErrorHandler,
  CacheManager,
  createCacheContainer,
  InvalidWeightError,
  type CacheErrorContext,
  type RemovalReason,
} from '../../../src';
import { counting, recordDisposals } from '../../support/managers';
import { captured } from '../../support/captured';

type Policy = 'lru' | 'w-tinylfu';

interface Harness {
  manager: CacheManager;
  container: ReturnType<typeof createCacheContainer>;
  reports: Array<[unknown, CacheErrorContext]>;
  disposed: Array<[unknown, RemovalReason]>;
}

/** A manager that records what its `CacheErrorHandler` and `ResourceLifecycle` receive. */
function harness(): Harness {
  const reports: Array<[unknown, CacheErrorContext]> = [];
  @injectable()
  class RecordingErrorHandler extends CacheErrorHandler {
    override handle(error: unknown, context: CacheErrorContext): void {
      reports.push([error, context]);
    }
  }
  const container = createCacheContainer();
  container.rebind(CacheErrorHandler).to(RecordingErrorHandler);
  const disposed = recordDisposals(container);
  return { manager: container.get(CacheManager), container, reports, disposed };
}

/** A result of `size` units. */
const sized = (size: number): string => 'x'.repeat(size);

describe.each<Policy>(['lru', 'w-tinylfu'])('maxWeight and weigh with eviction: %p', (eviction) => {
  describe('wrap()', () => {
    it('evicts until the summed weight is at most maxWeight (sync)', () => {
      const { manager } = harness();
      const { fn, calls } = counting((size: number) => sized(size));
      const cached = manager.wrap(fn, { maxWeight: 10, weigh: (result) => result.length, eviction });
      for (const size of [4, 3, 2, 5]) expect(cached(size)).toBe(sized(size));
      const info = cached.cacheInfo();
      expect(info.currentWeight).toBeLessThanOrEqual(10);
      expect(info.currentWeight).toBeGreaterThanOrEqual(5);
      expect(calls).toHaveLength(4);
      // Exactly the entries still held answer without a call, and they weigh currentWeight.
      let held = 0;
      for (const size of [4, 3, 2, 5]) {
        const before = calls.length;
        cached(size);
        if (calls.length === before) held += size;
      }
      expect(held).toBeLessThanOrEqual(10);
    });

    it('evicts until the summed weight is at most maxWeight (async), counting the settled value', async () => {
      const { manager } = harness();
      const cached = manager.wrap(async (size: number) => sized(size), {
        maxWeight: 10,
        weigh: (result) => result.length,
        eviction,
      });
      for (const size of [4, 3, 2]) await cached(size);
      expect(cached.cacheInfo()).toMatchObject({ currentSize: 3, currentWeight: 9 });
      await cached(6);
      const { currentWeight, currentSize } = cached.cacheInfo();
      expect(currentWeight).toBeLessThanOrEqual(10);
      expect(currentSize).toBeLessThan(4);
    });

    it('passes the call arguments to weigh', () => {
      const { manager } = harness();
      const weigh = jest.fn((_result: string, a: number, b: string) => a + b.length);
      const cached = manager.wrap((a: number, b: string) => `${a}${b}`, { maxWeight: 100, weigh, eviction });
      cached(3, 'ab');
      expect(weigh).toHaveBeenCalledWith('3ab', 3, 'ab');
      expect(cached.cacheInfo().currentWeight).toBe(5);
    });

    it('returns a result heavier than maxWeight but does not store it', () => {
      const { manager } = harness();
      const { fn, calls } = counting((size: number) => sized(size));
      const cached = manager.wrap(fn, { maxWeight: 10, weigh: (result) => result.length, eviction });
      cached(2);
      expect(cached(11)).toBe(sized(11));
      expect(cached(11)).toBe(sized(11));
      expect(calls).toEqual([[2], [11], [11]]);
      expect(cached.cacheInfo()).toMatchObject({ currentSize: 1, currentWeight: 2 });
    });

    it.each([
      ['a negative number', -1],
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['a string', '3'],
      ['undefined', undefined],
    ])("reports a weigh that returns %s (operation 'weigh') and does not store the result", (_what, weight) => {
      const { manager, reports } = harness();
      const { fn, calls } = counting((x: number) => x);
      const cached = manager.wrap(fn, { maxWeight: 10, weigh: () => weight as number, eviction, name: 'weighed' });
      expect(cached(1)).toBe(1);
      expect(cached(1)).toBe(1);
      expect(calls).toHaveLength(2);
      expect(cached.cacheInfo()).toMatchObject({ currentSize: 0, currentWeight: 0 });
      expect(reports).toHaveLength(2);
      const [error, context] = reports[0];
      expect(error).toBeInstanceOf(InvalidWeightError);
      expect(error).toMatchObject({ code: 'E_INVALID_WEIGHT', key: 1, weight, cache: 'weighed' });
      expect(context).toMatchObject({ operation: 'weigh', key: 1, cache: 'weighed' });
    });

    it("reports a weigh that throws (operation 'weigh') and does not store the result", async () => {
      const { manager, reports } = harness();
      const failure = new Error('cannot weigh');
      const cached = manager.wrap(async (x: number) => x, {
        maxWeight: 10,
        weigh: () => {
          throw failure;
        },
        eviction,
      });
      await expect(cached(7)).resolves.toBe(7);
      expect(cached.cacheInfo().currentSize).toBe(0);
      expect(reports).toEqual([[failure, expect.objectContaining({ operation: 'weigh', key: 7 })]]);
    });

    it('applies maxsize too', () => {
      const { manager } = harness();
      const cached = manager.wrap((x: number) => x, { maxsize: 2, maxWeight: 100, weigh: () => 1, eviction });
      for (let x = 0; x < 5; x++) cached(x);
      expect(cached.cacheInfo()).toMatchObject({ currentSize: 2, currentWeight: 2, maxsize: 2 });
    });

    it('stores results that weigh 0 without counting them', () => {
      const { manager } = harness();
      const cached = manager.wrap((x: number) => x, { maxWeight: 0, weigh: () => 0, eviction });
      for (let x = 0; x < 5; x++) cached(x);
      expect(cached.cacheInfo()).toMatchObject({ currentSize: 5, currentWeight: 0 });
    });

    it.each([[true], ['rethrow']] as const)(
      'stores an error with negativeCache: %p without weighing it (weight 0)',
      (negativeCache) => {
        const { manager, reports } = harness();
        const weigh = jest.fn((result: string) => result.length);
        const { fn, calls } = counting((size: number): string => {
          if (size < 0) throw new RangeError(`bad size ${size}`);
          return sized(size);
        });
        const cached = manager.wrap(fn, { maxWeight: 3, weigh, negativeCache, eviction });
        cached(2);
        const failure = negativeCache === true ? cached(-1) : captured(() => cached(-1));
        expect(failure).toBeInstanceOf(RangeError);
        expect(negativeCache === true ? cached(-1) : captured(() => cached(-1))).toBe(failure);
        expect(calls).toEqual([[2], [-1]]);
        expect(weigh.mock.calls).toEqual([[sized(2), 2]]);
        expect(cached.cacheInfo()).toMatchObject({ currentSize: 2, currentWeight: 2 });
        expect(reports).toEqual([]);
      },
    );

    it('gives back the weight of every entry that leaves (delete, clear, replaced by set)', () => {
      const { manager } = harness();
      const cached = manager.wrap((size: number) => sized(size), {
        maxWeight: 100,
        weigh: (result) => result.length,
        eviction,
      });
      cached(3);
      cached(4);
      expect(cached.cacheInfo().currentWeight).toBe(7);
      cached.invalidate(3);
      expect(cached.cacheInfo().currentWeight).toBe(4);
      cached.set(sized(9), 4);
      expect(cached.cacheInfo().currentWeight).toBe(9);
      cached.clearCache();
      expect(cached.cacheInfo()).toMatchObject({ currentSize: 0, currentWeight: 0 });
    });

    it('weighs what set() stores, and stores nothing heavier than maxWeight', () => {
      const { manager } = harness();
      const { fn, calls } = counting((size: number) => sized(size));
      const cached = manager.wrap(fn, { maxWeight: 10, weigh: (result) => result.length, eviction });
      cached(2);
      cached.set(sized(12), 2); // too heavy: the old entry goes, nothing is stored
      expect(cached.cacheInfo()).toMatchObject({ currentSize: 0, currentWeight: 0 });
      expect(cached(2)).toBe(sized(2));
      expect(calls).toHaveLength(2);
    });

    it("disposes what the weight bound evicts with reason 'evicted'", async () => {
      const { manager, disposed } = harness();
      const cached = manager.wrap(async (id: number) => ({ id, close: () => undefined }), {
        maxWeight: 3,
        weigh: () => 1,
        wrapAsyncExitStack: true,
        eviction,
      });
      for (let id = 0; id < 6; id++) await cached(id);
      await manager.awaitDisposals();
      expect(cached.cacheInfo()).toMatchObject({ currentSize: 3, currentWeight: 3 });
      expect(disposed).toHaveLength(3);
      expect(disposed.every(([, reason]) => reason === 'evicted')).toBe(true);
    });

    it('reports currentWeight null without a weight bound', () => {
      const { manager } = harness();
      expect(manager.wrap((x: number) => x, { maxsize: 3, eviction }).cacheInfo().currentWeight).toBeNull();
    });
  });

  describe('@Cacheable', () => {
    it('bounds the summed weight of a method over all its instances (sync and async)', async () => {
      const { container } = harness();
      @injectable()
      class Service {
        @Cacheable({ maxWeight: 10, weigh: (result: string) => result.length, eviction })
        text(size: number): string {
          return sized(size);
        }

        @Cacheable({ maxWeight: 10, weigh: (result: string) => result.length, eviction })
        async later(size: number): Promise<string> {
          return sized(size);
        }
      }
      container.bind(Service).toSelf();
      const a = container.get(Service);
      const b = container.get(Service);
      for (const size of [4, 3]) expect(a.text(size)).toBe(sized(size));
      for (const size of [2, 5]) expect(b.text(size)).toBe(sized(size));
      const manager = container.get(CacheManager);
      const textInfo = manager.cacheOf(a, 'text').cacheInfo();
      expect(textInfo.currentWeight).toBeLessThanOrEqual(10);
      expect(textInfo.currentWeight).toBeGreaterThanOrEqual(5);
      for (const size of [4, 3, 2, 5]) await expect(a.later(size)).resolves.toBe(sized(size));
      expect(manager.cacheOf(b, 'later').cacheInfo().currentWeight).toBeLessThanOrEqual(10);
      expect(a.later(11)).toBeInstanceOf(Promise);
      await expect(a.later(11)).resolves.toBe(sized(11));
    });
  });
});
