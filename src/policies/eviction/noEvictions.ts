/**
 * The one empty eviction list every built-in table returns from `set` when nothing was evicted:
 * shared and frozen, so a store that evicts nothing allocates nothing. Callers only iterate it;
 * pushing into it throws a `TypeError`.
 * @internal
 */
export const NO_EVICTIONS: ReadonlyArray<never> = Object.freeze([]);

/**
 * {@link NO_EVICTIONS} typed as the `Array<[K, V]>` that `EvictionTable.set` returns.
 * @internal
 */
export function noEvictions<K, V>(): Array<[K, V]> {
  return NO_EVICTIONS as unknown as Array<[K, V]>;
}
