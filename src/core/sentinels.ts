/** Returned by a hit lookup when the slow path must decide. @internal */
export const MISS: unique symbol = Symbol('cachewright.miss');

/** Stands for a stored `undefined` in plain tables (where `undefined` means "absent"). @internal */
export const UNDEFINED_VALUE: unique symbol = Symbol('cachewright.undefined');
