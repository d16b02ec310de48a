import type { FlightEntry } from './Flight';
import { fromStored } from './sentinels';
import { isThenable } from './thenable';

/**
 * What `fetchContext().stale` shows to a fetch that replaces a plain table's value: the value
 * itself, or, for a stored promise (a plain async table keeps only promises), the value it
 * fulfilled with. The fulfilled values are held weakly by their promises, in a map of the cache's
 * own that a clear drops whole (so a cleared cache returns its memory at once).
 * @internal
 */
export class PlainStaleValues {
  #fulfilled: WeakMap<object, unknown> | null = null;

  /** Records that `promise`, stored in the table, fulfilled with `value`. */
  noteFulfilled(promise: object, value: unknown): void {
    (this.#fulfilled ??= new WeakMap()).set(promise, value);
  }

  /**
   * The stale entry of a fetch that replaces `stored` (the table's value for the key, `undefined`
   * when absent): `null` when nothing is stored or a stored promise is not known to have fulfilled.
   */
  staleOf(stored: unknown): FlightEntry | null {
    if (stored === undefined) return null;
    if (!isThenable(stored)) return { outcome: fromStored(stored), removed: false };
    const fulfilled = this.#fulfilled;
    return fulfilled !== null && fulfilled.has(stored) ? { outcome: fulfilled.get(stored), removed: false } : null;
  }

  /** Forgets every fulfilled value (the cache was cleared). */
  clear(): void {
    this.#fulfilled = null;
  }
}
