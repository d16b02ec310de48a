import type { RemovalReason } from './RemovalReason';

/**
 * Lifetime statistics of one cache (`controls.cacheStats()`, `manager.stats()`), a frozen snapshot.
 * Unlike `cacheInfo()`, which keeps aquiche's counting and is reset by `clearCache`, these count the
 * share of calls the cache really answered and are never reset.
 */
export interface CacheStats {
  /** The `name` option, else `Class.method` or the wrapped function's name (`'anonymous'` without one). */
  readonly name: string;
  /** Calls answered by a stored entry without waiting for a fetch (stale ones included). */
  readonly hits: number;
  /** Every other call: it started a fetch or waited on one (or the cache is disabled). */
  readonly misses: number;
  /** The stale subset of `hits`. */
  readonly staleHits: number;
  /** Runs of the function, retries included. */
  readonly loads: number;
  /** Runs that threw or rejected. */
  readonly loadFailures: number;
  /** Summed wall time of every run, in milliseconds. */
  readonly loadTimeMs: number;
  /** Entries removed from the table, by the `RemovalReason` their disposal gets (a flight is no entry). */
  readonly evictions: Readonly<Record<RemovalReason, number>>;
  /** Entries in the table now (in-flight and stale included). */
  readonly currentSize: number;
  /** A shared cache's traffic with the shared tier (absent for caches that are not shared). */
  readonly shared?: SharedCacheStats;
}

/**
 * What a shared cache's flights (one per key and process, however many callers wait on it) got from
 * the shared tier (`cacheStats().shared`). Lifetime counters.
 */
export interface SharedCacheStats {
  /** Flights answered by a record read from the shared tier (an L2 hit, fresh or stale). */
  readonly hits: number;
  /** Flights answered by another process's fill notification (the cross-process single flight). */
  readonly notified: number;
  /**
   * Flights that ran the function here without the cross-process single flight: the tier failed or
   * was skipped (circuit breaker), or a wait for another process ended without a value (its fetch
   * failed, `lockTimeout` passed, the bus dropped).
   */
  readonly degraded: number;
}
