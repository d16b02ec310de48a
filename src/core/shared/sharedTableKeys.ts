import { SINGLE_KEY } from '../../contracts/Key';
import { sharedHashTag } from '../../policies/shared/sharedKeys';
import { CompositeKey } from '../CompositeKey';
import type { CacheKey } from '../MethodKey';

/**
 * The record key's arguments part of a shared cache's table key, and back (design/shared-tier.md
 * "Option shared"). A shared cache computes its table keys with deterministic encoding (no identity:
 * `encodeDeterministically`), so a table key is a function of the arguments alone, and this mapping
 * makes it a string every process computes alike:
 *
 * | table key | arguments part |
 * |---|---|
 * | a string `s` (one string argument, or a key's string result) | `"` + `s` |
 * | a number `n` | `n` + `String(n)` (`n42`, `nNaN`, `n-Infinity`) |
 * | `true` / `false` / `undefined` / `null` | `t` / `f` / `u` / `l` |
 * | a bigint | `b` + digits |
 * | `Key.SINGLE_KEY` / `Symbol.for(k)` | `K` / `Y` + `k` |
 * | a composite key (several arguments, objects) | `~` + its encoding after the leading NUL |
 *
 * The first character says how the rest reads, so two table keys never share an arguments part, and
 * a record key heard on the bus maps back to the one table key that holds its copy.
 * @internal
 */
export function sharedArgsOf(key: CacheKey): string {
  switch (typeof key) {
    case 'string':
      return '"' + key;
    case 'number':
      return 'n' + String(key);
    case 'boolean':
      return key ? 't' : 'f';
    case 'undefined':
      return 'u';
    case 'bigint':
      return 'b' + String(key);
    case 'symbol':
      return key === SINGLE_KEY ? 'K' : 'Y' + (Symbol.keyFor(key) ?? '');
    default:
      if (key === null) return 'l';
      if (key instanceof CompositeKey) return '~' + key.text.slice(1);
      // A MethodKey belongs to a non-primary instance, which shared caches never make.
      throw new TypeError('unreachable: a shared cache keys no instance');
  }
}

/** A record key that names no table key of this cache. @internal */
export const FOREIGN_KEY: unique symbol = Symbol('cachewright.foreignSharedKey');

/**
 * The table key whose record key is `recordKey` (under `prefix`), or {@link FOREIGN_KEY}.
 * `composite` interns a composite encoding (a key no call has made yet is simply not in the table).
 * @internal
 */
export function tableKeyOfRecord(
  recordKey: string,
  prefix: string,
  composite: (text: string) => CacheKey,
): CacheKey | typeof FOREIGN_KEY {
  if (!recordKey.startsWith(prefix) || recordKey.charCodeAt(prefix.length) !== 123 /* { */ || !recordKey.endsWith('}'))
    return FOREIGN_KEY;
  const args = unescapeHashTag(recordKey.slice(prefix.length + 1, -1));
  const rest = args.slice(1);
  switch (args.charAt(0)) {
    case '"':
      return rest;
    case 'n':
      return rest === '' ? FOREIGN_KEY : Number(rest);
    case 't':
      return rest === '' ? true : FOREIGN_KEY;
    case 'f':
      return rest === '' ? false : FOREIGN_KEY;
    case 'u':
      return rest === '' ? undefined : FOREIGN_KEY;
    case 'l':
      return rest === '' ? null : FOREIGN_KEY;
    case 'b':
      return /^-?\d+$/.test(rest) ? BigInt(rest) : FOREIGN_KEY;
    case 'K':
      return rest === '' ? SINGLE_KEY : FOREIGN_KEY;
    case 'Y':
      return Symbol.for(rest);
    case '~':
      return composite('\u0000' + rest);
    default:
      return FOREIGN_KEY;
  }
}

/** The record key of `key` under `prefix` (`namespace:name:version:`). @internal */
export function sharedRecordKeyOf(prefix: string, key: CacheKey): string {
  return prefix + sharedHashTag(sharedArgsOf(key));
}

/** Undoes `sharedHashTag`'s escapes (`\\` → `\`, `\]` → `}`, a lone `\0` → empty). */
function unescapeHashTag(inner: string): string {
  if (inner === '\\0') return '';
  if (inner.indexOf('\\') === -1) return inner;
  return inner.replace(/\\(.)/g, (_, c: string) => (c === ']' ? '}' : c));
}
