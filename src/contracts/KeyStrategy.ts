/** The call a key is computed for. */
export interface KeyCall {
  /** The instance, for a decorated method; `undefined` for a `wrap`ped function. */
  readonly thisArg: unknown;
  /** The arguments, as passed (arity counts). */
  readonly args: readonly unknown[];
}

/**
 * Computes the cache key of a call; one instance per wrapped function. The result is encoded like a
 * default key (collision-free, by type and structure). Rebind it to replace the default key:
 * `container.rebind(KeyStrategy).to(MyKey)`. An explicit `key` option beats a rebound strategy.
 */
export abstract class KeyStrategy {
  /** Returns the key of `call`. Must not mutate the arguments. */
  abstract keyFor(call: KeyCall): unknown;
}
