import type { CacheStats } from '../../src';
import { zeroByReason } from '../../src/core/CacheCounters';
import { MonotonicStatsSums } from '../../src/otel/MonotonicStatsSums';

/** A snapshot of a cache named `name` with `hits` hits, `misses` misses and `size` entries. */
function snapshot(name: string, hits: number, misses: number, size: number): CacheStats {
  const evictions = zeroByReason();
  evictions.evicted = misses;
  return Object.freeze({
    name,
    hits,
    misses,
    staleHits: 0,
    loads: misses,
    loadFailures: 0,
    loadTimeMs: misses,
    evictions: Object.freeze(evictions),
    currentSize: size,
  });
}

describe(MonotonicStatsSums.name, () => {
  const a = {};
  const b = {};
  const c = {};

  it('sums the live caches of each name', () => {
    const sums = new MonotonicStatsSums().sums([
      { cache: a, stats: snapshot('users', 5, 2, 2) },
      { cache: b, stats: snapshot('users', 1, 1, 1) },
      { cache: c, stats: snapshot('rates', 7, 3, 3) },
    ]);
    expect(sums.get('users')).toMatchObject({ hits: 6, misses: 3, loads: 3, currentSize: 3 });
    expect(sums.get('rates')).toMatchObject({ hits: 7, misses: 3, currentSize: 3 });
  });

  it('keeps the last totals of a cache that is gone, with no entries, so no sum goes down', () => {
    const totals = new MonotonicStatsSums();
    totals.sums([
      { cache: a, stats: snapshot('users', 5, 2, 2) },
      { cache: b, stats: snapshot('users', 1, 1, 1) },
    ]);
    // `a` was garbage-collected; `b` went on.
    const after = totals.sums([{ cache: b, stats: snapshot('users', 4, 2, 2) }]);
    expect(after.get('users')).toMatchObject({
      hits: 9,
      misses: 4,
      loads: 4,
      loadTimeMs: 4,
      evictions: expect.objectContaining({ evicted: 4 }),
      currentSize: 2,
    });
    // Later collections keep it, once.
    const later = totals.sums([{ cache: b, stats: snapshot('users', 4, 2, 2) }]);
    expect(later.get('users')).toMatchObject({ hits: 9, misses: 4, currentSize: 2 });
  });

  it('reports a name whose every cache is gone with its last totals and size 0', () => {
    const totals = new MonotonicStatsSums();
    totals.sums([
      { cache: a, stats: snapshot('users', 5, 2, 2) },
      { cache: b, stats: snapshot('users', 1, 1, 1) },
    ]);
    totals.sums([{ cache: b, stats: snapshot('users', 2, 1, 1) }]);
    const sums = totals.sums([]);
    expect(sums.get('users')).toMatchObject({ name: 'users', hits: 7, misses: 3, currentSize: 0 });
  });
});
