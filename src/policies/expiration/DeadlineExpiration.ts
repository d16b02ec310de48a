import { DateTime } from 'luxon';
import { InvalidExpirationError } from '../../contracts/errors/InvalidExpirationError';
import type { CachedItem } from '../../contracts/CachedItem';
import { ExpirationPolicy } from '../../contracts/ExpirationPolicy';

/**
 * Expires every value at one fixed instant: fresh until one millisecond before `deadline`, expired
 * from `deadline` on (so after the deadline every call refetches, as in aquiche). Works for any
 * instant luxon holds, 0001-01-01 to 9999-12-31 included: no timer is ever set.
 * @example
 * const policy = new DeadlineExpiration(DateTime.fromISO('2030-01-01T00:00:00Z'));
 * policy.isExpired(item, Date.parse('2029-12-31T23:59:59.999Z')); // false
 * policy.isExpired(item, Date.parse('2030-01-01T00:00:00Z')); // true
 */
export class DeadlineExpiration extends ExpirationPolicy {
  /** The deadline, in UTC. */
  readonly deadline: DateTime;
  // Plain `private` (not `#`) so a Proxy over a policy still works on the generic path (DESIGN §1.1).
  private readonly deadlineMs: number;

  /**
   * @param deadline - A valid `Date` or luxon `DateTime`.
   * @throws {@link InvalidExpirationError} when `deadline` is an invalid `Date` or `DateTime`.
   */
  constructor(deadline: DateTime | Date) {
    super();
    const ms =
      deadline instanceof Date
        ? deadline.getTime()
        : DateTime.isDateTime(deadline) && deadline.isValid
          ? deadline.toMillis()
          : NaN;
    if (!Number.isFinite(ms)) throw new InvalidExpirationError(deadline, 'a valid Date or luxon DateTime');
    this.deadlineMs = ms;
    this.deadline = DateTime.fromMillis(ms, { zone: 'utc' });
  }

  /**
   * True when `item` must be fetched again at `now` (epoch ms): when `now >= deadline`.
   */
  override isExpired(item: CachedItem, now: number): boolean {
    return now >= this.expiresAtMs(item.lastFetchedMs);
  }

  /**
   * The first epoch-ms instant at which a value stored at `lastFetchedMs` is expired: the deadline.
   * @internal
   */
  expiresAtMs(_lastFetchedMs: number): number {
    return this.deadlineMs;
  }
}
