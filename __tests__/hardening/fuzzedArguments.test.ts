/**
 * Fuzzed arguments (issue 8): any argument list gives a key or a typed `KeyEncodingError` (the call
 * fails, the function does not run, nothing is stored), never a hang, and never wrong sharing: two
 * argument lists share an entry exactly when the reference equality below (DESIGN.md §4) says so:
 * - same arity, then argument by argument;
 * - primitives by SameValueZero (`0` and `-0` one key, `NaN` equals `NaN`), of the same type;
 * - plain objects (prototype `Object.prototype` or `null`) by their own enumerable string keys, sorted;
 * - arrays by length and elements, a hole differing from an explicit `undefined`;
 * - `Date` by time (every invalid date alike); `Map` and `Set` by content, in any order;
 * - functions and every other object (class instances, boxed primitives, …) by identity.
 */
import fc from 'fast-check';
import { CacheManager, KeyEncodingError } from '../../src';
import { kindOf, sameMultiset } from '../strategies/encoding/keyArbitraries';
import { ANYTHING_WITH_ODD_VALUES, newManager } from './hardeningFixtures';

class Thing {
  constructor(readonly id: number) {}
}
const thingA = new Thing(1);
const thingB = new Thing(1);
const fnA = (): number => 1;

/** The reference deep equality of DESIGN.md §4 (for acyclic values). */
function referenceEqual(x: unknown, y: unknown): boolean {
  if (typeof x !== typeof y) return false;
  if (typeof x !== 'object' || x === null || y === null) {
    return x === y || (Number.isNaN(x) && Number.isNaN(y));
  }
  const a = x;
  const b = y as object;
  const kind = kindOf(a);
  if (kind !== kindOf(b)) return false;
  switch (kind) {
    case 'identity':
      return a === b;
    case 'date':
      return referenceEqual((a as Date).getTime(), (b as Date).getTime());
    case 'array': {
      const p = a as unknown[];
      const q = b as unknown[];
      if (p.length !== q.length) return false;
      for (let i = 0; i < p.length; i++) {
        if (i in p !== i in q) return false;
        if (!referenceEqual(p[i], q[i])) return false;
      }
      return true;
    }
    case 'map':
      return sameMultiset(
        Array.from(a as Map<unknown, unknown>),
        Array.from(b as Map<unknown, unknown>),
        ([k1, v1], [k2, v2]) => referenceEqual(k1, k2) && referenceEqual(v1, v2),
      );
    case 'set':
      return sameMultiset(Array.from(a as Set<unknown>), Array.from(b as Set<unknown>), referenceEqual);
    case 'plain': {
      const p = a as Record<string, unknown>;
      const q = b as Record<string, unknown>;
      const keys = Object.keys(p).sort();
      const other = Object.keys(q).sort();
      if (keys.length !== other.length || keys.some((key, i) => key !== other[i])) return false;
      return keys.every((key) => referenceEqual(p[key], q[key]));
    }
  }
}

const listsEqual = (xs: readonly unknown[], ys: readonly unknown[]): boolean =>
  xs.length === ys.length && xs.every((x, i) => referenceEqual(x, ys[i]));

/** The leaves of the value domain below; a mutation in `reshuffled` swaps one of them in. */
const LEAVES: readonly unknown[] = [
  0,
  -0,
  Number.NaN,
  1,
  '1',
  '',
  'a',
  true,
  false,
  null,
  undefined,
  1n,
  Symbol.for('s'),
  thingA,
  thingB,
  fnA,
];

/** A small value domain, so that equal and nearly equal lists come up often. */
const { tree } = fc.letrec<{ tree: unknown; leaf: unknown }>((tie) => ({
  leaf: fc.constantFrom<unknown>(...LEAVES),
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: tie('leaf'), weight: 6 },
    { arbitrary: fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('tree'), { maxKeys: 3 }), weight: 2 },
    {
      arbitrary: fc
        .dictionary(fc.constantFrom('a', 'b'), tie('tree'), { maxKeys: 2 })
        .map((o) => Object.assign(Object.create(null) as object, o)),
      weight: 1,
    },
    { arbitrary: fc.array(tie('tree'), { maxLength: 3 }), weight: 2 },
    { arbitrary: fc.sparseArray(tie('tree'), { maxLength: 3 }), weight: 1 },
    { arbitrary: fc.constantFrom(0, 1, Number.NaN).map((t) => new Date(t)), weight: 1 },
    {
      arbitrary: fc.array(fc.tuple(tie('tree'), tie('tree')), { maxLength: 2 }).map((pairs) => new Map(pairs)),
      weight: 1,
    },
    { arbitrary: fc.array(tie('tree'), { maxLength: 3 }).map((values) => new Set(values)), weight: 1 },
  ),
}));
const argList = fc.array(tree, { maxLength: 3 });

/**
 * A copy that the reference calls equal: plain objects with their keys in another order, arrays and
 * `Date`s copied, `Map`/`Set` rebuilt in another insertion order, `0` and `-0` swapped; identities kept.
 */
function reshuffled(value: unknown, random: () => number, mutationRate = 0): unknown {
  if (random() < mutationRate) return LEAVES[Math.floor(random() * LEAVES.length)];
  if (value === 0) return random() < 0.5 ? 0 : -0;
  if (typeof value !== 'object' || value === null) return value;
  switch (kindOf(value)) {
    case 'plain': {
      const keys = Object.keys(value);
      if (random() < 0.5) keys.reverse();
      const copy = (Object.getPrototypeOf(value) === null ? Object.create(null) : {}) as Record<string, unknown>;
      // defineProperty, not assignment: an own "__proto__" key must stay an own key in the copy.
      for (const key of keys) {
        Object.defineProperty(copy, key, {
          value: reshuffled((value as Record<string, unknown>)[key], random, mutationRate),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return copy;
    }
    case 'array': {
      const source = value as unknown[];
      const copy: unknown[] = new Array(source.length);
      for (let i = 0; i < source.length; i++)
        if (i in source) copy[i] = reshuffled(source[i], random, mutationRate);
        else if (random() < mutationRate) copy[i] = undefined;
      return copy;
    }
    case 'date':
      return new Date((value as Date).getTime());
    case 'map': {
      const pairs = Array.from(value as Map<unknown, unknown>);
      if (random() < 0.5) pairs.reverse();
      return new Map(pairs.map(([k, v]) => [reshuffled(k, random, mutationRate), reshuffled(v, random, mutationRate)]));
    }
    case 'set': {
      const values = Array.from(value as Set<unknown>);
      if (random() < 0.5) values.reverse();
      return new Set(values.map((v) => reshuffled(v, random, mutationRate)));
    }
    default:
      return value;
  }
}

/** True when the second call of `second` was answered by the entry `first` created. */
function shareEntry(first: readonly unknown[], second: readonly unknown[]): boolean {
  let calls = 0;
  const cached = newManager().wrap((..._args: unknown[]) => ++calls);
  cached(...first);
  cached(...second);
  return calls === 1;
}

function makeRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

describe(CacheManager.name, () => {
  describe('wrap() with fuzzed arguments', () => {
    it('shares an entry between two random argument lists exactly when the reference calls them equal', () => {
      fc.assert(
        fc.property(argList, argList, (first, second) => {
          expect(shareEntry(first, second)).toBe(listsEqual(first, second));
        }),
        { numRuns: 500 },
      );
    });

    it('shares an entry between an argument list and a mutated copy exactly when the reference calls them equal', () => {
      let equalPairs = 0;
      fc.assert(
        fc.property(argList, fc.integer(), (first, seed) => {
          const random = makeRandom(seed);
          const second = first.map((argument) => reshuffled(argument, random, 0.15));
          const equal = listsEqual(first, second);
          if (equal) equalPairs++;
          expect(shareEntry(first, second)).toBe(equal);
        }),
        { numRuns: 1_000 },
      );
      // Both answers must come up often, or the property says little.
      expect(equalPairs).toBeGreaterThan(100);
      expect(equalPairs).toBeLessThan(900);
    });

    it('shares an entry between an argument list and its reshuffled copy', () => {
      fc.assert(
        fc.property(argList, fc.integer(), (first, seed) => {
          const second = reshuffled(first, makeRandom(seed)) as unknown[];
          expect(listsEqual(first, second)).toBe(true);
          expect(shareEntry(first, second)).toBe(true);
        }),
        { numRuns: 500 },
      );
    });

    it('keys any fast-check value, or fails the call with KeyEncodingError, and shares it with a reshuffled copy', () => {
      fc.assert(
        fc.property(fc.array(fc.anything(ANYTHING_WITH_ODD_VALUES), { maxLength: 3 }), fc.integer(), (first, seed) => {
          const second = reshuffled(first, makeRandom(seed)) as unknown[];
          expect(shareEntry(first, second)).toBe(true);
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('wrap() with hostile arguments', () => {
    const cyclicObject = (): object => {
      const o: Record<string, unknown> = { a: 1 };
      o.self = o;
      return o;
    };
    const deepCycle = (): object => {
      const inner: Record<string, unknown> = {};
      const o = { list: [1, new Map([['k', new Set([inner])]])] };
      inner.back = o;
      return o;
    };
    const throwing = (what: string) => (): never => {
      throw new Error(what);
    };
    const throwingTraps = {
      get: throwing('get trap'),
      ownKeys: throwing('ownKeys trap'),
      getPrototypeOf: throwing('getPrototypeOf trap'),
      getOwnPropertyDescriptor: throwing('getOwnPropertyDescriptor trap'),
      has: throwing('has trap'),
    };

    /** [label, make the argument, 'key' or 'error'] */
    const cases: ReadonlyArray<readonly [string, () => unknown, 'key' | 'error']> = [
      ['a cyclic object', cyclicObject, 'error'],
      ['a cycle through an array, a Map and a Set', deepCycle, 'error'],
      [
        'a cyclic array',
        () => {
          const a: unknown[] = [];
          a.push(a);
          return a;
        },
        'error',
      ],
      [
        'a Map that contains itself as a key',
        () => {
          const m = new Map<unknown, unknown>();
          m.set(m, 1);
          return m;
        },
        'error',
      ],
      [
        'an object with a throwing getter',
        () => Object.defineProperty({}, 'x', { enumerable: true, get: throwing('getter') }),
        'error',
      ],
      ['a Proxy whose traps throw', () => new Proxy({}, throwingTraps), 'error'],
      ['a Proxy over an array whose traps throw', () => new Proxy([], throwingTraps), 'error'],
      ['an object with a throwing toJSON', () => ({ a: 1, toJSON: throwing('toJSON') }), 'key'],
      [
        'an object with a throwing toString and valueOf',
        () => ({ toString: throwing('toString'), valueOf: throwing('valueOf') }),
        'key',
      ],
      [
        'a class instance with a throwing getter on its prototype',
        () =>
          new (class {
            get x(): never {
              throw new Error('getter');
            }
          })(),
        'key',
      ],
      ['a symbol', () => Symbol('local'), 'key'],
      ['a registered symbol', () => Symbol.for('global'), 'key'],
      ['a 1e6-character string', () => 'x'.repeat(1_000_000), 'key'],
      ['NaN', () => Number.NaN, 'key'],
      ['-0', () => -0, 'key'],
      ['a sparse array', () => [1, , 3], 'key'],
      ['a frozen nested object', () => Object.freeze({ a: Object.freeze([1, { b: 2 }]) }), 'key'],
      ['a null-prototype object', () => Object.assign(Object.create(null) as object, { a: 1 }), 'key'],
      [
        'a Map and a Set with nested objects',
        () => new Map<unknown, unknown>([[{ k: 1 }, new Set([{ v: [1, 2] }])]]),
        'key',
      ],
      ['a Proxy over a plain object with no traps', () => new Proxy({ a: 1 }, {}), 'key'],
      [
        'a revoked Proxy',
        () => {
          const { proxy, revoke } = Proxy.revocable({}, {});
          revoke();
          return proxy;
        },
        'error',
      ],
    ];

    it.each(cases)('gives %s a key, or fails only that call with KeyEncodingError (sync)', (_label, make, outcome) => {
      let calls = 0;
      const cached = newManager().wrap((..._args: unknown[]) => ++calls);
      if (outcome === 'key') {
        expect(cached('before', make())).toBe(1);
        expect(cached.cacheInfo().currentSize).toBe(1);
        return;
      }
      let thrown: unknown;
      try {
        cached('before', make());
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(KeyEncodingError);
      expect(thrown).toMatchObject({ position: 1 });
      expect({ calls, currentSize: cached.cacheInfo().currentSize }).toEqual({ calls: 0, currentSize: 0 });
      expect(cached('after')).toBe(1);
    });

    it.each(cases)(
      'gives %s a key, or rejects only that call with KeyEncodingError (async, one argument)',
      async (_label, make, outcome) => {
        let calls = 0;
        const cached = newManager().wrap(async (_arg: unknown) => ++calls);
        const result = cached(make());
        expect(result).toBeInstanceOf(Promise);
        if (outcome === 'key') {
          await expect(result).resolves.toBe(1);
          return;
        }
        await expect(result).rejects.toBeInstanceOf(KeyEncodingError);
        await expect(result).rejects.toMatchObject({ position: 0 });
        expect({ calls, currentSize: cached.cacheInfo().currentSize }).toEqual({ calls: 0, currentSize: 0 });
      },
    );

    it('keeps keying correctly after a call failed half-way through encoding a nested argument', () => {
      let calls = 0;
      const cached = newManager().wrap((..._args: unknown[]) => ++calls);
      const shared = { a: 1 };
      expect(() => cached([shared, cyclicObject()])).toThrow(KeyEncodingError);
      // The failed encoding must leave no trace: `shared` is not mistaken for a cycle afterwards.
      expect(cached([shared, shared])).toBe(1);
      expect(cached([{ a: 1 }, { a: 1 }])).toBe(1);
    });
  });
});
