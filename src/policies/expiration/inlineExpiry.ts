import { types } from 'node:util';
import type { CachedItem } from '../../contracts/CachedItem';
import type { ExpirationValue } from '../../contracts/ExpirationValue';
import { AlwaysExpiration } from './AlwaysExpiration';
import { CallbackExpiration } from './CallbackExpiration';
import { DataPointerExpiration } from './DataPointerExpiration';
import { DeadlineExpiration } from './DeadlineExpiration';
import { InstantExpiration } from './InstantExpiration';
import type { ExpirationPolicy } from '../../contracts/ExpirationPolicy';
import { NeverExpiration } from './NeverExpiration';
import { RefreshIntervalExpiration } from './RefreshIntervalExpiration';
import { TimeOfDayExpiration } from './TimeOfDayExpiration';

/** Gives the first epoch-ms instant at which a value stored at `lastFetchedMs` is expired. */
export type ExpiresAtFunction = (lastFetchedMs: number) => number;

/** Yields the expiration value of one stored value (a thenable only for async wrapped functions). */
export type PerValueResolver = (item: CachedItem) => ExpirationValue | PromiseLike<ExpirationValue>;

type FixedTimePolicy =
  | NeverExpiration
  | AlwaysExpiration
  | RefreshIntervalExpiration
  | DeadlineExpiration
  | TimeOfDayExpiration
  | InstantExpiration;

const FIXED_TIME_CLASSES: ReadonlySet<unknown> = new Set<unknown>([
  NeverExpiration,
  AlwaysExpiration,
  RefreshIntervalExpiration,
  DeadlineExpiration,
  TimeOfDayExpiration,
  InstantExpiration,
]);

/**
 * For a built-in fixed-time policy (exactly `NeverExpiration`, `AlwaysExpiration`,
 * `RefreshIntervalExpiration`, `DeadlineExpiration`, `TimeOfDayExpiration` or the internal
 * `InstantExpiration`, not a subclass, not a
 * Proxy), the function that gives the first epoch-ms instant at which a value stored at
 * `lastFetchedMs` is expired: `Infinity` (never), `-Infinity` (always), `lastFetchedMs + interval`,
 * the deadline, or the next occurrence of the time of day. The manager computes it once per stored
 * value, so a hit is `now >= expiresAt`; for these policies
 * `policy.isExpired(item, now) === (now >= expiresAt(item.lastFetchedMs))` always holds.
 * Anything else returns `null` and goes through `isExpired` (the generic path).
 * @internal
 */
export function expiresAtOf(policy: ExpirationPolicy): ExpiresAtFunction | null {
  if (types.isProxy(policy)) return null;
  if (!FIXED_TIME_CLASSES.has(policy.constructor)) return null;
  const fixed = policy as FixedTimePolicy;
  return (lastFetchedMs) => fixed.expiresAtMs(lastFetchedMs);
}

/**
 * For exactly `DataPointerExpiration` or `CallbackExpiration` (not a subclass, not a Proxy), the
 * function that yields a stored value's expiration value: the manager awaits it when it is a
 * thenable (async functions only), then calls its bound `ExpirationPolicyFactory.create` on it once
 * per stored value, right after the fetch (DESIGN.md §5.1). Anything else returns `null`.
 * The function throws `ExtractionError` (missing path) or `InvalidExpirationError` (a thenable on a
 * sync function) for that call.
 * @internal
 */
export function perValueResolverOf(policy: ExpirationPolicy): PerValueResolver | null {
  if (types.isProxy(policy)) return null;
  const ctor = policy.constructor;
  if (ctor !== DataPointerExpiration && ctor !== CallbackExpiration) return null;
  const resolving = policy as DataPointerExpiration | CallbackExpiration;
  return (item) => resolving.resolveValue(item);
}
