/**
 * The hit lookup of a rich cache whose values never expire (rich for its tags, `cacheIf`, resources
 * or negative cache): no clock read on a hit, and every entry that is not fresh forever still goes
 * to the slow path.
 */
import 'reflect-metadata';
import { Cacheable, CacheManager, Clock, attachCacheManager, type CacheOptions } from '../../src';
import { T0 } from '../support/fakeTime';
import { containerWithClockReading } from '../support/managers';

describe('buildHitLookup', () => {
  let now: number;
  let reads: number;
  let manager: CacheManager;

  beforeEach(() => {
    now = T0;
    reads = 0;
    const container = containerWithClockReading(() => {
      reads++;
      return now;
    });
    manager = container.get(CacheManager);
    expect(container.get(Clock)).toBeDefined();
  });

  describe.each<[string, CacheOptions]>([
    ['tags', { tags: ['t:{0}'] }],
    ['cacheIf', { cacheIf: () => true }],
    ['negativeCache', { negativeCache: true }],
  ])('of a never-expiring cache with the %s option (plain for tags, rich for the others)', (_label, options) => {
    it('answers wrap hits without reading the clock', () => {
      const cached = manager.wrap((id: string) => `v${id}`, options);
      cached('1');
      const before = reads;
      for (let i = 0; i < 100; i++) expect(cached('1')).toBe('v1');
      expect(reads).toBe(before);
      expect(cached.cacheInfo().hits).toBe(100);
    });

    it('answers @Cacheable hits without reading the clock, for the first and a second instance', () => {
      class Service {
        @Cacheable(options)
        get(id: string): string {
          return `v${id}`;
        }
      }
      const first = new Service();
      const second = new Service();
      attachCacheManager(first, manager);
      attachCacheManager(second, manager);
      first.get('1');
      second.get('1');
      const before = reads;
      for (let i = 0; i < 100; i++) {
        expect(first.get('1')).toBe('v1');
        expect(second.get('1')).toBe('v1');
      }
      expect(reads).toBe(before);
    });
  });

  it('sends a stored error of a never-expiring cache to the slow path, where it expires', () => {
    let fail = true;
    const cached = manager.wrap(
      (id: string) => {
        if (fail) throw new Error(`down ${id}`);
        return `v${id}`;
      },
      { negativeCache: true, negativeExpiration: 10 },
    );
    expect(cached('1')).toEqual(new Error('down 1'));
    fail = false;
    now = T0 + 9_999;
    expect(cached('1')).toEqual(new Error('down 1'));
    now = T0 + 10_000;
    expect(cached('1')).toBe('v1');
  });

  it('keeps a tagged cache with an expiration on the clock', () => {
    const cached = manager.wrap((id: string) => `v${id}#${now}`, { tags: ['t'], expiration: 10 });
    expect(cached('1')).toBe(`v1#${T0}`);
    now = T0 + 10_000;
    expect(cached('1')).toBe(`v1#${T0 + 10_000}`);
  });

  describe.each<[string, CacheOptions]>([
    ['lru', { maxsize: 3 }],
    ['w-tinylfu', { maxsize: 3, eviction: 'w-tinylfu' }],
    ['lru, timed', { maxsize: 3, expiration: 10 }],
  ])('of a bounded plain cache (%s), whose hits read the table’s key index', (_label, options) => {
    it('keeps 1 and "1" apart, finds -0 as 0, and counts each hit once', () => {
      const runs: unknown[] = [];
      const cached = manager.wrap((id: string | number) => {
        runs.push(id);
        return typeof id === 'string' ? `s${id}` : `n${id}`;
      }, options);
      expect(cached(1)).toBe('n1');
      expect(cached('1')).toBe('s1');
      expect(cached(1)).toBe('n1');
      expect(cached('1')).toBe('s1');
      expect(cached(-0)).toBe('n0');
      expect(cached(0)).toBe('n0');
      expect(runs).toEqual([1, '1', -0]);
      expect(cached.cacheInfo()).toMatchObject({ hits: 3, misses: 3, currentSize: 3 });
    });

    it('answers strings and large numbers from the table, and refreshes their recency on a hit', () => {
      const runs: unknown[] = [];
      const cached = manager.wrap((id: string | number) => {
        runs.push(id);
        return String(id);
      }, options);
      cached('a');
      cached(100_000);
      cached('b');
      expect(cached('a')).toBe('a'); // a hit: 'a' is now more recent than 100000 and 'b'
      expect(cached(100_000)).toBe('100000');
      cached('c'); // full: evicts the least recently used
      expect(runs).toEqual(['a', 100_000, 'b', 'c']);
      expect(cached.has('a')).toBe(true);
      expect(cached.has(100_000)).toBe(true);
      if (options.eviction === undefined) expect(cached.has('b')).toBe(false); // exact LRU
      expect(cached.cacheInfo().currentSize).toBe(3);
    });
  });

  it('sends an expired string key of a timed bounded cache to the slow path', () => {
    const cached = manager.wrap((id: string) => `v${id}#${now}`, { maxsize: 10, expiration: 10 });
    expect(cached('k')).toBe(`v${'k'}#${T0}`);
    expect(cached('k')).toBe(`v${'k'}#${T0}`);
    now = T0 + 10_000;
    expect(cached('k')).toBe(`vk#${T0 + 10_000}`);
    expect(cached.cacheInfo()).toMatchObject({ hits: 2, misses: 1 });
  });
});
