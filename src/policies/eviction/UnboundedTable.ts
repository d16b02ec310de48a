import type { EvictionTable } from '../../contracts/EvictionTable';
import { noEvictions } from './noEvictions';

/**
 * An entry table with no bound: a thin `Map` wrapper. `get` does not reorder, `set` never evicts
 * (it returns the shared frozen empty array), and `entries()` runs in first-insertion order (a
 * `set` of an existing key keeps its position). Deleting any entry while iterating `entries()` is
 * safe (`Map` semantics).
 */
export class UnboundedTable<K, V> implements EvictionTable<K, V> {
  readonly #map = new Map<K, V>();

  /** {@inheritDoc EvictionTable.size} */
  get size(): number {
    return this.#map.size;
  }

  /** The value under `key`, `undefined` when absent. Recency is not tracked. */
  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  /** {@inheritDoc EvictionTable.peek} */
  peek(key: K): V | undefined {
    return this.#map.get(key);
  }

  /** Stores `value` under `key`; never evicts, so always returns the shared frozen empty array. */
  set(key: K, value: V): Array<[K, V]> {
    this.#map.set(key, value);
    return noEvictions<K, V>();
  }

  /** {@inheritDoc EvictionTable.delete} */
  delete(key: K): boolean {
    return this.#map.delete(key);
  }

  /** {@inheritDoc EvictionTable.clear} */
  clear(): void {
    this.#map.clear();
  }

  /** Every `[key, value]` in first-insertion order. */
  entries(): IterableIterator<[K, V]> {
    return this.#map.entries();
  }
}
