import fc from 'fast-check';
import { InvalidCacheConfigError } from '../../../src/contracts/errors/InvalidCacheConfigError';
import { FrequencySketch } from '../../../src/policies/eviction/FrequencySketch';
import { hashKey } from '../../../src/policies/eviction/hashKey';
import { LeastRecentlyUsedTable } from '../../../src/policies/eviction/LeastRecentlyUsedTable';
import { NO_SLOT } from '../../../src/policies/eviction/SlottedTable';
import { WindowTinyLfuTable } from '../../../src/policies/eviction/WindowTinyLfuTable';
import { describeEvictionTableContract } from './evictionTableContract';

describeEvictionTableContract(WindowTinyLfuTable.name, (maxsize) => new WindowTinyLfuTable(maxsize ?? 1e9));

/** A coin that never lets the flood guard admit (so eviction is deterministic). */
const NEVER = (): number => 0.5;
/** A coin that always lets the flood guard admit. */
const ALWAYS = (): number => 0;

/** Replays `keys` as a memo would (get, set on a miss); returns the hit ratio. */
function replay(
  table: { get(key: number): unknown; set(key: number, value: number): unknown },
  keys: number[],
): number {
  let hits = 0;
  for (const key of keys) {
    if (table.get(key) !== undefined) hits++;
    else table.set(key, key);
  }
  return hits / keys.length;
}

const frequencyOf = (table: WindowTinyLfuTable<unknown, unknown>, key: unknown): number =>
  table.sketch.frequency(FrequencySketch.spread(hashKey(key)));

describe(WindowTinyLfuTable.name, () => {
  describe('constructor', () => {
    it.each([[0], [-1], [1.5], [NaN], [Infinity], [2 ** 53]])(
      'throws InvalidCacheConfigError for maxsize %p',
      (maxsize) => {
        expect(() => new WindowTinyLfuTable(maxsize)).toThrow(InvalidCacheConfigError);
      },
    );

    it('names the option and the bad value in the error', () => {
      expect(() => new WindowTinyLfuTable(-2)).toThrow(/maxsize = -2 \(expected a positive integer/);
    });

    it('allocates lazily, so a huge maxsize costs only the entries stored', () => {
      const table = new WindowTinyLfuTable<number, number>(2 ** 40);
      for (let i = 0; i < 5000; i++) table.set(i, i);
      expect(table.size).toBe(5000);
      expect(table.maxsize).toBe(2 ** 40);
      expect(table.sketch.words).toBe(2 * 8192);
    });

    it.each([
      [1, 1, 0],
      [2, 1, 0],
      [100, 1, 79],
      [1000, 10, 792],
      [8192, 82, 6488],
    ])(
      'starts maxsize %p with a window of %p and a protected bound of %p (Caffeine: 1 %, 80 % of main)',
      (maxsize, window, protectedMaximum) => {
        const regions = new WindowTinyLfuTable(maxsize).regions;
        expect(regions.windowMaximum).toBe(window);
        expect(regions.protectedMaximum).toBe(protectedMaximum);
      },
    );
  });

  describe('set()', () => {
    it('evicts one entry when a new key arrives at the bound, and never holds more than maxsize', () => {
      const table = new WindowTinyLfuTable<number, string>(3, { random: NEVER });
      for (let i = 0; i < 3; i++) expect(table.set(i, `v${i}`)).toHaveLength(0);
      const evicted = table.set(3, 'v3');
      expect(evicted).toHaveLength(1);
      expect(table.size).toBe(3);
      const [[key, value]] = evicted;
      expect(value).toBe(`v${key}`);
      expect(table.peek(key)).toBeUndefined();
    });

    it('rejects the window victim for main when it is no more frequent than main victim', () => {
      // maxsize 2: a window of 1 and a probation of 1 (no protected space).
      const table = new WindowTinyLfuTable<string, number>(2, { random: ALWAYS });
      table.set('a', 1);
      table.set('b', 2); // 'a' leaves the window for probation
      expect(table.set('c', 3)).toEqual([['b', 2]]); // 'b' (frequency 1) does not beat 'a' (1)
      expect([...table.entries()].map(([key]) => key).sort()).toEqual(['a', 'c']);
    });

    it('admits the window victim when it is more frequent than main victim', () => {
      const table = new WindowTinyLfuTable<string, number>(2, { random: NEVER });
      table.set('a', 1);
      table.set('b', 2);
      table.get('b'); // 'b' (in the window) now has frequency 2
      expect(table.set('c', 3)).toEqual([['a', 1]]);
      expect(table.peek('b')).toBe(2);
    });

    it('keeps frequently used entries through a scan that flushes an LRU', () => {
      const hot = Array.from({ length: 50 }, (_, i) => i);
      const warm = [1, 2, 3, 4, 5].flatMap(() => hot);
      const scan = Array.from({ length: 1000 }, (_, i) => 10_000 + i);
      const tinyLfu = new WindowTinyLfuTable<number, number>(100, { random: NEVER });
      const lru = new LeastRecentlyUsedTable<number, number>(100);
      replay(tinyLfu, [...warm, ...scan]);
      replay(lru, [...warm, ...scan]);
      expect(hot.filter((key) => tinyLfu.peek(key) !== undefined).length).toBeGreaterThanOrEqual(45);
      expect(hot.filter((key) => lru.peek(key) !== undefined)).toEqual([]);
    });

    it('hits about half of a loop larger than itself, where an LRU hits nothing', () => {
      const loop = Array.from({ length: 30_000 }, (_, i) => i % 150);
      expect(replay(new WindowTinyLfuTable<number, number>(100, { random: NEVER }), loop)).toBeGreaterThan(0.5);
      expect(replay(new LeastRecentlyUsedTable<number, number>(100), loop)).toBe(0);
    });
  });

  describe('hash-flood guard', () => {
    /** 'a' in probation and 'b' leaving the window, both with the given frequency. */
    function tied(frequency: number, random: () => number): WindowTinyLfuTable<string, number> {
      const table = new WindowTinyLfuTable<string, number>(2, { random });
      table.set('a', 1);
      for (let i = 1; i < frequency; i++) table.get('a');
      table.set('b', 2); // 'a' to probation
      for (let i = 1; i < frequency; i++) table.get('b');
      expect(frequencyOf(table, 'a')).toBe(frequency);
      expect(frequencyOf(table, 'b')).toBe(frequency);
      return table;
    }

    it('admits a warm candidate (frequency ≥ 6) that ties main victim when the coin says so (1/128)', () => {
      expect(tied(6, ALWAYS).set('c', 3)).toEqual([['a', 1]]);
      expect(tied(6, () => 1 / 128 - 1e-9).set('c', 3)).toEqual([['a', 1]]);
    });

    it('rejects a warm candidate when the coin says no', () => {
      expect(tied(6, () => 1 / 128).set('c', 3)).toEqual([['b', 2]]);
    });

    it('never admits a cooler candidate (frequency < 6) on a tie, whatever the coin', () => {
      expect(tied(5, ALWAYS).set('c', 3)).toEqual([['b', 2]]);
    });

    it('admits a warm candidate about once in 128 ties with the default coin (Math.random)', () => {
      let admitted = 0;
      for (let i = 0; i < 2000; i++) if (tied(6, Math.random).set('c', 3)[0][0] === 'a') admitted++;
      expect(admitted).toBeGreaterThan(2);
      expect(admitted).toBeLessThan(40);
    });
  });

  describe('hill climbing', () => {
    /** A memo replay of `count` requests produced by `keyAt(i)`. */
    function run(table: WindowTinyLfuTable<number, number>, count: number, keyAt: (i: number) => number): number {
      return replay(
        table,
        Array.from({ length: count }, (_, i) => keyAt(i)),
      );
    }

    it('takes its first step after 10 × maxsize requests, shrinking the window (Caffeine starts downward)', () => {
      const table = new WindowTinyLfuTable<number, number>(1000, { random: NEVER });
      run(table, 9_999, (i) => i % 900);
      expect(table.regions.windowMaximum).toBe(10);
      run(table, 1, () => 0);
      expect(table.regions).toMatchObject({ windowMaximum: 1, protectedMaximum: 801 });
    });

    it('grows the window by 6.25 % of maxsize when the hit rate drops, and keeps growing while it holds', () => {
      const table = new WindowTinyLfuTable<number, number>(1000, { random: NEVER });
      run(table, 30_000, (i) => i % 900); // frequency-friendly: the window stays at 1
      expect(table.regions.windowMaximum).toBe(1);
      let next = 1_000_000;
      const recency = (): number => next++; // every request a new key: the hit rate drops to 0
      run(table, 10_000, recency);
      const first = table.regions.windowMaximum;
      expect(first).toBeGreaterThanOrEqual(1 + 58);
      expect(first).toBeLessThanOrEqual(1 + 63);
      run(table, 10_000, recency); // the hit rate holds (0): same direction
      expect(table.regions.windowMaximum).toBeGreaterThan(first + 50);
    });

    it('sizes the window up for a recency-heavy workload and down for a frequency-heavy one', () => {
      // Recency: each key is asked twice, 300 other keys apart (an LRU of 1,000 hits every second ask).
      const recencyTable = new WindowTinyLfuTable<number, number>(1000, { random: NEVER });
      run(recencyTable, 10_000, (i) => i % 900); // a frequency phase first, so the hit rate then drops
      const recency = (i: number): number => (i % 600 < 300 ? 1e6 + i : 1e6 + i - 300);
      run(recencyTable, 250_000, recency);
      expect(recencyTable.regions.windowMaximum).toBeGreaterThan(300);
      expect(run(recencyTable, 50_000, (i) => recency(250_000 + i))).toBeGreaterThan(0.45);

      const frequencyTable = new WindowTinyLfuTable<number, number>(1000, { random: NEVER });
      run(frequencyTable, 300_000, (i) => (i % 3 === 0 ? 2e6 + i : i % 950));
      expect(frequencyTable.regions.windowMaximum).toBeLessThan(100);
    });

    it('keeps the regions consistent with the entries held', () => {
      const table = new WindowTinyLfuTable<number, number>(500, { random: NEVER });
      run(table, 100_000, (i) => (i % 7 === 0 ? i : (i * 7919) % 800));
      const { window, probation, protected: protectedSize, windowMaximum, protectedMaximum } = table.regions;
      expect(window + probation + protectedSize).toBe(table.size);
      expect(table.size).toBe(500);
      expect(window).toBeLessThanOrEqual(windowMaximum);
      expect(protectedSize).toBeLessThanOrEqual(protectedMaximum);
      expect(windowMaximum + protectedMaximum).toBeLessThanOrEqual(500);
    });
  });

  describe('refresh()', () => {
    it('records a hit of the entry in a slot, as get() does', () => {
      const table = new WindowTinyLfuTable<string, number>(2, { random: NEVER });
      table.store('a', 1, null);
      const slot = table.store('b', 2, null);
      table.refresh(slot); // 'b' now has frequency 2, like the get() of the admission test
      expect(table.set('c', 3)).toEqual([['a', 1]]);
    });
  });

  describe('store()', () => {
    it('records no access when it stores over a present key (set() does: an update is an access)', () => {
      const table = new WindowTinyLfuTable<string, number>(10, { random: NEVER });
      table.store('a', 1, null);
      expect(frequencyOf(table, 'a')).toBe(1);
      table.store('a', 2, null);
      expect(frequencyOf(table, 'a')).toBe(1);
      expect(table.peek('a')).toBe(2);
      table.set('a', 3);
      expect(frequencyOf(table, 'a')).toBe(2);
    });
  });

  describe('storeNew()', () => {
    it('stores an absent key and hands evictions to the callback without an array', () => {
      const table = new WindowTinyLfuTable<number, number>(2, { random: NEVER });
      const evicted: number[] = [];
      for (let i = 0; i < 10; i++) table.storeNew(i, i, (key) => evicted.push(key));
      expect(table.size).toBe(2);
      expect(evicted).toHaveLength(8);
      expect(new Set([...evicted, ...[...table.entries()].map(([key]) => key)]).size).toBe(10);
    });
  });

  describe('get() of a hot key', () => {
    it('skips the increments of a saturated key, and counts again once the sketch has aged', () => {
      const table = new WindowTinyLfuTable<number, number>(4, { random: NEVER }); // ages every 40 additions
      table.set(0, 0);
      for (let i = 0; i < 20; i++) table.get(0);
      expect(frequencyOf(table, 0)).toBe(15);
      const additions = table.sketch.additions;
      table.get(0); // saturated: no increment
      expect(table.sketch.additions).toBe(additions);
      for (let key = 1; table.sketch.additions >= additions; key++) table.set(key, key); // until it ages
      const aged = frequencyOf(table, 0);
      expect(aged).toBeLessThan(15);
      table.get(0);
      expect(frequencyOf(table, 0)).toBe(aged + 1);
    });
  });

  describe('clear()', () => {
    it('keeps the frequency history, so a popular key still wins admission after a clear', () => {
      const table = new WindowTinyLfuTable<string, number>(2, { random: NEVER });
      table.set('a', 1);
      for (let i = 0; i < 5; i++) table.get('a');
      table.clear();
      expect(table.size).toBe(0);
      expect(frequencyOf(table, 'a')).toBe(6);
    });
  });

  describe('against a set model (any eviction order)', () => {
    it('holds at most maxsize entries, returns the last value set, and accounts for every key', () => {
      const op = fc.oneof(
        fc.record({
          op: fc.constantFrom('set' as const, 'store' as const),
          key: fc.integer({ min: 0, max: 30 }),
          value: fc.integer(),
        }),
        fc.record({
          op: fc.constantFrom('get' as const, 'peek' as const, 'delete' as const),
          key: fc.integer({ min: 0, max: 30 }),
        }),
        fc.record({ op: fc.constant('clear' as const) }),
      );
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 12 }),
          fc.array(op, { maxLength: 300 }),
          fc.boolean(),
          (maxsize, ops, lucky) => {
            const table = new WindowTinyLfuTable<number, number>(maxsize, { random: lucky ? ALWAYS : NEVER });
            const model = new Map<number, number>();
            for (const step of ops) {
              if (step.op === 'store') {
                const evicted: Array<[number, number]> = [];
                const slot = table.store(step.key, step.value, (key, value) => evicted.push([key, value]));
                model.set(step.key, step.value);
                for (const [key, value] of evicted) {
                  expect(model.get(key)).toBe(value);
                  model.delete(key);
                }
                // The stored entry's slot, or NO_SLOT exactly when it was evicted at once.
                expect(slot === NO_SLOT).toBe(evicted.some(([key]) => key === step.key));
              } else if (step.op === 'set') {
                const evicted = table.set(step.key, step.value);
                model.set(step.key, step.value);
                expect(evicted.length).toBeLessThanOrEqual(1);
                for (const [key, value] of evicted) {
                  expect(model.get(key)).toBe(value);
                  model.delete(key);
                }
              } else if (step.op === 'get' || step.op === 'peek') {
                expect(table[step.op](step.key)).toBe(model.get(step.key));
              } else if (step.op === 'delete') {
                expect(table.delete(step.key)).toBe(model.delete(step.key));
              } else {
                table.clear();
                model.clear();
              }
              expect(table.size).toBe(model.size);
              expect(table.size).toBeLessThanOrEqual(maxsize);
            }
            expect(new Map(table.entries())).toEqual(model);
            const { window, probation, protected: protectedSize } = table.regions;
            expect(window + probation + protectedSize).toBe(table.size);
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});

describe(`${WindowTinyLfuTable.name} for a weight bound`, () => {
  describe('evictVictim()', () => {
    it('evicts the admission loser between the window and probation, one entry a call', () => {
      const table = new WindowTinyLfuTable<string, number>(10, { random: NEVER });
      table.set('hot', 1);
      for (let i = 0; i < 5; i++) table.get('hot');
      table.set('cold', 2); // 'hot' moves to probation (window of 1)
      const evicted: Array<[string, number]> = [];
      expect(table.evictVictim((key, value) => evicted.push([key, value]))).toBe(true);
      expect(evicted).toEqual([['cold', 2]]); // the window's 'cold' (1) does not beat probation's 'hot' (6)
      expect(table.size).toBe(1);
      expect(table.evictVictim((key, value) => evicted.push([key, value]))).toBe(true);
      expect(table.evictVictim(() => undefined)).toBe(false);
      expect(table.size).toBe(0);
    });
  });

  describe('sizeRegionsFor()', () => {
    it('sizes the window and protected space of a table whose own bound never binds', () => {
      const table = new WindowTinyLfuTable<number, number>(Number.MAX_SAFE_INTEGER, { random: NEVER });
      for (let i = 0; i < 1000; i++) table.set(i, i);
      expect(table.regions.window).toBe(1000); // 1 % of 2^53: everything is in the window
      table.sizeRegionsFor(1000);
      expect(table.regions).toMatchObject({ window: 10, windowMaximum: 10, probation: 990, protectedMaximum: 792 });
      expect(table.sketch.sampleSize).toBe(10_000);
    });
  });
});
