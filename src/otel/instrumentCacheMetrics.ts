import { performance } from 'node:perf_hooks';
import { ValueType, type Attributes, type BatchObservableResult, type Meter } from '@opentelemetry/api';
import { InvalidCacheConfigError, type InvalidOption } from '../contracts/errors/InvalidCacheConfigError';
import { REMOVAL_REASONS, type RemovalReason } from '../contracts/RemovalReason';
import type { CacheManager } from '../core/CacheManager';
import type { FetchTraceContext } from '../core/events/channels';
import { MonotonicStatsSums } from './MonotonicStatsSums';
import { watchFetchRuns } from './watchFetchRuns';

/** What {@link instrumentCacheMetrics} takes besides the manager. */
export interface CacheMetricsOptions {
  /** The OpenTelemetry `Meter` the instruments are created on (`metrics.getMeter('my-service')`). */
  readonly meter: Meter;
}

/**
 * The bucket boundaries (seconds) advised for `cache.load.duration`: OpenTelemetry's default
 * buckets are meant for milliseconds, so in seconds every load would fall in the first one.
 */
export const LOAD_DURATION_BUCKETS: readonly number[] = Object.freeze([
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
]);

/**
 * Reports the statistics of every cache of `manager` as OpenTelemetry metrics on `options.meter`,
 * each with the attribute `cache.name` (caches that share a name are summed):
 *
 * | instrument | kind | unit | attributes |
 * |---|---|---|---|
 * | `cache.requests` | observable counter | `{request}` | `cache.result`: `hit` (fresh), `stale`, `miss` |
 * | `cache.loads` | observable counter | `{load}` | `cache.load.result`: `success`, `failure` |
 * | `cache.load.duration` | histogram | `s` | `cache.load.result` |
 * | `cache.evictions` | observable counter | `{entry}` | `cache.removal.reason`: every `RemovalReason` |
 * | `cache.size` | observable gauge | `{entry}` | |
 *
 * The observable instruments read the caches' lifetime counters (`manager.stats()`) when the SDK
 * collects (nothing is done per call). The sums never go down: a cache that is garbage-collected
 * keeps counting with the totals it had at the last collection (and no entries in `cache.size`). The
 * histogram records each run of the function by a cache of this manager, retries included, from the
 * `cachewright:fetch` channel (so while it is registered, a miss publishes its run there). Call it
 * once per manager and meter.
 *
 * @param manager - the manager whose caches are reported.
 * @throws {@link cachewright!InvalidCacheConfigError} when `manager` is no `CacheManager` or `options.meter` no `Meter`.
 * @returns a function that unregisters: the observable callbacks are removed (an unregistered
 *   observable reports nothing more to a delta reader; a cumulative one may keep its last value) and
 *   the channel subscription ends. Calling it again does nothing.
 * @example
 * ```ts
 * import { metrics } from '@opentelemetry/api';
 * import { instrumentCacheMetrics } from 'cachewright/otel';
 *
 * const stop = instrumentCacheMetrics(container.get(CacheManager), { meter: metrics.getMeter('users') });
 * ```
 */
export function instrumentCacheMetrics(manager: CacheManager, options: CacheMetricsOptions): () => void {
  const meter = (options as Partial<CacheMetricsOptions> | null | undefined)?.meter;
  const problems: InvalidOption[] = [];
  if (typeof (manager as Partial<CacheManager> | null | undefined)?.statsByCache !== 'function')
    problems.push({ option: 'manager', value: manager, expected: 'a CacheManager' });
  if (typeof meter?.createObservableCounter !== 'function' || typeof meter.addBatchObservableCallback !== 'function')
    problems.push({ option: 'meter', value: meter, expected: 'an OpenTelemetry Meter (metrics.getMeter(name))' });
  if (problems.length > 0 || meter === undefined)
    throw new InvalidCacheConfigError(problems, { context: 'instrumentCacheMetrics' });
  const requests = meter.createObservableCounter('cache.requests', {
    description: 'Calls of a cached function: answered by a fresh entry (hit), a stale one (stale), or not (miss)',
    unit: '{request}',
    valueType: ValueType.INT,
  });
  const loads = meter.createObservableCounter('cache.loads', {
    description: 'Runs of a cached function, retries included, by outcome',
    unit: '{load}',
    valueType: ValueType.INT,
  });
  const evictions = meter.createObservableCounter('cache.evictions', {
    description: 'Entries removed from a cache, by removal reason',
    unit: '{entry}',
    valueType: ValueType.INT,
  });
  const size = meter.createObservableGauge('cache.size', {
    description: 'Entries in a cache (in-flight and stale included)',
    unit: '{entry}',
    valueType: ValueType.INT,
  });
  const duration = meter.createHistogram('cache.load.duration', {
    description: 'Wall time of each run of a cached function, retries counted separately',
    unit: 's',
    valueType: ValueType.DOUBLE,
    advice: { explicitBucketBoundaries: [...LOAD_DURATION_BUCKETS] },
  });

  // A cache that is garbage-collected keeps its last totals in the sums: the counters never go down.
  const totals = new MonotonicStatsSums();
  const observe = (result: BatchObservableResult): void => {
    for (const [name, stats] of totals.sums(manager.statsByCache())) {
      const hits = stats.hits - stats.staleHits;
      result.observe(requests, hits, { 'cache.name': name, 'cache.result': 'hit' });
      result.observe(requests, stats.staleHits, { 'cache.name': name, 'cache.result': 'stale' });
      result.observe(requests, stats.misses, { 'cache.name': name, 'cache.result': 'miss' });
      result.observe(loads, stats.loads - stats.loadFailures, { 'cache.name': name, 'cache.load.result': 'success' });
      result.observe(loads, stats.loadFailures, { 'cache.name': name, 'cache.load.result': 'failure' });
      for (const reason of Object.keys(REMOVAL_REASONS) as RemovalReason[]) {
        result.observe(evictions, stats.evictions[reason], { 'cache.name': name, 'cache.removal.reason': reason });
      }
      result.observe(size, stats.currentSize, { 'cache.name': name });
    }
  };
  const observables = [requests, loads, evictions, size];
  meter.addBatchObservableCallback(observe, observables);

  // The start time rides on the run's context under a symbol of this registration (a WeakMap
  // entry per run costs about three times as much).
  const startedAt = Symbol('cachewright.otel.startedAt');
  type Timed = FetchTraceContext & { [startedAt]?: number };
  const watch = watchFetchRuns({
    started(context) {
      if (context.manager === manager) (context as Timed)[startedAt] = performance.now();
    },
    settled(context, failed) {
      const started = (context as Timed)[startedAt];
      if (started === undefined) return;
      const attributes: Attributes = {
        'cache.name': context.cache,
        'cache.load.result': failed ? 'failure' : 'success',
      };
      duration.record((performance.now() - started) / 1000, attributes);
    },
  });

  let registered = true;
  return () => {
    if (!registered) return;
    registered = false;
    meter.removeBatchObservableCallback(observe, observables);
    watch.stop();
  };
}
