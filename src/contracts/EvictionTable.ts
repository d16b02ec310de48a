/**
 * The entry table of one wrapped function, built by `EvictionPolicy.createTable`.
 * `get` refreshes recency; `peek` does not.
 */
export interface EvictionTable<K, V> {
  /** Entries in the table. */
  readonly size: number;
  /** The value under `key`, marking it most recently used; `undefined` when absent. */
  get(key: K): V | undefined;
  /** The value under `key`, leaving recency alone. */
  peek(key: K): V | undefined;
  /** Stores `value` under `key` (most recently used); returns the `[key, value]` pairs evicted (empty when none). */
  set(key: K, value: V): Array<[K, V]>;
  /** Removes `key`; true when it was present. */
  delete(key: K): boolean;
  /** Removes everything. */
  clear(): void;
  /** Every `[key, value]`, least recently used first for an LRU. */
  entries(): IterableIterator<[K, V]>;
}
