import type { EvictionTable } from './EvictionTable';

/**
 * Builds the bounded entry table of a wrapped function. Runs once per wrapped function, for every
 * `maxsize` but `0` (`null` = unbounded). Rebind it to change the eviction order.
 */
export abstract class EvictionPolicy {
  /** A new, empty table holding at most `maxsize` entries (`null`: no bound). */
  abstract createTable<K, V>(maxsize: number | null): EvictionTable<K, V>;
}
