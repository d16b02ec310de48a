/** The unique symbol type of `Key.SINGLE_KEY`. */
export type SingleKey = typeof SINGLE_KEY;

/** The `key` option value for one entry whatever the arguments; the same symbol as `Key.SINGLE_KEY`. */
export const SINGLE_KEY: unique symbol = Symbol('cachewright.SINGLE_KEY');

/**
 * Special values of the `key` option.
 * `Key.SINGLE_KEY`: one entry whatever the arguments.
 */
export const Key: {
  /** One entry whatever the arguments: every call shares a single cache entry. */
  readonly SINGLE_KEY: typeof SINGLE_KEY;
} = Object.freeze({ SINGLE_KEY });
