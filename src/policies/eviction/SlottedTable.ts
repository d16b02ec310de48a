import type { EvictionTable } from '../../contracts/EvictionTable';
import type { SmallIntegerKeyedMap } from './SmallIntegerKeyedMap';

/** What {@link SlottedTable.store} returns when the entry it stored left the table at once. @internal */
export const NO_SLOT = -1;

/**
 * The allocation-free side of the built-in bounded tables (`LeastRecentlyUsedTable`,
 * `WindowTinyLfuTable`), which the manager uses instead of `set`/`get` when it has recognised one
 * of them by exact class (DESIGN.md §1.1): an entry stays in one slot from its store to its
 * removal, so a caller that remembers the slot refreshes the entry without a key lookup.
 * @internal
 */
export interface SlottedTable<K, V> extends EvictionTable<K, V> {
  /**
   * `set` without the evicted array: stores `value` under `key` and returns its slot, or
   * {@link NO_SLOT} when the table evicted the new entry itself (W-TinyLFU's admission may); an
   * evicted entry, that one included, goes to `onEvict` (dropped when it is `null`).
   */
  store(key: K, value: V, onEvict: ((key: K, value: V) => void) | null): number;
  /**
   * `store` for a key the caller knows is absent (it has just missed and nothing could have stored
   * it since): skips the lookup that looks for it. Storing a present key this way corrupts the table.
   */
  storeNew(key: K, value: V, onEvict: ((key: K, value: V) => void) | null): number;
  /**
   * The table's own map from key to slot, read-only to everyone else: a hit lookup built once per
   * cache reads a string key's slot from its `others` directly (recency untouched; `refresh` records
   * the hit).
   */
  readonly keyIndex: SmallIntegerKeyedMap<K, number>;
  /** The slot holding `key`, or {@link NO_SLOT} when it is absent (recency untouched). */
  slotOf(key: K): number;
  /** The value in `slot`, which holds a live entry. */
  valueAt(slot: number): V;
  /**
   * Records a hit of the entry in `slot`, as `get` would, without the key lookup: for a caller that
   * knows which slot holds a live entry (the slot `store` returned, the entry not removed since).
   */
  refresh(slot: number): void;
  /**
   * Evicts the entry the table's policy would evict next (for a bound the table does not know of,
   * such as the manager's weight bound), handing it to `onEvict`; false when the table is empty.
   */
  evictVictim(onEvict: (key: K, value: V) => void): boolean;
  /**
   * For a table built with a bound that never binds (`Number.MAX_SAFE_INTEGER`: a weight-bounded
   * cache without `maxsize`): sizes its internal regions for `entries` entries, the number held when
   * the weight bound first evicted. W-TinyLFU sizes its window and protected space from it; an LRU
   * has nothing to size.
   */
  sizeRegionsFor(entries: number): void;
}
