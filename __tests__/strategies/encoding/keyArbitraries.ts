import fc from 'fast-check';

/** Test helpers: values an argument can be, drawn from small domains so that equal pairs occur. */

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

const instances = [new Point(1, 2), new Point(1, 2), /x/, /x/, Object(1) as object, new Uint8Array(1)];
const functions = [(): number => 1, (): number => 1];
const symbols = [Symbol('a'), Symbol('a'), Symbol.for('a'), Symbol.for('b'), Symbol.iterator];
const trickyStrings = [
  '',
  '1',
  'a',
  '"',
  "'",
  '\\',
  '\u0000',
  '\u0000a1:',
  '\u0000s',
  '1"',
  '1"a',
  'n1;',
  ':',
  ';',
  'u',
  'l',
  't',
  'f',
  '{',
  '}',
  '[',
  ']',
  ')',
  'h',
  'i1;',
  'Y1"a',
  '\ud800',
  '\udc00',
];

const primitive: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, -2, NaN, Infinity, -Infinity, 1.5, 1e21, 10, 1e-7),
  fc.constantFrom(...trickyStrings),
  fc.string({ maxLength: 3, unit: fc.constantFrom('a', '1', '"', ':', '\u0000', 'n', ';', '{') }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt({ min: -2n, max: 10n }),
  fc.constantFrom(...symbols),
  fc.constantFrom(...instances),
  fc.constantFrom(...functions),
  fc.constantFrom(0, 1, NaN).map((t) => new Date(t)),
);

/** Any keyable value: primitives, identity objects, and nested plain objects, arrays, Maps, Sets. */
export const keyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    { arbitrary: primitive, weight: 4 },
    fc.sparseArray(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', '0', '1', '"', ''), tie('value'), { maxKeys: 3 }),
    fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 3 }).map((pairs) => new Map(pairs)),
    fc.array(tie('value'), { maxLength: 3 }).map((elements) => new Set(elements)),
  ),
})).value;

/** An argument list of arity 0 to 3. */
export const argumentList: fc.Arbitrary<unknown[]> = fc.array(keyValue, { maxLength: 3 });

/** Pairs of values: half independent, half a value and its reordered deep copy (equal keys). */
export const keyValuePair: fc.Arbitrary<[unknown, unknown]> = fc.oneof(
  fc.tuple(keyValue, keyValue),
  keyValue.map((a): [unknown, unknown] => [a, reorderedCopy(a)]),
);

/** Pairs of argument lists, built like {@link keyValuePair}. */
export const argumentListPair: fc.Arbitrary<[unknown[], unknown[]]> = fc.oneof(
  fc.tuple(argumentList, argumentList),
  argumentList.map((a): [unknown[], unknown[]] => [a, a.map(reorderedCopy)]),
);

/** How the default key treats an object: by structure (per kind) or by identity. */
export type Kind = 'plain' | 'array' | 'date' | 'map' | 'set' | 'identity';

/** The kind of `o` as the default key sees it (exact prototypes only). */
export function kindOf(o: object): Kind {
  const proto: unknown = Object.getPrototypeOf(o);
  if (proto === Object.prototype || proto === null) return 'plain';
  if (proto === Array.prototype) return 'array';
  if (proto === Date.prototype) return 'date';
  if (proto === Map.prototype) return 'map';
  if (proto === Set.prototype) return 'set';
  return 'identity';
}

/** Pairs every element of `a` with an unused, equal element of `b` (equality is an equivalence). */
export function sameMultiset<T>(a: readonly T[], b: readonly T[], equal: (x: T, y: T) => boolean): boolean {
  if (a.length !== b.length) return false;
  const used = new Array<boolean>(b.length).fill(false);
  return a.every((x) => {
    const j = b.findIndex((y, k) => !used[k] && equal(x, y));
    if (j === -1) return false;
    used[j] = true;
    return true;
  });
}

/** The reference: are `a` and `b` the same key by DESIGN.md §4, computed without any encoding? */
export function sameKeyValue(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (typeof a === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b));
  if (typeof a !== 'object' || a === null || b === null) return a === b;
  const x = a;
  const y = b as object;
  const kind = kindOf(x);
  if (kind !== kindOf(y)) return false;
  switch (kind) {
    case 'identity':
      return x === y;
    case 'date':
      return sameKeyValue((x as Date).getTime(), (y as Date).getTime());
    case 'plain': {
      const kx = Object.keys(x).sort();
      const ky = Object.keys(y).sort();
      return (
        kx.length === ky.length &&
        kx.every(
          (k, i) => k === ky[i] && sameKeyValue((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]),
        )
      );
    }
    case 'array': {
      const ax = x as unknown[];
      const ay = y as unknown[];
      if (ax.length !== ay.length) return false;
      for (let i = 0; i < ax.length; i++) {
        if (i in ax !== i in ay) return false;
        if (!sameKeyValue(ax[i], ay[i])) return false;
      }
      return true;
    }
    case 'map':
      return sameMultiset(
        [...(x as Map<unknown, unknown>)],
        [...(y as Map<unknown, unknown>)],
        (p, q) => sameKeyValue(p[0], q[0]) && sameKeyValue(p[1], q[1]),
      );
    case 'set':
      return sameMultiset([...(x as Set<unknown>)], [...(y as Set<unknown>)], sameKeyValue);
  }
}

/** Equal argument lists: same arity, every argument the same key value. */
export function sameArguments(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => sameKeyValue(v, b[i]));
}

/** A deep copy with every order reversed (object keys, Map and Set insertion) and -0/0 swapped. */
export function reorderedCopy(v: unknown): unknown {
  if (typeof v === 'number') return v === 0 ? (Object.is(v, 0) ? -0 : 0) : v;
  if (typeof v !== 'object' || v === null) return v;
  switch (kindOf(v)) {
    case 'plain': {
      const copy: Record<string, unknown> = Object.getPrototypeOf(v) === null ? Object.create(null) : {};
      for (const k of Object.keys(v).reverse()) copy[k] = reorderedCopy((v as Record<string, unknown>)[k]);
      return copy;
    }
    case 'array': {
      const source = v as unknown[];
      const copy = new Array<unknown>(source.length);
      for (let i = source.length - 1; i >= 0; i--) if (i in source) copy[i] = reorderedCopy(source[i]);
      return copy;
    }
    case 'date':
      return new Date((v as Date).getTime());
    case 'map':
      return new Map([...(v as Map<unknown, unknown>)].reverse().map(([k, x]) => [reorderedCopy(k), reorderedCopy(x)]));
    case 'set':
      return new Set([...(v as Set<unknown>)].reverse().map(reorderedCopy));
    default:
      return v;
  }
}

/** Map key equality (SameValueZero). */
export function sameTableKey(a: unknown, b: unknown): boolean {
  return new Map([[a, true]]).has(b);
}
