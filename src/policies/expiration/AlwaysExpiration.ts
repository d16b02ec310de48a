import type { CachedItem } from '../../contracts/CachedItem';
import { ExpirationPolicy } from '../../contracts/ExpirationPolicy';

/**
 * Treats every stored value as expired (the `true` expiration, also a zero or negative interval):
 * each call refetches, and still counts as a hit (aquiche).
 * @example
 * new AlwaysExpiration().isExpired(item, item.lastFetchedMs); // true
 */
export class AlwaysExpiration extends ExpirationPolicy {
  /**
   * True when `item` must be fetched again at `now` (epoch ms): always, so `true` (for every `now` but `NaN`).
   */
  override isExpired(item: CachedItem, now: number): boolean {
    return now >= this.expiresAtMs(item.lastFetchedMs);
  }

  /**
   * The first epoch-ms instant at which a value stored at `lastFetchedMs` is expired: `-Infinity`.
   * @internal
   */
  expiresAtMs(_lastFetchedMs: number): number {
    return -Infinity;
  }
}
