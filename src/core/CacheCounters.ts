import { REMOVAL_REASONS, type RemovalReason } from '../contracts/RemovalReason';

/**
 * The counters of one cache besides the hit path's own (`hits`, `misses` on the core): every one
 * changes on a miss path only. All are lifetime counters; `cacheInfo()`'s figures, which
 * `clearCache` resets, are these minus the values saved at the last clear.
 * @internal
 */
export class CacheCounters {
  /** Stale results served at once (a hit in both counts). */
  staleHits = 0;
  /** Calls that found their key in flight or expired and waited for a fetch (aquiche: a hit; stats: a miss). */
  waits = 0;
  /** Runs of the function, retries included. */
  loads = 0;
  /** Runs that threw or rejected. */
  loadFailures = 0;
  /** Summed wall time of the runs, in ms. */
  loadTimeMs = 0;
  /** Shared caches: flights answered by a record read from the shared tier. */
  sharedHits = 0;
  /** Shared caches: flights answered by another process's fill notification. */
  sharedNotified = 0;
  /** Shared caches: flights that ran the function without the cross-process single flight (the tier failed, was skipped, or a wait ended without a value). */
  sharedDegraded = 0;
  /** Entries removed from the table, by reason. */
  readonly evictions: Record<RemovalReason, number> = zeroByReason();
  /** `cacheInfo()`'s zero points, saved by `clearCache`. */
  infoHitsBase = 0;
  infoMissesBase = 0;
  infoStaleBase = 0;
}

/** A count of zero for every `RemovalReason`. @internal */
export function zeroByReason(): Record<RemovalReason, number> {
  const counts = {} as Record<RemovalReason, number>;
  for (const reason of Object.keys(REMOVAL_REASONS) as RemovalReason[]) counts[reason] = 0;
  return counts;
}
