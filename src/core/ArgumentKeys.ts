import type { MethodKey } from './MethodKey';

/** `arg` is a number 0 … 8191 (`-0` included, as `0`), kept in the array (as in `LeastRecentlyUsedTable`). */
function isIndex(arg: unknown): arg is number {
  return typeof arg === 'number' && (arg & 0x1fff) === arg;
}

/**
 * The live `MethodKey`s of one instance's decorated method, by argument. Small non-negative
 * integers are kept in a plain array (fast elements, read without hashing: a method hit's one
 * lookup; a removed key is set to `undefined`, never deleted, so the array stays fast); strings and
 * other numbers in a `Map`, so `1` and `'1'` stay apart.
 * @internal
 */
export class ArgumentKeys {
  #indexed: Array<MethodKey | undefined> = [];
  readonly #others = new Map<string | number, MethodKey>();
  #indexedCount = 0;

  /** Keys held. */
  get size(): number {
    return this.#indexedCount + this.#others.size;
  }

  /** The key of `arg` (any value: what is not a string or number finds nothing). */
  get(arg: unknown): MethodKey | undefined {
    return isIndex(arg) ? this.#indexed[arg] : this.#others.get(arg as string | number);
  }

  has(arg: string | number): boolean {
    return this.get(arg) !== undefined;
  }

  set(arg: string | number, key: MethodKey): void {
    if (!isIndex(arg)) {
      this.#others.set(arg, key);
      return;
    }
    const indexed = this.#indexed;
    while (indexed.length < arg) indexed.push(undefined);
    if (indexed[arg] === undefined) this.#indexedCount++;
    indexed[arg] = key;
  }

  delete(arg: string | number): boolean {
    if (!isIndex(arg)) return this.#others.delete(arg);
    if (this.#indexed[arg] === undefined) return false;
    this.#indexed[arg] = undefined;
    if (--this.#indexedCount === 0) this.#indexed = [];
    return true;
  }

  /** Every argument held: the indexed numbers (ascending), then the others. */
  *keys(): IterableIterator<string | number> {
    const indexed = this.#indexed;
    for (let index = 0; index < indexed.length; index++) if (indexed[index] !== undefined) yield index;
    yield* this.#others.keys();
  }
}
