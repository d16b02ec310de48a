/** Returned by a hit lookup when the slow path must decide. @internal */
export const MISS: unique symbol = Symbol('cachewright.miss');

/** Stands for a stored `undefined` in plain tables (where `undefined` means "absent"). @internal */
export const UNDEFINED_VALUE: unique symbol = Symbol('cachewright.undefined');

/** A value as a plain table stores it (`undefined` as `UNDEFINED_VALUE`). @internal */
export function toStored(value: unknown): unknown {
  return value === undefined ? UNDEFINED_VALUE : value;
}

/** A plain table's stored value as the caller gets it (the inverse of `toStored`). @internal */
export function fromStored(stored: unknown): unknown {
  return stored === UNDEFINED_VALUE ? undefined : stored;
}
