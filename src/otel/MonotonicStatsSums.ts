import type { CacheStats } from '../contracts/CacheStats';
import { sumStats } from '../core/sumStats';

/** One cache's snapshot, named by its manager's token for it (`CacheManager.statsByCache`). */
interface CacheSnapshot {
  readonly cache: object;
  readonly stats: CacheStats;
}

/**
 * Per-name sums of a manager's cache statistics that never go down, as cumulative OpenTelemetry
 * counters must: a cache that is gone (garbage-collected) goes on counting with the totals it had
 * when last seen, and holds no entries (`currentSize` 0). What it counted after the last collection
 * before it went is lost.
 * @internal
 */
export class MonotonicStatsSums {
  /** The last snapshot of every cache seen, by its token. */
  readonly #lastSeen = new Map<object, CacheStats>();
  /** The summed last snapshots of the caches that are gone, by name. */
  readonly #gone = new Map<string, CacheStats>();

  /** The sums by name of `live` (this collection's snapshots) and of every cache gone before it. */
  sums(live: readonly CacheSnapshot[]): Map<string, CacheStats> {
    const seen = new Set<object>();
    for (const { cache, stats } of live) {
      this.#lastSeen.set(cache, stats);
      seen.add(cache);
    }
    for (const [cache, stats] of this.#lastSeen) {
      if (seen.has(cache)) continue;
      this.#lastSeen.delete(cache);
      const last = Object.freeze({ ...stats, currentSize: 0 });
      const before = this.#gone.get(stats.name);
      this.#gone.set(stats.name, before === undefined ? last : sumStats(stats.name, [before, last]));
    }
    const groups = new Map<string, CacheStats[]>();
    const add = (stats: CacheStats): void => {
      const group = groups.get(stats.name);
      if (group === undefined) groups.set(stats.name, [stats]);
      else group.push(stats);
    };
    for (const { stats } of live) add(stats);
    for (const stats of this.#gone.values()) add(stats);
    const sums = new Map<string, CacheStats>();
    for (const [name, group] of groups) sums.set(name, group.length === 1 ? group[0] : sumStats(name, group));
    return sums;
  }
}
