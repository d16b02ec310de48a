import { types } from 'node:util';
import { KeyEncodingError } from '../../contracts/errors/KeyEncodingError';
import { SINGLE_KEY } from '../../contracts/Key';
import { objectId, symbolId } from './identityIds';

/**
 * A value usable as a key of a `Map`-backed entry table: what `encodeKey` and
 * `encodeArgs` produce. Two table keys name the same entry exactly when a `Map` treats them
 * as equal (SameValueZero).
 */
export type TableKey = string | number | boolean | bigint | symbol | null | undefined;

/*
 * The structural encoding (never a hash). Every token is self-delimiting, so a concatenation of
 * tokens can be split back into them and two different sequences never give one string:
 *
 *   string       s.length + '"' + s               3"abc  (UTF-16 length: the reader knows where it ends)
 *   number       'n' + String(n) + ';'            -0 → 'n0;', NaN → 'nNaN;', 'nInfinity;'
 *   bigint       'b' + String(n) + ';'
 *   boolean      't' | 'f';    undefined 'u';    null 'l'
 *   symbol       'Y' + string token of key        for Symbol.for(key)
 *                'y' + id + ';'                    any other symbol, by identity
 *                'K'                               Key.SINGLE_KEY, in deterministic keys only
 *   plain object '{' + (string token of k + value)* + '}'   own enumerable string keys, sorted
 *   array        '[' + (value | 'h')* + ']'       'h' marks a hole
 *   Date         'D' + getTime() + ';'            every invalid date is 'DNaN;'
 *   Map          'M' + sorted (key + value)* + ')'
 *   Set          'S' + sorted (value)* + ')'
 *   other object 'i' + objectId + ';'             class instances, functions, RegExp, boxed …
 *
 * Top-level table keys: a primitive is its own key; an object is '\u0000' + its token; a string
 * that starts with '\u0000' is escaped as '\u0000s' + string; an argument list is
 * '\u0000a' + arity + ':' + ('T' + this-token)? + tokens. No token starts with 's' or 'a', so the
 * three '\u0000' families never meet. Strings are length-prefixed rather than JSON-quoted: as
 * injective, and no scan for characters to escape (JSON.stringify of a short string costs ~50 ns).
 *
 * Deterministic keys (`encodeDeterministically`, a shared cache's): the same tokens, but an 'i' or
 * 'y' token (identity) fails with `KeyEncodingError` instead, and so does `this`: what remains is a
 * function of the value alone, the same in every process.
 */

export { objectId };

function encodeSymbol(s: symbol): string {
  const registered = Symbol.keyFor(s);
  if (registered !== undefined) return 'Y' + registered.length + '"' + registered;
  if (deterministic) {
    if (s === SINGLE_KEY) return 'K';
    throw new EncodingFailure(`${String(s)} is ${NOT_SHAREABLE}`);
  }
  return 'y' + symbolId(s) + ';';
}

/** A failure found while encoding, turned into a `KeyEncodingError` by the top-level call. */
class EncodingFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * True while a shared cache computes a key (`sharedKeys`): every key must then read the same in every
 * process, so what is keyed by identity (class instances, functions, symbols not made by
 * `Symbol.for`, `this`) fails with `KeyEncodingError` instead of getting a process-local id.
 */
let deterministic = false;
const NOT_SHAREABLE =
  'keyed by identity, which no other process can see: a shared cache keys plain data only ' +
  '(primitives, plain objects, arrays, Date, Map, Set, symbols from Symbol.for); pass plain data, or ' +
  'give the cache a key option that returns plain data (an id)';

/** Why an object keyed by identity cannot be part of a shared key. */
function identityFailure(o: object): EncodingFailure {
  const name = typeof o === 'function' ? 'a function' : `an instance of ${className(o)}`;
  return new EncodingFailure(`${name} is ${NOT_SHAREABLE}`);
}

function className(o: object): string {
  try {
    const ctor = (o as { constructor?: { name?: unknown } }).constructor;
    return typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'an anonymous class';
  } catch {
    return 'a class';
  }
}

/**
 * Runs `compute` with keys that must read the same in every process (a shared cache's, design/shared-tier.md):
 * a class instance, a function, `this` or a symbol not made by `Symbol.for` anywhere in the value makes
 * `encodeKey`/`encodeArgs` (and so the default key, templates and key functions' results) throw
 * `KeyEncodingError` instead of keying it by a process-local identity. Nests.
 * @internal
 */
export function encodeDeterministically<T>(compute: () => T): T {
  const outer = deterministic;
  deterministic = true;
  try {
    return compute();
  } finally {
    deterministic = outer;
  }
}

/** Objects being encoded (cycle detection). `base` is where the current top-level call starts. */
const stack: object[] = [];
let base = 0;

/**
 * How many values (elements, properties, holes) one argument may hold before it is refused as too
 * large to key: bounds the work on a sparse array of length 2^32 − 1 or an acyclic graph that
 * shares sub-objects (exponentially many paths), which would otherwise hang the call.
 */
export const MAX_KEY_VALUES = 1_000_000;
let budget = MAX_KEY_VALUES;

/** Counts `n` more values against the current argument's budget. */
function spend(n: number): void {
  budget -= n;
  if (budget < 0) {
    stack.length = base;
    throw new EncodingFailure(
      `the value is too large to key (more than ${MAX_KEY_VALUES} elements, properties or holes)`,
    );
  }
}

/**
 * Pushes `o` on the stack of objects being encoded, after checking that it is not already there
 * (a cycle). The check runs at every depth: a cyclic object with many self-references would
 * otherwise fan out exponentially before a deeper check caught it.
 */
function enter(o: object): void {
  if (stack.indexOf(o, base) !== -1) {
    stack.length = base;
    throw new EncodingFailure('the value is cyclic (it contains itself)');
  }
  stack.push(o);
}

/** Sorts keys by UTF-16 code units, as `Array.prototype.sort()` does, without its overhead. */
function sortKeys(keys: string[]): void {
  const n = keys.length;
  if (n > 16) {
    keys.sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const key = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
}

/** The token of any value; objects go through {@link encodeObject}. May throw (getters, cycles). */
function encodeValue(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v.length + '"' + v;
    case 'number':
      return 'n' + v + ';'; // String(-0) is '0'
    case 'boolean':
      return v ? 't' : 'f';
    case 'undefined':
      return 'u';
    case 'bigint':
      return 'b' + v + ';';
    case 'symbol':
      return encodeSymbol(v);
    case 'function':
      if (deterministic) throw identityFailure(v);
      return 'i' + objectId(v) + ';';
    default:
      return v === null ? 'l' : encodeObject(v as object);
  }
}

function encodeObject(o: object): string {
  const proto: unknown = Object.getPrototypeOf(o);
  if (proto === Object.prototype || proto === null) return encodePlain(o as Record<string, unknown>);
  if (proto === Array.prototype) return encodeArray(o as readonly unknown[]);
  if (proto === Date.prototype && types.isDate(o)) return 'D' + o.getTime() + ';';
  if (proto === Map.prototype && types.isMap(o)) return encodeMap(o);
  if (proto === Set.prototype && types.isSet(o)) return encodeSet(o);
  if (deterministic) throw identityFailure(o);
  return 'i' + objectId(o) + ';';
}

function encodePlain(o: Record<string, unknown>): string {
  enter(o);
  const keys = Object.keys(o);
  spend(keys.length + 1);
  if (keys.length > 1) sortKeys(keys);
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    out += k.length + '"' + k + encodeValue(o[k]);
  }
  stack.pop();
  return out + '}';
}

function encodeArray(a: readonly unknown[]): string {
  enter(a);
  spend(a.length + 1);
  let out = '[';
  for (let i = 0; i < a.length; i++) {
    const e = a[i];
    out += e === undefined && !(i in a) ? 'h' : encodeValue(e);
  }
  stack.pop();
  return out + ']';
}

function encodeMap(m: Map<unknown, unknown>): string {
  enter(m);
  spend(m.size + 1);
  const pairs: string[] = [];
  m.forEach((v, k) => {
    pairs.push(encodeValue(k) + encodeValue(v));
  });
  stack.pop();
  return 'M' + pairs.sort().join('') + ')';
}

function encodeSet(s: Set<unknown>): string {
  enter(s);
  spend(s.size + 1);
  const elements: string[] = [];
  s.forEach((v) => {
    elements.push(encodeValue(v));
  });
  stack.pop();
  return 'S' + elements.sort().join('') + ')';
}

/** Encodes an object at the top of one argument, turning any failure into a `KeyEncodingError`. */
function encodeRoot(o: object, position: number): string {
  const savedBase = base;
  const savedBudget = budget;
  base = stack.length;
  if (savedBase === base) budget = MAX_KEY_VALUES;
  try {
    return encodeObject(o);
  } catch (error) {
    stack.length = base;
    if (error instanceof EncodingFailure) throw new KeyEncodingError(position, error.reason);
    throw new KeyEncodingError(position, `reading it threw ${describeError(error)}`, { cause: error });
  } finally {
    base = savedBase;
    if (savedBase === stack.length) budget = savedBudget;
  }
}

function describeError(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    return `a ${typeof error}`;
  }
}

/**
 * The table key of ONE value: a one-argument call (no `this`), or what a custom `KeyStrategy`, a key
 * function or a template produced.
 *
 * - a number is itself, `-0` normalised to `0` (`NaN` stays `NaN`: a `Map` finds it);
 * - a string is itself, except one whose first character is `'\u0000'`, which becomes
 *   `'\u0000s' + string` so it can never forge an encoded key;
 * - a boolean, bigint, symbol, `null` or `undefined` is itself (a `Map` keeps types apart);
 * - an object or function is `'\u0000'` + its structural encoding: plain objects by sorted keys,
 *   arrays by elements (holes apart from `undefined`), `Date` by time, `Map`/`Set` by content in
 *   any order; class instances, functions and every other object by identity (held weakly).
 *
 * @param position - the argument's zero-based position, for the error (`-1`: a computed key).
 * @throws {@link KeyEncodingError} when the value is cyclic or a getter (or Proxy trap) throws.
 * @example
 * ```ts
 * encodeKey(-0, 0) === 0;
 * encodeKey({ a: 1, b: 2 }, 0) === encodeKey({ b: 2, a: 1 }, 0); // true
 * ```
 */
export function encodeKey(value: unknown, position: number): TableKey {
  switch (typeof value) {
    case 'number':
      return value === 0 ? 0 : value;
    case 'string':
      return value.length !== 0 && value.charCodeAt(0) === 0 ? '\u0000s' + value : value;
    case 'function':
      if (deterministic) throw new KeyEncodingError(position, identityFailure(value).reason);
      return '\u0000i' + objectId(value) + ';';
    case 'object':
      return value === null ? null : '\u0000' + encodeRoot(value, position);
    case 'symbol':
      if (deterministic) encodeLeaf(value, position);
      return value;
    default:
      return value as TableKey;
  }
}

/**
 * The default key of a call of any arity: `'\u0000a' + arity + ':'`, then `this` by identity when
 * `thisArg` is not `undefined`, then every argument's self-delimiting encoding (see
 * {@link encodeKey}). `f()` and `f(undefined)` differ; a plain object as `this` is keyed by
 * identity, never by structure.
 *
 * @throws {@link KeyEncodingError} naming the position of a cyclic argument or one whose getter throws.
 * @example
 * ```ts
 * encodeArgs([1, 'x']) !== encodeArgs(['1', 'x']); // true
 * encodeArgs([]) !== encodeArgs([undefined]);      // true
 * ```
 */
export function encodeArgs(args: ArrayLike<unknown>, thisArg?: object): string {
  const n = args.length;
  let out = '\u0000a' + n + ':';
  if (thisArg !== undefined) out += 'T' + encodeThis(thisArg);
  for (let i = 0; i < n; i++) {
    const v = args[i];
    out += typeof v === 'object' && v !== null ? encodeRoot(v, i) : deterministic ? encodeLeaf(v, i) : encodeValue(v);
  }
  return out;
}

/** `encodeValue` of a non-object, its failures (deterministic keys only) as `KeyEncodingError`. */
function encodeLeaf(v: unknown, position: number): string {
  try {
    return encodeValue(v);
  } catch (error) {
    if (error instanceof EncodingFailure) throw new KeyEncodingError(position, error.reason);
    throw error;
  }
}

function encodeThis(thisArg: unknown): string {
  if ((typeof thisArg === 'object' && thisArg !== null) || typeof thisArg === 'function') {
    if (deterministic) throw new KeyEncodingError(-1, `this (${identityFailure(thisArg).reason})`);
    return 'i' + objectId(thisArg) + ';';
  }
  return encodeValue(thisArg);
}
