import type { CachedItem } from '../../contracts/CachedItem';
import { ExpirationPolicy } from '../../contracts/ExpirationPolicy';

/**
 * Expires a value at one epoch-ms instant decided elsewhere: how a shared cache keeps a value it
 * read from the shared tier, whose expiry the process that fetched it decided (design/shared-tier.md:
 * expiration is decided once and stored as epoch ms). `Infinity` never expires. Unlike
 * `DeadlineExpiration` it builds no luxon value, so an L2 hit pays nothing for it.
 * @internal
 */
export class InstantExpiration extends ExpirationPolicy {
  /** @param atMs - the first epoch-ms instant at which the value is expired. */
  constructor(readonly atMs: number) {
    super();
  }

  /** True when `now >= atMs`. */
  override isExpired(_item: CachedItem, now: number): boolean {
    return now >= this.atMs;
  }

  /**
   * The first epoch-ms instant at which the value is expired: `atMs`, whenever it was stored.
   * @internal
   */
  expiresAtMs(_lastFetchedMs: number): number {
    return this.atMs;
  }
}
