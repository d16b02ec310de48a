import type { ExpirationPolicy } from '../contracts/ExpirationPolicy';
import type { CachedItem } from '../contracts/CachedItem';
import type { RemovalReason } from '../contracts/RemovalReason';
import type { CacheKey } from './MethodKey';
import { StoredItem } from './StoredItem';
import type { Flight } from './Flight';

/**
 * One key's slot in a rich cache (one with expiry, negative caching or resources). Plain caches
 * store raw values instead, to stay small.
 * @internal
 */
export class Entry {
  /** What a hit returns: the value, or the shared promise for promise-returning functions. */
  value: unknown = undefined;
  /** The hit path serves the entry while `now < until`; `NaN` sends every read to the slow path. */
  until = Number.NaN;
  /** The first instant the value is expired, for built-in policies; `NaN` with a custom policy. */
  expiresAt = Number.NaN;
  /** A custom (non-inlined) policy, checked through `isExpired`. */
  policy: ExpirationPolicy | null = null;
  /** Set while the value is being fetched. */
  flight: Flight | null;
  /** The resolved value or the stored error. */
  outcome: unknown = undefined;
  isError = false;
  fetchedAt = 0;
  /** Resources adopted from the value (`wrapAsyncExitStack`). */
  parts: unknown[] | null = null;
  /** The entry this one replaces while it is being refetched. */
  previous: Entry | null = null;
  /** Set once the entry left the table (evicted, cleared, swept). */
  removed = false;
  /** Why it left (a pending entry's late result is disposed accordingly). */
  removedFor: RemovalReason | null = null;
  #item: CachedItem | null = null;

  constructor(
    readonly key: CacheKey,
    flight: Flight,
  ) {
    this.flight = flight;
  }

  /** The stored value as policies see it. */
  item(): CachedItem {
    return (this.#item ??= new StoredItem(this.outcome, this.fetchedAt, this.isError));
  }
}
