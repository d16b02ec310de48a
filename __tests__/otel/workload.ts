/**
 * One workload for the OpenTelemetry tests, with its exact counts: a sync cache ('otelSync') and an
 * async one ('otelAsync') in one manager, through hits, misses, waits, retries, stale results (both
 * windows) and every removal reason. Runs on jest's fake timers; every async run takes 10 ms.
 *
 * @packageDocumentation
 */
import type { CacheManager } from '../../src';
import { after, flush } from '../support/observing';

/** What the workload leaves in `cacheStats()` of each cache (and so in the metrics). */
export const EXPECTED = {
  sync: {
    requests: { hit: 1, stale: 1, miss: 3 },
    loads: { success: 4, failure: 1 },
    evictions: { replaced: 1, expired: 0, evicted: 1, cleared: 1, unbound: 0, failed: 0, invalidated: 1 },
    /** Runs: s(1), s(2), s(3) attempt 0 (throws) and 1, the background refresh of 2. */
    runs: [
      { attempt: 0, background: false, failed: false },
      { attempt: 0, background: false, failed: false },
      { attempt: 0, background: false, failed: true },
      { attempt: 1, background: false, failed: false },
      { attempt: 0, background: true, failed: false },
    ],
  },
  async: {
    requests: { hit: 1, stale: 1, miss: 6 },
    loads: { success: 3, failure: 4 },
    evictions: { replaced: 0, expired: 2, evicted: 0, cleared: 0, unbound: 1, failed: 0, invalidated: 0 },
    /** Every async run takes 10 ms: 3 successes, 4 failures. */
    runMs: 10,
  },
} as const;

/**
 * Runs the workload on `manager`; `beforeClose` runs just before `manager.close()` (the last step),
 * when the sync cache is empty and the async one holds one entry.
 */
export async function runWorkload(manager: CacheManager, beforeClose: () => Promise<void> = async () => {}) {
  jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined); // staleIfError reports
  let syncRuns = 0;
  const sync = manager.wrap(
    (x: number) => {
      syncRuns += 1;
      if (x === 3 && syncRuns === 3) throw new Error('first run of 3');
      return x * 10;
    },
    { name: 'otelSync', expiration: '1 minute', staleWhileRevalidate: '1 minute', maxsize: 2, retryCount: 1 },
  );
  let failing = false;
  const async = manager.wrap(
    async (x: number) =>
      after(EXPECTED.async.runMs, () => {
        if (failing) throw new Error('source down');
        return x * 100;
      }),
    { name: 'otelAsync', expiration: '1 minute', staleIfError: '10 minutes', retryCount: 1 },
  );
  const settle = async <T>(promise: Promise<T>): Promise<T> => {
    await jest.advanceTimersByTimeAsync(EXPECTED.async.runMs * 2);
    return promise;
  };

  sync(1); // miss
  sync(1); // hit
  sync(2); // miss
  sync(3); // miss: throws, retried at once; evicts 1
  await settle(async(1)); // miss
  await async(1); // hit
  await settle(Promise.all([async(2), async(2)])); // a miss, and a miss that waited
  jest.advanceTimersByTime(60_000);
  sync(2); // stale (revalidate); its background refresh replaces it
  await flush();
  failing = true;
  await settle(async(1)); // expired: a miss; two failed runs; served stale
  await async(1); // inside the staleIfError backoff: stale
  await settle(async(2)); // expired: a miss; two failed runs; served stale
  sync.invalidate(3); // invalidated
  sync.clearCache(); // 2: cleared
  jest.advanceTimersByTime(10 * 60_000);
  await async.removeExpired(); // 1 and 2: expired
  failing = false;
  await settle(async(3)); // miss
  await beforeClose();
  await manager.close(); // 3: unbound
  return { sync, async };
}
