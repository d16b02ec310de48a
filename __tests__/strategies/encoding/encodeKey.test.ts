import fc from 'fast-check';
import { KeyEncodingError } from '../../../src/contracts/errors/KeyEncodingError';
import { encodeArgs, encodeKey, objectId } from '../../../src/strategies/encoding/encodeKey';
import {
  argumentList,
  argumentListPair,
  keyValue,
  keyValuePair,
  reorderedCopy,
  sameArguments,
  sameKeyValue,
  sameTableKey,
} from './keyArbitraries';

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

function cyclic(): Record<string, unknown> {
  const o: Record<string, unknown> = { a: 1 };
  o['self'] = o;
  return o;
}

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe(encodeKey.name, () => {
  describe('primitives', () => {
    it.each<[string, unknown, unknown]>([
      ['a number', 42, 42],
      ['NaN', NaN, NaN],
      ['-0 (normalised)', -0, 0],
      ['a string', 'abc', 'abc'],
      ['the empty string', '', ''],
      ['true', true, true],
      ['a bigint', 10n, 10n],
      ['null', null, null],
      ['undefined', undefined, undefined],
      ['a string starting with NUL (escaped)', '\u0000x', '\u0000s\u0000x'],
    ])('keys %s as %p', (_label, value, expected) => {
      expect(encodeKey(value, 0)).toEqual(expected);
    });

    it('keeps 0 and -0 one key and NaN equal to NaN', () => {
      expect(Object.is(encodeKey(-0, 0), 0)).toBe(true);
      expect(sameTableKey(encodeKey(NaN, 0), encodeKey(NaN, 0))).toBe(true);
    });

    it('returns a symbol as itself', () => {
      const s = Symbol('s');
      expect(encodeKey(s, 0)).toBe(s);
    });

    it('keeps 1, "1", true, 1n and the encoding of [1] apart', () => {
      const keys = [1, '1', true, 1n, [1], { 0: 1 }].map((v) => encodeKey(v, 0));
      expect(new Set(keys).size).toBe(keys.length);
    });
  });

  describe('structure', () => {
    it.each<[string, unknown, unknown]>([
      ['objects whose keys come in another order', { a: 1, b: 2 }, { b: 2, a: 1 }],
      ['nested objects', { u: { a: [1, { c: 'x', d: null }] } }, { u: { a: [1, { d: null, c: 'x' }] } }],
      ['a null-prototype object and a literal', Object.assign(Object.create(null), { a: 1 }), { a: 1 }],
      [
        'Maps with another insertion order',
        new Map<unknown, unknown>([
          ['a', 1],
          [2, 'b'],
        ]),
        new Map<unknown, unknown>([
          [2, 'b'],
          ['a', 1],
        ]),
      ],
      ['Sets with another insertion order', new Set([1, 'x', { a: 1 }]), new Set([{ a: 1 }, 'x', 1])],
      ['Dates with the same time', new Date(1000), new Date(1000)],
      ['two invalid Dates', new Date(NaN), new Date('nonsense')],
      ['-0 and 0 inside arrays', [-0], [0]],
      ['NaN inside objects', { n: NaN }, { n: NaN }],
    ])('gives one key to %s', (_label, a, b) => {
      expect(encodeKey(a, 0)).toBe(encodeKey(b, 0));
    });

    it.each<[string, unknown, unknown]>([
      ['an array and an object with index keys', [1, 2], { 0: 1, 1: 2 }],
      ['a hole and undefined', [, 1], [undefined, 1]],
      ['arrays of different length', [1], [1, undefined]],
      ['a missing key and an undefined value', {}, { a: undefined }],
      ['Dates with different times', new Date(1), new Date(2)],
      ['a nested number and the equal bigint', [10], [10n]],
      ['a nested string and the equal number', ['1'], [1]],
      ['a nested boolean and its string', [true], ['t']],
      ['a Date and its time', new Date(1), 1],
      ['a Map and an array of its pairs', new Map([[1, 2]]), [[1, 2]]],
      ['a Set and an array of its elements', new Set([1]), [1]],
      ['a Set and a Map', new Set(), new Map()],
      ['nested strings that differ by a quote', { a: 'x"' }, { a: 'x' }],
      ['values swapped between keys', { a: 1, b: 2 }, { a: 2, b: 1 }],
      ['Symbol("a") and Symbol.for("a")', [Symbol('a')], [Symbol.for('a')]],
      ['two Symbol("a")', [Symbol('a')], [Symbol('a')]],
      ['an object keyed by symbol-free content and one with toJSON', { a: 1 }, { toJSON: () => ({ a: 1 }) }],
      [
        'a Map and a Map subclass with equal content',
        new Map([[1, 1]]),
        new (class MyMap extends Map<number, number> {})([[1, 1]]),
      ],
    ])('gives different keys to %s', (_label, a, b) => {
      expect(encodeKey(a, 0)).not.toBe(encodeKey(b, 0));
    });

    it('keys Symbol.for symbols inside values by their registry key', () => {
      expect(encodeKey([Symbol.for('k')], 0)).toBe(encodeKey([Symbol.for('k')], 0));
    });

    it('keys a structure holding the same object twice (no cycle)', () => {
      const shared = { a: 1 };
      expect(encodeKey({ x: shared, y: shared }, 0)).toBe(encodeKey({ x: { a: 1 }, y: { a: 1 } }, 0));
    });

    it('keys an acyclic structure nested deeper than the cycle check starts', () => {
      let deep: unknown = 'leaf';
      for (let i = 0; i < 50; i++) deep = { d: deep };
      expect(encodeKey(deep, 0)).toEqual(expect.stringMatching(/^\u0000\{/));
    });
  });

  describe('identity', () => {
    it('keys two class instances with the same fields apart', () => {
      expect(encodeKey(new Point(1, 2), 0)).not.toBe(encodeKey(new Point(1, 2), 0));
    });

    it.each<[string, object]>([
      ['a class instance', new Point(1, 2)],
      ['a function', () => 1],
      ['a RegExp', /x/],
      ['a boxed number', Object(1) as object],
      ['a Promise', Promise.resolve(1)],
      ['an Error', new Error('x')],
    ])('keys %s by identity: the same object gives the same key', (_label, o) => {
      expect(encodeKey(o, 0)).toBe(encodeKey(o, 0));
      expect(encodeKey({ nested: o }, 0)).toBe(encodeKey({ nested: o }, 0));
    });

    it('keys two functions with the same source apart', () => {
      expect(encodeKey(() => 1, 0)).not.toBe(encodeKey(() => 1, 0));
    });
  });

  describe('forgery', () => {
    it('escapes a string that spells the encoding of an object', () => {
      const o = { a: 1 };
      const encoded = encodeKey(o, 0) as string;
      expect(encodeKey(encoded, 0)).not.toBe(encoded);
    });

    it('escapes a string that spells an argument-list key', () => {
      const listKey = encodeArgs([1, 2]);
      expect(encodeKey(listKey, 0)).not.toBe(listKey);
    });

    it.each<[unknown, unknown]>([
      [['a', 'b'], ['a"1"b']],
      [{ a: 'b', c: 'd' }, { a: 'b4"c"d' }],
      [['1"a'], ['1', 'a']],
      [[':'], ['"', ':']],
    ])('keeps %p apart from %p, whose strings hold delimiters', (a, b) => {
      expect(encodeKey(a, 0)).not.toBe(encodeKey(b, 0));
    });

    it('equals ⇔ the reference deep equality, for random pairs of values (half of them reordered copies)', () => {
      fc.assert(
        fc.property(keyValuePair, ([a, b]) => {
          expect(sameTableKey(encodeKey(a, 0), encodeKey(b, 0))).toBe(sameKeyValue(a, b));
        }),
        { numRuns: 3000 },
      );
    });

    it('gives one key to a value and its reordered deep copy', () => {
      fc.assert(
        fc.property(keyValue, (a) => {
          expect(sameTableKey(encodeKey(a, 0), encodeKey(reorderedCopy(a), 0))).toBe(true);
        }),
        { numRuns: 1000 },
      );
    });
  });

  describe('errors', () => {
    it.each<[string, () => unknown]>([
      ['an object', cyclic],
      [
        'an array',
        (): unknown => {
          const a: unknown[] = [];
          a.push([a]);
          return a;
        },
      ],
      [
        'a Map',
        (): unknown => {
          const m = new Map<unknown, unknown>();
          m.set('m', { m });
          return m;
        },
      ],
      [
        'a Set',
        (): unknown => {
          const s = new Set<unknown>();
          s.add([s]);
          return s;
        },
      ],
      [
        'an object referring to itself under many keys',
        (): unknown => {
          const wide: Record<string, unknown> = {};
          for (let i = 0; i < 20; i++) wide[`k${i}`] = wide;
          return wide;
        },
      ],
      [
        'a long chain',
        (): unknown => {
          const head: Record<string, unknown> = {};
          let node = head;
          for (let i = 0; i < 30; i++) node = node['next'] = {};
          node['next'] = head;
          return head;
        },
      ],
    ])('throws KeyEncodingError naming the position for cyclic %s', (_label, make) => {
      const error = captureError(() => encodeKey(make(), 3));
      expect(error).toBeInstanceOf(KeyEncodingError);
      expect(error).toMatchObject({ position: 3, code: 'E_KEY', message: expect.stringMatching(/argument 3.*cyclic/) });
    });

    it('throws KeyEncodingError with the getter error as cause', () => {
      const boom = new Error('boom');
      const error = captureError(() =>
        encodeKey(
          {
            get a(): number {
              throw boom;
            },
          },
          1,
        ),
      );
      expect(error).toBeInstanceOf(KeyEncodingError);
      expect(error).toMatchObject({ position: 1, cause: boom, message: expect.stringContaining('boom') });
    });

    it('throws KeyEncodingError when a Proxy trap throws', () => {
      const trapError = new Error('trap');
      const proxy = new Proxy(
        {},
        {
          ownKeys: () => {
            throw trapError;
          },
        },
      );
      expect(captureError(() => encodeKey(proxy, 0))).toMatchObject({ position: 0, cause: trapError });
    });

    it('encodes normally again after a failure', () => {
      expect(() => encodeKey(cyclic(), 0)).toThrow(KeyEncodingError);
      const deep = { a: { b: { c: { d: { e: { f: { g: { h: { i: { j: 1 } } } } } } } } } };
      expect(encodeKey(deep, 0)).toBe(encodeKey(reorderedCopy(deep), 0));
    });

    it('lets a getter encode another value while its object is being encoded', () => {
      const inner = { z: 1 };
      const outer = {
        get a(): unknown {
          return encodeKey({ inner }, 5);
        },
      };
      expect(encodeKey(outer, 0)).toBe(encodeKey({ a: encodeKey({ inner: { z: 1 } }, 5) }, 0));
    });
  });
});

describe(encodeArgs.name, () => {
  it('keeps f(1), f("1"), f(true), f(-1), f(-2), f(null), f(undefined), f() apart', () => {
    const keys = [[1], ['1'], [true], [-1], [-2], [null], [undefined], []].map((args) => encodeArgs(args));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each<[unknown[], unknown[]]>([
    [[undefined], [undefined, undefined]],
    [['a', 'b'], ['ab']],
    [['a', 'b'], ['a,b']],
    [[1, 2], [12]],
    [[1], [1n]],
    [[1n, 2], [12n]],
    [[[1], 2], [[1, 2]]],
  ])('keys %p and %p apart', (a, b) => {
    expect(encodeArgs(a)).not.toBe(encodeArgs(b));
  });

  it('gives one key to 0 and -0 and to NaN and NaN', () => {
    expect(encodeArgs([0, NaN])).toBe(encodeArgs([-0, NaN]));
  });

  it('reads an arguments object like an array', () => {
    function keyOf(..._args: unknown[]): string {
      return encodeArgs(arguments);
    }
    expect(keyOf(1, { a: 2 })).toBe(encodeArgs([1, { a: 2 }]));
  });

  it('keys this by identity, never by structure', () => {
    const a = { id: 1 };
    const b = { id: 1 };
    expect(encodeArgs([1], a)).toBe(encodeArgs([1], a));
    expect(encodeArgs([1], a)).not.toBe(encodeArgs([1], b));
    expect(encodeArgs([1], a)).not.toBe(encodeArgs([1]));
    expect(encodeArgs([], a)).not.toBe(encodeArgs([a]));
  });

  it('throws KeyEncodingError naming the failing argument position', () => {
    expect(captureError(() => encodeArgs([1, 'x', cyclic()]))).toMatchObject({ position: 2 });
  });

  it('equals ⇔ the reference deep equality, for random pairs of argument lists (half of them reordered copies)', () => {
    fc.assert(
      fc.property(argumentListPair, ([a, b]) => {
        expect(encodeArgs(a) === encodeArgs(b)).toBe(sameArguments(a, b));
      }),
      { numRuns: 3000 },
    );
  });

  it('equals for an argument list and its reordered deep copy', () => {
    fc.assert(
      fc.property(argumentList, (a) => {
        expect(encodeArgs(a)).toBe(encodeArgs(a.map(reorderedCopy)));
      }),
      { numRuns: 1000 },
    );
  });
});

describe(objectId.name, () => {
  it('returns one id per object and different ids for different objects', () => {
    const a = {};
    expect(objectId(a)).toBe(objectId(a));
    expect(objectId(a)).not.toBe(objectId({}));
  });
});
