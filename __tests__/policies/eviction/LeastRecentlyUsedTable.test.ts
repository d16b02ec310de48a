import fc from 'fast-check';
import { InvalidCacheConfigError } from '../../../src/contracts/errors/InvalidCacheConfigError';
import { LeastRecentlyUsedTable } from '../../../src/policies/eviction/LeastRecentlyUsedTable';
import { describeEvictionTableContract } from './evictionTableContract';

describeEvictionTableContract(LeastRecentlyUsedTable.name, (maxsize) => new LeastRecentlyUsedTable(maxsize ?? 1e9));

/** Keys of the table, least recently used first. */
function keysOf<K, V>(table: LeastRecentlyUsedTable<K, V>): K[] {
  return [...table.entries()].map(([key]) => key);
}

function filled(maxsize: number, count = maxsize): LeastRecentlyUsedTable<number, string> {
  const table = new LeastRecentlyUsedTable<number, string>(maxsize);
  for (let i = 0; i < count; i++) table.set(i, `v${i}`);
  return table;
}

/** The reference model: an array of entries, least recently used first. */
class ReferenceLru {
  entries: Array<[number, number]> = [];
  constructor(readonly maxsize: number) {}
  get(key: number): number | undefined {
    const at = this.entries.findIndex(([k]) => k === key);
    if (at < 0) return undefined;
    const [entry] = this.entries.splice(at, 1);
    this.entries.push(entry);
    return entry[1];
  }
  peek(key: number): number | undefined {
    return this.entries.find(([k]) => k === key)?.[1];
  }
  set(key: number, value: number): Array<[number, number]> {
    const at = this.entries.findIndex(([k]) => k === key);
    if (at >= 0) {
      this.entries.splice(at, 1);
      this.entries.push([key, value]);
      return [];
    }
    const evicted = this.entries.length >= this.maxsize ? this.entries.splice(0, 1) : [];
    this.entries.push([key, value]);
    return evicted;
  }
  delete(key: number): boolean {
    const at = this.entries.findIndex(([k]) => k === key);
    if (at >= 0) this.entries.splice(at, 1);
    return at >= 0;
  }
  clear(): void {
    this.entries = [];
  }
}

/** Applies one public-API step to the table and the model and checks they agree; false for any other step. */
function applyPublicStep(
  table: LeastRecentlyUsedTable<number, number>,
  model: ReferenceLru,
  step: { readonly op: string; readonly key?: number; readonly value?: number },
): boolean {
  const key = step.key ?? 0;
  switch (step.op) {
    case 'get':
      expect(table.get(key)).toBe(model.get(key));
      return true;
    case 'peek':
      expect(table.peek(key)).toBe(model.peek(key));
      return true;
    case 'delete':
      expect(table.delete(key)).toBe(model.delete(key));
      return true;
    case 'set':
      expect([...table.set(key, step.value ?? 0)]).toEqual(model.set(key, step.value ?? 0));
      return true;
    case 'clear':
      table.clear();
      model.clear();
      return true;
    default:
      return false;
  }
}

type Op =
  | { readonly op: 'get' | 'peek' | 'delete'; readonly key: number }
  | { readonly op: 'set'; readonly key: number; readonly value: number }
  | { readonly op: 'clear' }
  | { readonly op: 'sweep'; readonly modulo: number };

const keyArb = fc.integer({ min: 0, max: 9 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({ op: fc.constantFrom('get' as const, 'peek' as const, 'delete' as const), key: keyArb }),
    weight: 6,
  },
  { arbitrary: fc.record({ op: fc.constant('set' as const), key: keyArb, value: fc.integer() }), weight: 6 },
  { arbitrary: fc.record({ op: fc.constant('clear' as const) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('sweep' as const), modulo: fc.integer({ min: 1, max: 3 }) }), weight: 1 },
);

describe(LeastRecentlyUsedTable.name, () => {
  describe('constructor', () => {
    it.each([[0], [-1], [1.5], [NaN], [Infinity], [2 ** 53]])(
      'throws InvalidCacheConfigError for maxsize %p',
      (maxsize) => {
        expect(() => new LeastRecentlyUsedTable(maxsize)).toThrow(InvalidCacheConfigError);
      },
    );

    it('names the option and the bad value in the error', () => {
      expect(() => new LeastRecentlyUsedTable(-2)).toThrow(/maxsize = -2 \(expected a positive integer/);
    });

    it('allocates lazily, so a huge maxsize costs only the entries stored', () => {
      // Eager typed arrays of 2^40 slots would throw a RangeError here.
      const table = new LeastRecentlyUsedTable<number, number>(2 ** 40);
      for (let i = 0; i < 5000; i++) table.set(i, i);
      expect(table.size).toBe(5000);
      expect(table.maxsize).toBe(2 ** 40);
      expect(keysOf(table).slice(0, 3)).toEqual([0, 1, 2]);
    });
  });

  describe('get()', () => {
    it('misses for 1, 2, 3, 2 when a maxsize-2 memo sees 1, 2, 1, 3, 1, 2', () => {
      const table = new LeastRecentlyUsedTable<number, string>(2);
      const misses: number[] = [];
      for (const key of [1, 2, 1, 3, 1, 2]) {
        if (table.get(key) === undefined) {
          misses.push(key);
          table.set(key, `v${key}`);
        }
      }
      expect(misses).toEqual([1, 2, 3, 2]);
    });

    it('makes the entry most recently used', () => {
      const table = filled(3);
      expect(table.get(0)).toBe('v0');
      expect(keysOf(table)).toEqual([1, 2, 0]);
      expect(table.get(2)).toBe('v2');
      expect(keysOf(table)).toEqual([1, 0, 2]);
    });

    it('leaves the order alone when the entry is already most recently used', () => {
      const table = filled(3);
      table.get(2);
      expect(keysOf(table)).toEqual([0, 1, 2]);
    });
  });

  describe('peek()', () => {
    it('returns the value without refreshing it', () => {
      const table = filled(2);
      expect(table.peek(0)).toBe('v0');
      expect(table.set(2, 'v2')).toEqual([[0, 'v0']]);
    });
  });

  describe('set()', () => {
    it('evicts the least recently used entry when a new key arrives at the bound', () => {
      const table = filled(3);
      table.get(0);
      expect(table.set(3, 'v3')).toEqual([[1, 'v1']]);
      expect(keysOf(table)).toEqual([2, 0, 3]);
      expect(table.size).toBe(3);
    });

    it('replaces and refreshes an existing key without evicting', () => {
      const table = filled(3);
      expect(table.set(0, 'new')).toHaveLength(0);
      expect(keysOf(table)).toEqual([1, 2, 0]);
      expect(table.peek(0)).toBe('new');
      expect(table.set(3, 'v3')).toEqual([[1, 'v1']]);
    });

    it('returns one shared frozen empty array when nothing is evicted', () => {
      const table = new LeastRecentlyUsedTable<number, number>(2);
      const first = table.set(1, 1);
      expect(first).toHaveLength(0);
      expect(Object.isFrozen(first)).toBe(true);
      expect(table.set(2, 2)).toBe(first);
    });

    it('returns a fresh array for each eviction', () => {
      const table = filled(1);
      const first = table.set(1, 'v1');
      const second = table.set(2, 'v2');
      expect(first).toEqual([[0, 'v0']]);
      expect(second).toEqual([[1, 'v1']]);
      expect(second).not.toBe(first);
    });

    it('keeps exactly the newest entry at maxsize 1', () => {
      const table = new LeastRecentlyUsedTable<string, number>(1);
      table.set('a', 1);
      expect(table.set('b', 2)).toEqual([['a', 1]]);
      expect(table.get('a')).toBeUndefined();
      expect(table.get('b')).toBe(2);
      expect(table.size).toBe(1);
    });

    it('evicts in LRU order across growth of its slot arrays', () => {
      const table = filled(5000);
      expect(table.set(5000, 'v5000')).toEqual([[0, 'v0']]);
      table.get(1);
      expect(table.set(5001, 'v5001')).toEqual([[2, 'v2']]);
      expect(table.size).toBe(5000);
    });
  });

  describe('delete()', () => {
    it.each([
      ['the least recently used', 0, [1, 2]],
      ['a middle', 1, [0, 2]],
      ['the most recently used', 2, [0, 1]],
    ])('unlinks %s entry', (_where, key, rest) => {
      const table = filled(3);
      expect(table.delete(key)).toBe(true);
      expect(keysOf(table)).toEqual(rest);
      table.set(10, 'v10');
      table.set(11, 'v11');
      expect(table.size).toBe(3);
      expect(keysOf(table)).toEqual([...rest.slice(1), 10, 11]);
    });
  });

  describe('regressions (aquiche: clearing or sweeping a full LRU broke it)', () => {
    it('evicts correctly after fill, clear and refill', () => {
      const table = filled(3);
      table.clear();
      expect(table.size).toBe(0);
      for (let i = 10; i < 13; i++) expect(table.set(i, `v${i}`)).toHaveLength(0);
      expect(table.set(13, 'v13')).toEqual([[10, 'v10']]);
      expect(keysOf(table)).toEqual([11, 12, 13]);
      expect(table.get(0)).toBeUndefined();
    });

    it('evicts correctly after fill, deleting half and refilling past maxsize', () => {
      const table = filled(6);
      for (const key of [0, 2, 4]) table.delete(key);
      const evicted: Array<[number, string]> = [];
      for (let i = 10; i < 16; i++) evicted.push(...table.set(i, `v${i}`));
      expect(evicted).toEqual([
        [1, 'v1'],
        [3, 'v3'],
        [5, 'v5'],
      ]);
      expect(keysOf(table)).toEqual([10, 11, 12, 13, 14, 15]);
      expect(table.size).toBe(6);
    });

    it('evicts correctly after sweeping a full table through entries()', () => {
      const table = filled(6);
      for (const [key] of table.entries()) if (key % 2 === 1) table.delete(key);
      expect(keysOf(table)).toEqual([0, 2, 4]);
      const evicted: Array<[number, string]> = [];
      for (let i = 10; i < 14; i++) evicted.push(...table.set(i, `v${i}`));
      expect(evicted).toEqual([[0, 'v0']]);
      expect(keysOf(table)).toEqual([2, 4, 10, 11, 12, 13]);
    });

    it('evicts correctly after emptying a full table by deleting every key', () => {
      const table = filled(3);
      for (let i = 0; i < 3; i++) table.delete(i);
      for (let i = 10; i < 14; i++) table.set(i, `v${i}`);
      expect(keysOf(table)).toEqual([11, 12, 13]);
    });
  });

  describe('entries()', () => {
    it('lists entries least recently used first', () => {
      const table = filled(4);
      table.get(1);
      table.set(0, 'again');
      expect([...table.entries()]).toEqual([
        [2, 'v2'],
        [3, 'v3'],
        [1, 'v1'],
        [0, 'again'],
      ]);
    });

    it('skips entries deleted ahead of the iteration', () => {
      const table = filled(5);
      const seen: number[] = [];
      for (const [key] of table.entries()) {
        seen.push(key);
        if (key === 1) {
          table.delete(2);
          table.delete(4);
        }
      }
      expect(seen).toEqual([0, 1, 3]);
    });

    it('stops when the most recently used entry is deleted ahead of the iteration', () => {
      const table = filled(3);
      const seen: number[] = [];
      for (const [key] of table.entries()) {
        seen.push(key);
        if (key === 0) {
          table.delete(1);
          table.delete(2);
        }
      }
      expect(seen).toEqual([0]);
      expect(table.size).toBe(1);
    });

    it('ends the iteration when the table is cleared during it', () => {
      const table = filled(5);
      const seen: number[] = [];
      for (const [key] of table.entries()) {
        seen.push(key);
        table.clear();
        table.set(100, 'v100');
      }
      expect(seen).toEqual([0]);
      expect(keysOf(table)).toEqual([100]);
    });

    it('visits each entry once when get() refreshes each one as it is yielded', () => {
      const table = filled(4);
      const seen: number[] = [];
      for (const [key] of table.entries()) {
        if (seen.length > 100) break;
        seen.push(key);
        table.get(key);
      }
      expect(seen).toEqual([0, 1, 2, 3]);
      expect(keysOf(table)).toEqual([0, 1, 2, 3]);
    });

    it('terminates when get() and set() run during the iteration', () => {
      const table = filled(4);
      let steps = 0;
      for (const [key] of table.entries()) {
        steps++;
        table.get(key);
        table.set(key + 100, 'x');
        if (steps > 100) break;
      }
      expect(steps).toBeLessThanOrEqual(8);
      expect(table.size).toBe(4);
      expect(new Set(keysOf(table)).size).toBe(4);
    });
  });

  describe('against a reference LRU model', () => {
    it('agrees on every result, size and order for random operation sequences', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 5 }), fc.array(opArb, { maxLength: 80 }), (maxsize, ops) => {
          const table = new LeastRecentlyUsedTable<number, number>(maxsize);
          const model = new ReferenceLru(maxsize);
          for (const step of ops) {
            if (step.op === 'sweep') {
              for (const [key] of table.entries()) if (key % step.modulo === 0) table.delete(key);
              model.entries = model.entries.filter(([key]) => key % step.modulo !== 0);
            } else {
              applyPublicStep(table, model, step);
            }
            expect(table.size).toBe(model.entries.length);
            expect([...table.entries()]).toEqual(model.entries);
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe('LeastRecentlyUsedTable before and after it first fills', () => {
  it('orders by recency from stamps until the first eviction, then by its list', () => {
    const table = new LeastRecentlyUsedTable<string, number>(3);
    table.set('a', 1);
    table.set('b', 2);
    table.set('c', 3);
    table.get('a');
    table.set('b', 20);
    expect([...table.entries()].map(([key]) => key)).toEqual(['c', 'a', 'b']);
    expect(table.set('d', 4)).toEqual([['c', 3]]);
    table.get('a');
    expect(table.set('e', 5)).toEqual([['b', 20]]);
    expect([...table.entries()].map(([key]) => key)).toEqual(['d', 'a', 'e']);
  });

  it.each([[100], [2 ** 11 - 4], [2 ** 22 - 4]])(
    'orders by stamps correctly after %p refreshes (every radix pass of the stamp sort)',
    (refreshes) => {
      const table = new LeastRecentlyUsedTable<number, number>(8);
      for (let key = 0; key < 6; key++) table.set(key, key);
      // Keys 0…5 refreshed round-robin, then 3 and 1 last: 3 and 1 are the most recent, in that order.
      // The counts make the last stamps straddle 2^11 and 2^22, where a missing radix pass misorders.
      for (let i = 0; i < refreshes; i++) table.get(i % 6);
      table.get(3);
      table.get(1);
      const last = (refreshes - 1) % 6;
      const roundRobin = [1, 2, 3, 4, 5, 6].map((step) => (last + step) % 6).filter((key) => key !== 3 && key !== 1);
      expect(keysOf(table)).toEqual([...roundRobin, 3, 1]);
      table.set(6, 6);
      table.set(7, 7);
      expect(table.set(8, 8)).toEqual([[roundRobin[0], roundRobin[0]]]);
    },
  );

  it('reuses deleted slots before it is linked and links them in recency order', () => {
    const table = new LeastRecentlyUsedTable<number, number>(3);
    table.set(1, 1);
    table.set(2, 2);
    table.delete(1);
    table.set(3, 3);
    table.set(4, 4);
    expect(table.size).toBe(3);
    expect(table.set(5, 5)).toEqual([[2, 2]]);
    table.clear();
    table.set(6, 6);
    expect([...table.entries()]).toEqual([[6, 6]]);
  });
});

describe('LeastRecentlyUsedTable: the manager-internal store and refresh', () => {
  it('store() hands an eviction to its callback instead of returning an array, and returns the slot', () => {
    const table = filled(2);
    const evicted: Array<[number, string]> = [];
    const slotOf2 = table.store(2, 'v2', (key, value) => evicted.push([key, value]));
    expect(evicted).toEqual([[0, 'v0']]);
    table.store(3, 'v3', null);
    expect(keysOf(table)).toEqual([2, 3]);
    table.refresh(slotOf2);
    expect(keysOf(table)).toEqual([3, 2]);
  });

  it('store() of a present key keeps its slot and refreshes it; storeNew() skips the lookup', () => {
    const table = new LeastRecentlyUsedTable<number, string>(3);
    const slotOf0 = table.store(0, 'v0', null);
    table.store(1, 'v1', null);
    table.store(2, 'v2', null);
    expect(table.store(0, 'again', null)).toBe(slotOf0);
    expect(keysOf(table)).toEqual([1, 2, 0]);
    expect(table.peek(0)).toBe('again');
    const slotOf7 = table.storeNew(7, 'v7', null);
    expect(keysOf(table)).toEqual([2, 0, 7]);
    table.refresh(slotOf0);
    expect(keysOf(table)).toEqual([2, 7, 0]);
    table.refresh(slotOf7);
    expect(keysOf(table)).toEqual([2, 0, 7]);
  });

  it('refresh() marks a slot most recently used, before and after the table first fills', () => {
    const table = new LeastRecentlyUsedTable<number, string>(3);
    const slots = [0, 1, 2].map((key) => table.store(key, `v${key}`, null));
    table.refresh(slots[0]);
    expect(keysOf(table)).toEqual([1, 2, 0]);
    expect(table.set(3, 'v3')).toEqual([[1, 'v1']]);
    table.refresh(slots[2]);
    expect(keysOf(table)).toEqual([0, 3, 2]);
    table.refresh(slots[2]);
    expect(keysOf(table)).toEqual([0, 3, 2]);
  });

  const internalOpArb: fc.Arbitrary<InternalOp> = fc.oneof(
    {
      arbitrary: fc.record({ op: fc.constantFrom('get' as const, 'delete' as const, 'refresh' as const), key: keyArb }),
      weight: 6,
    },
    {
      arbitrary: fc.record({ op: fc.constantFrom('store' as const, 'set' as const), key: keyArb, value: fc.integer() }),
      weight: 6,
    },
    { arbitrary: fc.record({ op: fc.constant('clear' as const) }), weight: 1 },
  );

  it('agrees with the reference LRU when stores, refreshes and the public API mix', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(internalOpArb, { maxLength: 80 }), (maxsize, ops) => {
        const table = new LeastRecentlyUsedTable<number, number>(maxsize);
        const model = new ReferenceLru(maxsize);
        const slots = new Map<number, number>();
        for (const step of ops) {
          if (!applyPublicStep(table, model, step)) {
            applyInternalStep(table, model, slots, step);
          }
          // A slot learned from store() stays valid while its key stays in the table.
          for (const key of [...slots.keys()]) if (model.peek(key) === undefined) slots.delete(key);
          expect(table.size).toBe(model.entries.length);
          expect([...table.entries()]).toEqual(model.entries);
        }
      }),
      { numRuns: 300 },
    );
  });
});

type InternalOp =
  | { readonly op: 'get' | 'delete' | 'refresh'; readonly key: number }
  | { readonly op: 'store' | 'set'; readonly key: number; readonly value: number }
  | { readonly op: 'clear' };

/**
 * Applies one `store`/`refresh` step to the table and the model and checks they agree; `slots`
 * holds the slots `store` returned, which `refresh` uses (keys without one are not refreshed).
 */
function applyInternalStep(
  table: LeastRecentlyUsedTable<number, number>,
  model: ReferenceLru,
  slots: Map<number, number>,
  step: InternalOp,
): void {
  switch (step.op) {
    case 'store': {
      const evicted: Array<[number, number]> = [];
      const present = model.peek(step.key) !== undefined;
      const onEvict = (key: number, value: number): void => void evicted.push([key, value]);
      const slot = present ? table.store(step.key, step.value, onEvict) : table.storeNew(step.key, step.value, onEvict);
      expect(evicted).toEqual(model.set(step.key, step.value));
      if (present && slots.has(step.key)) expect(slot).toBe(slots.get(step.key));
      slots.set(step.key, slot);
      break;
    }
    case 'refresh': {
      const slot = slots.get(step.key);
      if (slot !== undefined) {
        table.refresh(slot);
        model.get(step.key);
      }
      break;
    }
  }
}

describe('LeastRecentlyUsedTable keys: small integers (0 … 8191, an array) apart from every other key (a Map)', () => {
  const sameValueZero = (a: unknown, b: unknown): boolean => a === b || (a !== a && b !== b);
  const mixedKeys: unknown[] = [
    0,
    -0,
    1,
    '1',
    '0',
    1.5,
    -1,
    NaN,
    8191,
    8192,
    '8191',
    2 ** 32 - 1,
    4e9,
    Infinity,
    'a',
    true,
  ];
  const mixedKeyArb = fc.constantFrom(...mixedKeys);
  type MixedOp =
    | { readonly op: 'get'; readonly key: unknown }
    | { readonly op: 'delete'; readonly key: unknown }
    | { readonly op: 'set'; readonly key: unknown; readonly value: number };
  const mixedOpArb: fc.Arbitrary<MixedOp> = fc.oneof(
    fc.record({ op: fc.constant('get' as const), key: mixedKeyArb }),
    fc.record({ op: fc.constant('delete' as const), key: mixedKeyArb }),
    fc.record({ op: fc.constant('set' as const), key: mixedKeyArb, value: fc.integer() }),
  );

  it('keeps 1 and "1", 0 and "0" apart, finds 0 by -0 and NaN by NaN, as a Map would', () => {
    const table = new LeastRecentlyUsedTable<unknown, string>(10);
    table.set(1, 'number one');
    table.set('1', 'string one');
    table.set(-0, 'zero');
    table.set(NaN, 'nan');
    table.set(2 ** 32 - 1, 'not an index');
    table.set(8191, 'largest small integer');
    table.set(8192, 'first large integer');
    expect(table.get(1)).toBe('number one');
    expect(table.get('1')).toBe('string one');
    expect(table.get(0)).toBe('zero');
    expect(table.get('0')).toBeUndefined();
    expect(table.get(NaN)).toBe('nan');
    expect(table.peek(2 ** 32 - 1)).toBe('not an index');
    expect(table.peek(8191)).toBe('largest small integer');
    expect(table.peek(8192)).toBe('first large integer');
    expect(table.size).toBe(7);
    expect(table.delete(1)).toBe(true);
    expect(table.get(1)).toBeUndefined();
    expect(table.get('1')).toBe('string one');
    expect(table.size).toBe(6);
  });

  it('agrees with a SameValueZero reference LRU for every kind of key', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(mixedOpArb, { maxLength: 60 }), (maxsize, ops) => {
        const table = new LeastRecentlyUsedTable<unknown, number>(maxsize);
        let model: Array<[unknown, number]> = [];
        const find = (key: unknown): number => model.findIndex(([k]) => sameValueZero(k, key));
        for (const step of ops) {
          const at = find(step.key);
          if (step.op === 'get') {
            const expected = at < 0 ? undefined : model[at][1];
            if (at >= 0) model.push(...model.splice(at, 1));
            expect(table.get(step.key)).toBe(expected);
          } else if (step.op === 'delete') {
            if (at >= 0) model.splice(at, 1);
            expect(table.delete(step.key)).toBe(at >= 0);
          } else {
            // As a Map: an existing key keeps the key first stored; a new -0 is stored as +0.
            let evicted: Array<[unknown, number]> = [];
            let key = step.key === 0 ? 0 : step.key;
            if (at >= 0) key = model.splice(at, 1)[0][0];
            else if (model.length === maxsize) evicted = model.splice(0, 1);
            model.push([key, step.value]);
            expect([...table.set(step.key, step.value)]).toEqual(evicted);
          }
          expect(table.size).toBe(model.length);
          expect([...table.entries()]).toEqual(model);
        }
        model = [];
      }),
      { numRuns: 300 },
    );
  });
});

describe(`${LeastRecentlyUsedTable.name} for a weight bound`, () => {
  it.each([
    ['before the first eviction (recency stamps)', 3],
    ['after it (linked list)', 2],
  ])('evictVictim() evicts the least recently used entry, %s', (_when, maxsize) => {
    const table = new LeastRecentlyUsedTable<number, string>(maxsize);
    for (let i = 0; i < 3; i++) table.set(i, `v${i}`);
    table.get(table.size === 3 ? 0 : 1);
    const evicted: Array<[number, string]> = [];
    expect(table.evictVictim((key, value) => evicted.push([key, value]))).toBe(true);
    expect(evicted).toEqual(maxsize === 3 ? [[1, 'v1']] : [[2, 'v2']]);
    expect(table.size).toBe(maxsize - 1);
  });

  it('evictVictim() reports an empty table', () => {
    expect(new LeastRecentlyUsedTable(2).evictVictim(() => undefined)).toBe(false);
  });
});
