/** Keys 0 … 8191 (`-0` included, as `0`) go to the array (see `SmallIntegerKeyedMap`). */
const SMALL_INTEGER_MASK = 0x1fff;

function isSmallInteger(key: unknown): key is number {
  return typeof key === 'number' && (key & SMALL_INTEGER_MASK) === key;
}

/**
 * A map that keeps small non-negative integer keys (`0 … 8191`) in a plain array V8 holds in fast
 * elements, read by offset without hashing, and every other key (strings, larger or fractional
 * numbers, objects) in a `Map`, so `1` and `'1'` stay apart and `-0` finds `0`, as in a `Map`.
 *
 * A removed small key is set to `undefined`, never deleted, and the array grows one element at a
 * time: it never turns into a dictionary (whose delete-and-insert churn measured ≈ 3× slower than a
 * `Map`'s for streaming integer keys). It is at most 8,192 elements (32 KiB), beyond which its
 * growth kept V8 in repeated full GCs (measured), and is dropped when the last small key goes.
 * `undefined` cannot be stored as a value.
 * @internal
 */
export class SmallIntegerKeyedMap<K, V> {
  #small: Array<V | undefined> = [];
  #smallCount = 0;
  /**
   * Every key that is not a small integer (strings among them), in a plain `Map`: a caller that
   * knows its key is a string reads it here directly (a hit lookup: one test and one object less).
   * Only this class writes to it.
   * @internal
   */
  readonly others = new Map<K, V>();

  /** Keys held. */
  get size(): number {
    return this.#smallCount + this.others.size;
  }

  /** The value under `key`, `undefined` when absent. */
  get(key: K): V | undefined {
    return isSmallInteger(key) ? this.#small[key] : this.others.get(key);
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  set(key: K, value: V): void {
    if (!isSmallInteger(key)) {
      this.others.set(key, value);
      return;
    }
    const small = this.#small;
    // Grow one element at a time: a write far past the end would turn the array into a dictionary.
    while (small.length < key) small.push(undefined);
    if (small[key] === undefined) this.#smallCount++;
    small[key] = value;
  }

  /** Removes `key`; true when it was present. */
  delete(key: K): boolean {
    if (!isSmallInteger(key)) return this.others.delete(key);
    if (this.#small[key] === undefined) return false;
    this.#small[key] = undefined;
    if (--this.#smallCount === 0) this.#small = [];
    return true;
  }

  clear(): void {
    this.#small = [];
    this.#smallCount = 0;
    this.others.clear();
  }

  /** Every key: the small integers (ascending), then the others (in insertion order). */
  *keys(): IterableIterator<K> {
    const small = this.#small;
    for (let key = 0; key < small.length; key++) if (small[key] !== undefined) yield key as K;
    yield* this.others.keys();
  }
}
