import { Duration } from 'luxon';
import { InvalidExpirationError } from '../../contracts/errors/InvalidExpirationError';
import type { CachedItem } from '../../contracts/CachedItem';
import { ExpirationPolicy } from '../../contracts/ExpirationPolicy';

/**
 * Expires a value a fixed interval after it was stored: at `lastFetchedMs + interval` it is expired
 * (inclusive), one millisecond earlier it is fresh. A zero or negative interval means always expired
 * (aquiche compares `now - fetched >= interval`, which a negative interval always passes).
 * Months and years in a luxon `Duration` count by luxon's casual conversion (`toMillis()`).
 * @example
 * const policy = new RefreshIntervalExpiration(Duration.fromObject({ minutes: 1 }));
 * policy.isExpired(item, item.lastFetchedMs + 59_999); // false
 * policy.isExpired(item, item.lastFetchedMs + 60_000); // true
 */
export class RefreshIntervalExpiration extends ExpirationPolicy {
  /** The interval as given. */
  readonly interval: Duration;
  // Plain `private` (not `#`) so a Proxy over a policy still works on the generic path (DESIGN §1.1).
  private readonly intervalMs: number;

  /**
   * @param interval - A valid luxon `Duration`; `<= 0` means always expired.
   * @throws {@link InvalidExpirationError} when `interval` is not a valid `Duration`.
   */
  constructor(interval: Duration) {
    super();
    if (!Duration.isDuration(interval) || !interval.isValid || !Number.isFinite(interval.toMillis())) {
      throw new InvalidExpirationError(interval, 'a valid luxon Duration');
    }
    this.interval = interval;
    this.intervalMs = interval.toMillis();
  }

  /**
   * True when `item` must be fetched again at `now` (epoch ms): when `now - item.lastFetchedMs >= interval`.
   */
  override isExpired(item: CachedItem, now: number): boolean {
    return now >= this.expiresAtMs(item.lastFetchedMs);
  }

  /**
   * The first epoch-ms instant at which a value stored at `lastFetchedMs` is expired:
   * `lastFetchedMs + interval`, or `-Infinity` for an interval `<= 0`.
   * @internal
   */
  expiresAtMs(lastFetchedMs: number): number {
    return this.intervalMs > 0 ? lastFetchedMs + this.intervalMs : -Infinity;
  }
}
