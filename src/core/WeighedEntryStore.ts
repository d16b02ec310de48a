import type { EvictionTable } from '../contracts/EvictionTable';
import { Entry } from './Entry';
import { EntryStore } from './EntryStore';
import type { CacheKey } from './MethodKey';

/**
 * The `EntryStore` of a weight-bounded cache (`maxWeight` + `weigh`, always a rich cache): it counts
 * each entry's weight (kept on the `Entry`; a pending entry and a stored error weigh 0) and, after
 * every store, evicts by the table's own policy until the summed weight is at most `maxWeight`: a
 * built-in table's next victim (`SlottedTable.evictVictim`: LRU's least recently used, W-TinyLFU's
 * admission loser), any other table's first entry in `entries()`. Evicted entries go to `onEvicted`,
 * as the size bound's do (reason `'evicted'`). A table built with no count bound of its own
 * (`maxsize: null`: `Number.MAX_SAFE_INTEGER`) sizes its regions for the entries it holds when the
 * weight bound first evicts (`SlottedTable.sizeRegionsFor`).
 * @internal
 */
export class WeighedEntryStore extends EntryStore {
  readonly #maxWeight: number;
  readonly #handOff = (key: CacheKey, value: unknown): void => this.evicted(key, value);
  /** The table has no count bound of its own, and has not yet sized its regions. */
  #unsized: boolean;
  #weight = 0;

  /**
   * @param maxWeight - the bound on the summed weights.
   * @param countBound - whether the table enforces a `maxsize` of its own.
   */
  constructor(
    table: EvictionTable<CacheKey, unknown>,
    onEvicted: (key: CacheKey, value: unknown) => void,
    maxWeight: number,
    countBound: boolean,
  ) {
    const weights = { store: null as WeighedEntryStore | null };
    super(table, (key, value) => {
      weights.store!.#weight -= weightOf(value);
      onEvicted(key, value);
    });
    weights.store = this;
    this.#maxWeight = maxWeight;
    this.#unsized = !countBound;
  }

  /** {@inheritDoc EntryStore.currentWeight} */
  override get currentWeight(): number {
    return this.#weight;
  }

  /** Stores `value` (an `Entry`) weighing `weight`, then evicts until the weights fit `maxWeight`. */
  override put(key: CacheKey, value: unknown, absent = false, weight = 0): number {
    const previous = absent ? undefined : this.table.peek(key);
    // Before the new weight is set: `previous` may be `value` itself (a pending entry filled in place).
    this.#weight -= previous === undefined ? 0 : weightOf(previous);
    if (value instanceof Entry && (weight !== 0 || value.extra !== null)) value.more().weight = weight;
    this.#weight += weight;
    const slot = super.put(key, value, absent);
    this.#fit();
    return slot;
  }

  /** {@inheritDoc EntryStore.delete} */
  override delete(key: CacheKey): void {
    const value = this.table.peek(key);
    if (value !== undefined) this.#weight -= weightOf(value);
    super.delete(key);
  }

  /** {@inheritDoc EntryStore.clear} */
  override clear(): Array<[CacheKey, unknown]> {
    const held = super.clear();
    this.#weight = 0;
    return held;
  }

  /** Evicts by the table's policy until the summed weight is at most `maxWeight`. */
  #fit(): void {
    const table = this.table;
    while (this.#weight > this.#maxWeight) {
      if (table.size === 0) {
        this.#weight = 0; // rounding left over from fractional weights
        return;
      }
      const slotted = this.slotted;
      if (slotted !== null) {
        if (this.#unsized) {
          this.#unsized = false;
          slotted.sizeRegionsFor(table.size);
        }
        slotted.evictVictim(this.#handOff);
        continue;
      }
      const first = table.entries().next();
      if (first.done === true) return;
      const [key, value] = first.value;
      table.delete(key);
      this.evicted(key, value);
    }
  }
}

/** The weight counted for a stored value (0 for a pending entry or one stored without a weight). */
function weightOf(value: unknown): number {
  return value instanceof Entry && value.extra !== null ? value.extra.weight : 0;
}
