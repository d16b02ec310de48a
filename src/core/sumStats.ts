import type { CacheStats, SharedCacheStats } from '../contracts/CacheStats';
import type { RemovalReason } from '../contracts/RemovalReason';
import { zeroByReason } from './CacheCounters';

/** The statistics of one method over several managers (or of caches sharing a name), summed. @internal */
export function sumStats(name: string, all: readonly CacheStats[]): CacheStats {
  const evictions = zeroByReason();
  let hits = 0;
  let misses = 0;
  let staleHits = 0;
  let loads = 0;
  let loadFailures = 0;
  let loadTimeMs = 0;
  let currentSize = 0;
  let shared: { hits: number; notified: number; degraded: number } | undefined;
  for (const stats of all) {
    if (stats.shared !== undefined) shared = addShared(shared, stats.shared);
    hits += stats.hits;
    misses += stats.misses;
    staleHits += stats.staleHits;
    loads += stats.loads;
    loadFailures += stats.loadFailures;
    loadTimeMs += stats.loadTimeMs;
    currentSize += stats.currentSize;
    for (const reason of Object.keys(evictions) as RemovalReason[]) evictions[reason] += stats.evictions[reason];
  }
  return Object.freeze({
    name: all[0]?.name ?? name,
    hits,
    misses,
    staleHits,
    loads,
    loadFailures,
    loadTimeMs,
    evictions: Object.freeze(evictions),
    currentSize,
    ...(shared === undefined ? undefined : { shared: Object.freeze(shared) }),
  });
}

/** Sums a shared cache's shared-tier counters into `into` (made on the first). */
function addShared(
  into: { hits: number; notified: number; degraded: number } | undefined,
  stats: SharedCacheStats,
): { hits: number; notified: number; degraded: number } {
  const sum = into ?? { hits: 0, notified: 0, degraded: 0 };
  sum.hits += stats.hits;
  sum.notified += stats.notified;
  sum.degraded += stats.degraded;
  return sum;
}
