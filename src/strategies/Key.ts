/** The unique symbol type of `Key.SINGLE_KEY`. */
export type SingleKey = typeof SINGLE_KEY;

const SINGLE_KEY: unique symbol = Symbol('cachewright.SINGLE_KEY');

/**
 * Special values of the `key` option.
 * `Key.SINGLE_KEY`: one entry whatever the arguments.
 */
export const Key: { readonly SINGLE_KEY: typeof SINGLE_KEY } = Object.freeze({ SINGLE_KEY });
