import { injectable } from 'inversify';
import { EvictionPolicy } from '../../contracts/EvictionPolicy';
import type { EvictionTable } from '../../contracts/EvictionTable';
import { LeastRecentlyUsedTable } from './LeastRecentlyUsedTable';
import { UnboundedTable } from './UnboundedTable';

/**
 * The default eviction: an exact LRU bounded by `maxsize` (`LeastRecentlyUsedTable`); with
 * `maxsize: null`, an `UnboundedTable`.
 *
 * @example
 * ```ts
 * const table = new LeastRecentlyUsedEviction().createTable<string, number>(2);
 * table.set('a', 1); table.set('b', 2); table.get('a');
 * table.set('c', 3); // → [['b', 2]]
 * ```
 */
@injectable()
export class LeastRecentlyUsedEviction extends EvictionPolicy {
  /**
   * A new empty table: LRU-bounded to `maxsize` entries, or unbounded for `null`.
   * @throws {@link InvalidCacheConfigError} when `maxsize` is neither `null` nor a positive safe
   *   integer (`0` never reaches a table: the manager treats it as `enabled: false`).
   */
  override createTable<K, V>(maxsize: number | null): EvictionTable<K, V> {
    return maxsize === null ? new UnboundedTable<K, V>() : new LeastRecentlyUsedTable<K, V>(maxsize);
  }
}
