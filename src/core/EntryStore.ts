import type { EvictionTable } from '../contracts/EvictionTable';
import { NO_SLOT, type SlottedTable } from '../policies/eviction/SlottedTable';
import { slottedTableOf } from '../policies/eviction/slottedTableOf';
import { MethodKey, type CacheKey } from './MethodKey';

/**
 * The entry table of one cache, with the bookkeeping every store and removal owes: what the table
 * evicts is handed to `onEvicted` (to count it and dispose what it owns), and every key that leaves
 * the table releases its `MethodKey` (see `forgetKey`). A built-in bounded table (LRU or W-TinyLFU,
 * exact class, no Proxy: a `SlottedTable`) is stored to through its allocation-free internal
 * methods, and a `MethodKey` stored there learns its slot and value, which is what a method's hit
 * reads.
 * @internal
 */
export class EntryStore {
  /** The table `EvictionPolicy.createTable` built. */
  readonly table: EvictionTable<CacheKey, unknown>;
  /** `table` when it is a built-in bounded table, else `null`. */
  readonly slotted: SlottedTable<CacheKey, unknown> | null;
  /**
   * Told of every key that leaves the table (deleted, evicted, cleared): a plain cache's tag index
   * (`KeyTagIndex`) listens; `null` for every other cache.
   */
  onLeave: ((key: CacheKey) => void) | null = null;
  readonly #onEvict: (key: CacheKey, value: unknown) => void;

  /** @param onEvicted - receives each `[key, value]` the size bound evicted (its key already released). */
  constructor(table: EvictionTable<CacheKey, unknown>, onEvicted: (key: CacheKey, value: unknown) => void) {
    this.table = table;
    this.slotted = slottedTableOf(table);
    this.#onEvict = (key, value) => {
      forgetKey(key);
      if (this.onLeave !== null) this.onLeave(key);
      onEvicted(key, value);
    };
  }

  /**
   * Stores `value` under `key` and handles what the table evicts. `absent` promises the key is not
   * in the table (a miss just proved it, and nothing could have stored it since). `weight` counts
   * only in a weight-bounded cache (`WeighedEntryStore`). Returns the entry's slot in a built-in
   * bounded table (`NO_SLOT` for any other table, or when the table turned the entry away).
   */
  put(key: CacheKey, value: unknown, absent = false, _weight = 0): number {
    const slotted = this.slotted;
    if (slotted === null) {
      const pairs = this.table.set(key, value);
      for (let i = 0; i < pairs.length; i++) this.#onEvict(pairs[i][0], pairs[i][1]);
      return NO_SLOT;
    }
    const slot = absent ? slotted.storeNew(key, value, this.#onEvict) : slotted.store(key, value, this.#onEvict);
    // NO_SLOT: W-TinyLFU's admission evicted the new entry at once (its key is already released).
    if (key instanceof MethodKey && slot !== NO_SLOT) {
      key.slot = slot;
      key.stored = value;
    }
    return slot;
  }

  /** The summed weight of the entries (`maxWeight`/`weigh`); `null` without a weight bound. */
  get currentWeight(): number | null {
    return null;
  }

  /**
   * The bookkeeping of an entry evicted other than through `put` (the weight bound of a
   * `WeighedEntryStore`): its key is released and it goes to `onEvicted`.
   */
  evicted(key: CacheKey, value: unknown): void {
    this.#onEvict(key, value);
  }

  /**
   * The key to store a late result under: a `MethodKey` released while the result was on its way
   * (its entry evicted, invalidated, swept) is swapped for the binding's live key (see
   * `MethodKey.live`); any other key is itself.
   */
  liveKey(key: CacheKey): CacheKey {
    return key instanceof MethodKey ? key.live() : key;
  }

  /** Removes `key` (and releases its `MethodKey`). */
  delete(key: CacheKey): void {
    this.table.delete(key);
    forgetKey(key);
    if (this.onLeave !== null) this.onLeave(key);
  }

  /** Removes `key` and returns what it held (`undefined`, doing nothing, when absent). */
  take(key: CacheKey): unknown {
    const value = this.table.peek(key);
    if (value !== undefined) this.delete(key);
    return value;
  }

  /** Removes `key` only while the table still holds `value` under it (not a later replacement). */
  deleteIfHolding(key: CacheKey, value: unknown): boolean {
    if (this.table.peek(key) !== value) return false;
    this.delete(key);
    return true;
  }

  /** Empties the table, releasing every key; returns what it held. */
  clear(): Array<[CacheKey, unknown]> {
    const held = Array.from(this.table.entries());
    this.table.clear();
    const onLeave = this.onLeave;
    for (const [key] of held) {
      forgetKey(key);
      if (onLeave !== null) onLeave(key);
    }
    return held;
  }
}

/** Drops a decorated method's key from its instance binding once its entry left the table. @internal */
export function forgetKey(key: CacheKey): void {
  if (key instanceof MethodKey) key.release();
}
