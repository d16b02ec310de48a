import { InvalidCacheConfigError } from '../../contracts/errors/InvalidCacheConfigError';

/** A segment may hold anything but `:`, braces, glob characters, whitespace and control characters. */
const SEGMENT = /^[^:{}*?[\]\\\s\p{Cc}]+$/u;
const SEGMENT_FORM = 'a non-empty string without ":", "{", "}", "*", "?", "[", "]", "\\" or whitespace';

/**
 * Checks one part of a shared key (`namespace`, `name`, `version`) and returns it as a string.
 * @throws {@link InvalidCacheConfigError} naming `option` and the value when it is not a valid segment.
 */
export function sharedKeySegment(option: string, value: unknown): string {
  const text =
    option === 'version' && typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
      ? String(value)
      : typeof value === 'string'
        ? value
        : undefined;
  if (text === undefined || !SEGMENT.test(text)) {
    throw new InvalidCacheConfigError([
      { option, value, expected: option === 'version' ? `a non-negative integer or ${SEGMENT_FORM}` : SEGMENT_FORM },
    ]);
  }
  return text;
}

/**
 * The prefix every record of one shared cache starts with: `namespace:name:version:`, what
 * `clearCache` deletes by (`SharedTier.deletePrefix`). Build it once per cache.
 * @throws {@link InvalidCacheConfigError} when a part holds `:`, braces, glob characters or whitespace
 * (they would make prefixes ambiguous or move the Redis hash tag).
 * @example
 * ```ts
 * sharedKeyPrefix('orders', 'OrderService.getOrder', 1); // 'orders:OrderService.getOrder:1:'
 * ```
 */
export function sharedKeyPrefix(namespace: string, name: string, version: string | number): string {
  return `${sharedKeySegment('namespace', namespace)}:${sharedKeySegment('name', name)}:${sharedKeySegment('version', version)}:`;
}

/**
 * The record key of one call: the cache's prefix and the encoded arguments wrapped in literal braces,
 * a Redis Cluster hash tag, so the record and its lease ({@link sharedLeaseKey}) share one slot while
 * the cache's prefix stays scannable. To keep the tag non-empty and whole, `\` is written `\\` and
 * `}` is written `\]` inside it, and empty arguments are written `\0` (an injective mapping: two
 * different argument encodings never share a key).
 * @param encodedArgs - the call's deterministic argument encoding (DESIGN.md §4), any string.
 * @throws {@link InvalidCacheConfigError} as {@link sharedKeyPrefix}.
 * @example
 * ```ts
 * sharedRecordKey('orders', 'OrderService.getOrder', 1, '42'); // 'orders:OrderService.getOrder:1:{42}'
 * ```
 */
export function sharedRecordKey(
  namespace: string,
  name: string,
  version: string | number,
  encodedArgs: string,
): string {
  return sharedKeyPrefix(namespace, name, version) + sharedHashTag(encodedArgs);
}

/**
 * The braces part of a record key for `encodedArgs` (see {@link sharedRecordKey}); append it to a
 * prefix from {@link sharedKeyPrefix} on hot paths to validate the prefix only once.
 */
export function sharedHashTag(encodedArgs: string): string {
  if (encodedArgs.length === 0) return '{\\0}';
  if (encodedArgs.indexOf('}') === -1 && encodedArgs.indexOf('\\') === -1) return `{${encodedArgs}}`;
  return `{${encodedArgs.replace(/[\\}]/g, (c) => (c === '\\' ? '\\\\' : '\\]'))}}`;
}

/** The lease key of a record key: the same key plus `:lease`, in the same hash slot. */
export function sharedLeaseKey(recordKey: string): string {
  return `${recordKey}:lease`;
}
