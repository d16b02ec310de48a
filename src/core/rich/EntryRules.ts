import { isThenable } from '../thenable';
import type { Entry } from '../Entry';
import type { ResolvedCacheOptions } from '../options/resolveCacheOptions';

/**
 * What a rich cache's options say about one stored entry: whether it is fresh, since when it is
 * stale (its windows count from there), whether it is still inside its `staleIfError` window, and
 * how a stored value or a failure reaches a caller (negative caching returns or rethrows).
 * Stateless beyond the options; never mutates an entry's value.
 * @internal
 */
export class EntryRules {
  /** Failures are stored (`negativeCache` true or `'rethrow'`). */
  readonly storeErrors: boolean;
  /** Stored failures are thrown, not returned (`negativeCache: 'rethrow'`). */
  readonly rethrow: boolean;
  /** The longer stale window: an expired entry stays usable this long. */
  readonly usableMs: number;

  constructor(private readonly options: ResolvedCacheOptions) {
    this.storeErrors = options.parameters.negativeCache !== false;
    this.rethrow = options.parameters.negativeCache === 'rethrow';
    this.usableMs = Math.max(options.staleWhileRevalidateMs ?? 0, options.staleIfErrorMs ?? 0);
  }

  /** Whether a settled entry is still fresh at `now` (a custom policy may throw). */
  isFresh(entry: Entry, now: number): boolean {
    const policy = entry.extra?.policy ?? null;
    if (policy !== null) return !policy.isExpired(entry.item(), now);
    const expiresAt = entry.extra === null ? entry.until : entry.extra.expiresAt;
    return now < (Number.isNaN(expiresAt) ? entry.until : expiresAt);
  }

  /** `isFresh`, a failing custom check counting as not fresh (a call would drop the entry). */
  isFreshSafe(entry: Entry, now: number): boolean {
    try {
      return this.isFresh(entry, now);
    } catch {
      // A failing custom check: not fresh; the caller judges the entry by its windows or drops it.
      return false;
    }
  }

  /**
   * When a (known expired) entry expired: its windows count from there. An entry of a custom policy
   * has no expiry instant: its windows start when it is first seen expired.
   */
  expiredAt(entry: Entry, now: number): number {
    const extra = entry.extra;
    if (extra !== null) {
      if (extra.policy !== null) {
        if (Number.isNaN(extra.expiredSeenAt)) extra.expiredSeenAt = now;
        return extra.expiredSeenAt;
      }
      if (!Number.isNaN(extra.expiresAt)) return extra.expiresAt;
    }
    return entry.until;
  }

  /** `entry` is stale at `now`, expired less than `staleIfError` ago. */
  withinErrorWindow(entry: Entry, now: number): boolean {
    const window = this.options.staleIfErrorMs;
    if (window === null) return false;
    return !this.isFreshSafe(entry, now) && now - this.expiredAt(entry, now) < window;
  }

  /** `entry` is fresh at `now` or still usable inside a stale window (a sweep keeps it). */
  isUsable(entry: Entry, now: number): boolean {
    try {
      return this.isFresh(entry, now) || now - this.expiredAt(entry, now) < this.usableMs;
    } catch {
      // A failing custom expiry check counts as expired: the entry goes rather than hang the key.
      return false;
    }
  }

  /** What a call answered by `entry` gets: its value, or a thrown stored error under `'rethrow'` (sync). */
  deliver(entry: Entry): unknown {
    if (entry.isError && this.rethrow && !isThenable(entry.value)) throw entry.outcome;
    return entry.value;
  }

  /** A failure as a caller gets it: returned under `negativeCache: true`, thrown otherwise. */
  failure(error: unknown): unknown {
    if (this.storeErrors && !this.rethrow) return error;
    throw error;
  }
}
