import type { CacheCounters } from '../CacheCounters';
import type { CacheKey } from '../MethodKey';

/**
 * What a `SharedCache` needs of the cache that owns it (`CacheCore` implements it): its name and
 * counters, and the memory-tier removals the invalidation bus asks for. It receives this interface
 * instead of importing `CacheCore`, so the core's files import one way.
 * @internal
 */
export interface SharedHost {
  /** The cache's name (statistics, events, reports). */
  readonly name: string;
  /** The counters that change on miss paths. */
  readonly counters: CacheCounters;
  /**
   * Removes `key`'s entry from the memory tier (reason `'invalidated'`) and drops its flight, without
   * touching the shared tier; with `settledOnly`, a flight and its pending entry are left alone.
   */
  invalidateKey(key: CacheKey, settledOnly: boolean): boolean;
  /** Removes every entry from the memory tier and drops every flight (reason `'invalidated'`); the shared tier is left alone. */
  dropMemory(): void;
  /** Removes the memory tier's entries carrying one of `tags` and drops tagged flights. */
  invalidateTags(tags: ReadonlySet<string>): number;
  /** The table key of a composite encoding (interned). */
  compositeKey(text: string): CacheKey;
}
