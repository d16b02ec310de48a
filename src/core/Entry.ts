import type { CachedItem } from '../contracts/CachedItem';
import type { ExpirationPolicy } from '../contracts/ExpirationPolicy';
import type { Flight, FlightEntry } from './Flight';
import type { CacheKey } from './MethodKey';
import { StoredItem } from './StoredItem';

/** `Entry.flags`: the stored outcome is an error (negative cache). @internal */
export const IS_ERROR = 1;
/** `Entry.flags`: the entry left the table (evicted, cleared, swept, invalidated, replaced). @internal */
export const REMOVED = 2;
/**
 * `Entry.flags`: a refetch of this settled entry is in flight (set by a stale-while-revalidate
 * refresh, cleared when any refetch of it ends): a stale hit needs to start nothing. @internal
 */
export const REFRESHING = 4;

/**
 * What few entries need, kept beside the entry so that the common one stays small: a custom
 * policy, adopted resources, tags, the stale-if-error backoff. @internal
 */
export class EntryExtra {
  /** A custom (non-inlined) policy, checked through `isExpired`. */
  policy: ExpirationPolicy | null = null;
  /** When the value was stored (epoch ms), for the `CachedItem` a custom policy reads. */
  fetchedAt = 0;
  /** The first instant the value is expired, when `until` is not it (a rethrown sync error). */
  expiresAt = Number.NaN;
  /** When a custom policy was first seen to report the entry expired (its stale windows start there). */
  expiredSeenAt = Number.NaN;
  /** Resources adopted from the value (`wrapAsyncExitStack`). */
  parts: unknown[] | null = null;
  /** The tags the entry carries (`tags` option). */
  tags: readonly string[] | null = null;
  /** After a failed refetch served stale (`staleIfError`), no new fetch before this instant. */
  backoffUntil = Number.NaN;
  item: CachedItem | null = null;
  /** The weight a weight-bounded cache counts for the entry (`weigh`; see `WeighedEntryStore`). */
  weight = 0;
}

/**
 * One key's slot in a rich cache (expiry, negative caching, resources, tags, stale windows or
 * timeouts). Plain caches store raw values instead. A miss stores a *pending* entry (its `flight`
 * set) so that it counts toward the size bound; a refetch of a stored entry runs beside it and
 * replaces it when it settles.
 * @internal
 */
export class Entry implements FlightEntry {
  /** What a hit returns: the value, or the shared promise for promise-returning functions. */
  value: unknown = undefined;
  /**
   * The hit path serves the entry while `now < until`; `NaN` sends every read to the slow path. For
   * built-in policies it is the first instant the value is expired ("fresh until").
   */
  until = Number.NaN;
  /** Set while a miss is being fetched (the entry is pending). */
  flight: Flight<Entry> | null;
  /** The resolved value or the stored error. */
  outcome: unknown = undefined;
  /** `IS_ERROR`, `REMOVED`, `REFRESHING`. */
  flags = 0;
  extra: EntryExtra | null = null;

  constructor(
    readonly key: CacheKey,
    flight: Flight<Entry> | null,
  ) {
    this.flight = flight;
  }

  get removed(): boolean {
    return (this.flags & REMOVED) !== 0;
  }

  get isError(): boolean {
    return (this.flags & IS_ERROR) !== 0;
  }

  /** The side object, made on first need. */
  more(): EntryExtra {
    return (this.extra ??= new EntryExtra());
  }

  /** The stored value as custom policies see it. */
  item(): CachedItem {
    const extra = this.more();
    return (extra.item ??= new StoredItem(this.outcome, extra.fetchedAt, this.isError));
  }
}
