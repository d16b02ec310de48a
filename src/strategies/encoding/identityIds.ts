/* Process-local identity numbers: what keys objects and symbols that have no structure to encode. */

/** Where an `IdentityNumbers` keeps each value's number. */
interface NumberStore<T> {
  get(value: T): number | undefined;
  set(value: T, id: number): unknown;
}

/** Numbers handed out in order of first sight, one per value, kept in `store` (weakly, where it can). */
class IdentityNumbers<T> {
  #next = 1;

  constructor(private readonly store: NumberStore<T>) {}

  /** The value's number, assigned on first sight. */
  of(value: T): number {
    let id = this.store.get(value);
    if (id === undefined) {
      id = this.#next++;
      this.store.set(value, id);
    }
    return id;
  }
}

const objectNumbers = new IdentityNumbers<object>(new WeakMap<object, number>());

/** Symbols as WeakMap keys (ES2023, Node ≥ 20); a strong Map where the runtime lacks them. */
const symbolNumbers = new IdentityNumbers<symbol>(
  ((): NumberStore<symbol> => {
    try {
      const weak = new WeakMap<object, number>();
      weak.set(Symbol('probe') as unknown as object, 0);
      return weak as unknown as NumberStore<symbol>;
    } catch {
      return new Map<symbol, number>();
    }
  })(),
);

/**
 * A stable, process-unique number for `o`, held weakly (the object stays collectable). Used for
 * keying by identity: `this`, class instances, functions and every other non-structural object.
 * @example
 * ```ts
 * const a = {}; objectId(a) === objectId(a); // true
 * objectId(a) !== objectId({});             // true
 * ```
 */
export function objectId(o: object): number {
  return objectNumbers.of(o);
}

/** A stable, process-unique number for a symbol not made by `Symbol.for`, held weakly where the runtime can. */
export function symbolId(s: symbol): number {
  return symbolNumbers.of(s);
}
