import { ContentHashedKey } from './ContentHashedKey';

/** Identity hashes of objects that carry no content hash (held weakly). */
const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;
/** The bits of a non-integer number. */
const float = new Float64Array(1);
const floatWords = new Int32Array(float.buffer);

/**
 * A 32-bit hash of a table key, stable for the same key: numbers by value (integers as themselves,
 * `-0` as `0`, others by their bits), strings by content (Java's `String.hashCode`), bigints by
 * their low 32 bits, symbols by description, a {@link ContentHashedKey} by its content, and any other
 * object or function by identity (an id assigned on first sight, held in a `WeakMap`). Computed once
 * when a key enters a table, never on a hit.
 * @internal
 */
export function hashKey(key: unknown): number {
  switch (typeof key) {
    case 'number':
      return hashNumber(key);
    case 'string':
      return hashString(key, 0);
    case 'object':
      if (key === null) return 0x3b9a_ca07;
      return key instanceof ContentHashedKey ? key.contentHash() : identityHash(key);
    case 'function':
      return identityHash(key);
    case 'bigint':
      return Number(BigInt.asIntN(32, key));
    case 'symbol':
      return hashString(key.description ?? '', 0x5f35_6495);
    case 'boolean':
      return key ? 1231 : 1237;
    default:
      return 0x2545_f491; // undefined
  }
}

/** A number's hash: an int32 as itself (`-0` too, as `0`), NaN as one value, others by their 64 bits. */
export function hashNumber(value: number): number {
  if ((value | 0) === value) return value | 0;
  if (value !== value) return 0x7ff8_0000;
  float[0] = value;
  return floatWords[0] ^ floatWords[1];
}

/** Java's `String.hashCode` over `text`, continuing from `seed`. */
export function hashString(text: string, seed: number): number {
  let hash = seed | 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

function identityHash(key: object): number {
  let id = objectIds.get(key);
  if (id === undefined) {
    id = nextObjectId = (nextObjectId + 1) | 0;
    objectIds.set(key, id);
  }
  return id;
}
