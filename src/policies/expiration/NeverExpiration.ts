import type { CachedItem } from '../../contracts/CachedItem';
import { ExpirationPolicy } from '../../contracts/ExpirationPolicy';

/**
 * Keeps every stored value fresh forever (the `null`, `undefined` and `false` expirations).
 * @example
 * new NeverExpiration().isExpired(item, Date.now()); // false, whatever the item
 */
export class NeverExpiration extends ExpirationPolicy {
  /**
   * True when `item` must be fetched again at `now` (epoch ms): never, so always `false` (for every finite `now`).
   */
  override isExpired(item: CachedItem, now: number): boolean {
    return now >= this.expiresAtMs(item.lastFetchedMs);
  }

  /**
   * The first epoch-ms instant at which a value stored at `lastFetchedMs` is expired: `Infinity`.
   * @internal
   */
  expiresAtMs(_lastFetchedMs: number): number {
    return Infinity;
  }
}
