/* Process-local identity numbers: what keys objects and symbols that have no structure to encode. */

const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;

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
  let id = objectIds.get(o);
  if (id === undefined) {
    id = nextObjectId++;
    objectIds.set(o, id);
  }
  return id;
}

/** Symbols as WeakMap keys (ES2023, Node ≥ 20); a strong Map where the runtime lacks them. */
const symbolIds: { get(s: symbol): number | undefined; set(s: symbol, id: number): unknown } = (() => {
  try {
    const weak = new WeakMap<object, number>();
    weak.set(Symbol('probe') as unknown as object, 0);
    return weak as unknown as Map<symbol, number>;
  } catch {
    return new Map<symbol, number>();
  }
})();
let nextSymbolId = 1;

/** A stable, process-unique number for a symbol not made by `Symbol.for`, held weakly where the runtime can. */
export function symbolId(s: symbol): number {
  let id = symbolIds.get(s);
  if (id === undefined) {
    id = nextSymbolId++;
    symbolIds.set(s, id);
  }
  return id;
}
