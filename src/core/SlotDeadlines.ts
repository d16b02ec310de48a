import type { Clock } from '../contracts/Clock';
import type { SlottedTable } from '../policies/eviction/SlottedTable';
import type { ExpiresAtFunction } from '../policies/expiration/inlineExpiry';
import type { CacheKey } from './MethodKey';

/** A deadline that is no instant: the slot's value is the promise of a flight in progress. */
export const IN_FLIGHT = Number.NaN;

/**
 * The expiry of a *timed* plain cache (a fixed built-in expiration, nothing else an `Entry` would
 * hold, a built-in bounded table): one epoch-ms deadline per table slot in a `Float64Array`, as
 * lru-cache keeps its TTLs, instead of an `Entry` object per value. 8 bytes per entry; a hit reads
 * the slot's deadline and value by index. A slot whose flight is still in progress holds `IN_FLIGHT`
 * (never fresh: such calls go to the slow path, which joins the flight).
 * @internal
 */
export class SlotDeadlines {
  /** Deadlines by slot; grown (doubled) as the table hands out higher slots. */
  at: Float64Array = new Float64Array(64);

  constructor(
    /** The table, whose slots the deadlines follow. */
    readonly table: SlottedTable<CacheKey, unknown>,
    /** The first instant a value stored at a given instant is expired (the inlined built-in policy). */
    readonly expiresAt: ExpiresAtFunction,
    /** The bound `Clock`. */
    readonly clock: Clock,
  ) {}

  /** Sets `slot`'s deadline (`NO_SLOT`, an entry the table turned away, is ignored). */
  set(slot: number, deadline: number): void {
    if (slot < 0) return;
    let at = this.at;
    if (slot >= at.length) {
      let length = at.length;
      while (slot >= length) length *= 2;
      const grown = new Float64Array(length);
      grown.set(at);
      this.at = at = grown;
    }
    at[slot] = deadline;
  }

  /** Sets `slot`'s deadline for a value stored now. */
  stored(slot: number): void {
    this.set(slot, this.expiresAt(this.clock.now()));
  }

  /** `key`'s deadline, `NaN` when absent or in flight. */
  of(key: CacheKey): number {
    const slot = this.table.slotOf(key);
    return slot < 0 || slot >= this.at.length ? Number.NaN : this.at[slot];
  }

  /** `key` holds a settled value that is fresh now. */
  fresh(key: CacheKey): boolean {
    return this.clock.now() < this.of(key);
  }
}
