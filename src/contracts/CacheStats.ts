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
}
