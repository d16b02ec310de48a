import type { MethodKey } from './MethodKey';

/** `arg` is an array index (`0 … 2^32 - 2`, `-0` included), read from an object's indexed elements. */
function isIndex(arg: unknown): arg is number {
  return typeof arg === 'number' && arg >>> 0 === arg && arg !== 0xffff_ffff;
}

/**
 * The live `MethodKey`s of one instance's decorated method, by argument. Array-index numbers are
 * kept in an object's indexed elements, which V8 reads without hashing (a method hit's one lookup);
 * strings and other numbers in a `Map`, so `1` and `'1'` stay apart.
 * @internal
 */
export class ArgumentKeys {
  #indexed: Record<number, MethodKey> = Object.create(null) as Record<number, MethodKey>;
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
    if (this.#indexed[arg] === undefined) this.#indexedCount++;
    this.#indexed[arg] = key;
  }

  delete(arg: string | number): boolean {
    if (!isIndex(arg)) return this.#others.delete(arg);
    if (this.#indexed[arg] === undefined) return false;
    delete this.#indexed[arg];
    if (--this.#indexedCount === 0) this.#indexed = Object.create(null) as Record<number, MethodKey>;
    return true;
  }

  /** Every argument held: the indexed numbers (ascending), then the others. */
  *keys(): IterableIterator<string | number> {
    for (const index of Object.keys(this.#indexed)) yield Number(index);
    yield* this.#others.keys();
  }
}
