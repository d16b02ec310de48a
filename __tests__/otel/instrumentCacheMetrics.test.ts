import { setImmediate as realSetImmediate } from 'node:timers';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { InvalidCacheConfigError } from '../../src';
import { instrumentCacheMetrics, LOAD_DURATION_BUCKETS } from '../../src/otel';
import { useFakeTimeAtT0 } from '../support/fakeTime';
import { newManager } from '../support/managers';
import { after, timeRunsOnFakeClock } from '../support/observing';
import {
  AggregationTemporality,
  DataPointType,
  metricsHarness,
  valuesBy,
  type Collected,
  type MetricsHarness,
} from '../support/otel';
import { EXPECTED, runWorkload } from './workload';
import { captured } from '../support/captured';

/** Node's own garbage collector, reached without `--expose-gc`. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('instrumentCacheMetrics', () => {
  useFakeTimeAtT0();
  let harness: MetricsHarness;
  afterEach(() => harness.shutdown());

  it('reports a workload’s exact counts as metric points, by cache name', async () => {
    harness = metricsHarness(AggregationTemporality.CUMULATIVE);
    timeRunsOnFakeClock();
    const manager = newManager();
    instrumentCacheMetrics(manager, { meter: harness.meter });
    const { sync, async } = await runWorkload(manager);
    const metrics = await harness.collect();

    expect(valuesBy(metrics.get('cache.requests')!.points, 'cache.name', 'cache.result')).toEqual({
      'otelSync/hit': EXPECTED.sync.requests.hit,
      'otelSync/stale': EXPECTED.sync.requests.stale,
      'otelSync/miss': EXPECTED.sync.requests.miss,
      'otelAsync/hit': EXPECTED.async.requests.hit,
      'otelAsync/stale': EXPECTED.async.requests.stale,
      'otelAsync/miss': EXPECTED.async.requests.miss,
    });
    expect(valuesBy(metrics.get('cache.loads')!.points, 'cache.name', 'cache.load.result')).toEqual({
      'otelSync/success': EXPECTED.sync.loads.success,
      'otelSync/failure': EXPECTED.sync.loads.failure,
      'otelAsync/success': EXPECTED.async.loads.success,
      'otelAsync/failure': EXPECTED.async.loads.failure,
    });
    const evictions = valuesBy(metrics.get('cache.evictions')!.points, 'cache.name', 'cache.removal.reason');
    for (const [name, cache] of [
      ['sync', 'otelSync'],
      ['async', 'otelAsync'],
    ] as const) {
      for (const [reason, count] of Object.entries(EXPECTED[name].evictions)) {
        expect([cache, reason, evictions[`${cache}/${reason}`]]).toEqual([cache, reason, count]);
      }
    }
    expect(Object.keys(evictions)).toHaveLength(14);
    expect(valuesBy(metrics.get('cache.size')!.points, 'cache.name')).toEqual({ otelSync: 0, otelAsync: 0 });

    // The statistics say the same.
    for (const [cached, expected] of [
      [sync, EXPECTED.sync],
      [async, EXPECTED.async],
    ] as const) {
      const stats = cached.cacheStats();
      expect({
        hit: stats.hits - stats.staleHits,
        stale: stats.staleHits,
        miss: stats.misses,
        success: stats.loads - stats.loadFailures,
        failure: stats.loadFailures,
        evictions: stats.evictions,
      }).toEqual({ ...expected.requests, ...expected.loads, evictions: expected.evictions });
    }
  });

  it('records every run in cache.load.duration, in seconds, by cache name and outcome', async () => {
    harness = metricsHarness(AggregationTemporality.CUMULATIVE);
    timeRunsOnFakeClock();
    const manager = newManager();
    instrumentCacheMetrics(manager, { meter: harness.meter });
    await runWorkload(manager);
    const { data, points } = (await harness.collect()).get('cache.load.duration')!;
    expect(data.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(data.descriptor.unit).toBe('s');
    const seconds = EXPECTED.async.runMs / 1000;
    const byOutcome = valuesBy(points, 'cache.name', 'cache.load.result') as Record<
      string,
      { count: number; sum: number; buckets: { boundaries: number[] } }
    >;
    expect(Object.keys(byOutcome).sort()).toEqual([
      'otelAsync/failure',
      'otelAsync/success',
      'otelSync/failure',
      'otelSync/success',
    ]);
    expect(byOutcome['otelSync/success']).toMatchObject({ count: EXPECTED.sync.loads.success, sum: 0 });
    expect(byOutcome['otelSync/failure']).toMatchObject({ count: EXPECTED.sync.loads.failure, sum: 0 });
    expect(byOutcome['otelAsync/success'].count).toBe(EXPECTED.async.loads.success);
    expect(byOutcome['otelAsync/success'].sum).toBeCloseTo(EXPECTED.async.loads.success * seconds, 9);
    expect(byOutcome['otelAsync/failure'].count).toBe(EXPECTED.async.loads.failure);
    expect(byOutcome['otelAsync/failure'].sum).toBeCloseTo(EXPECTED.async.loads.failure * seconds, 9);
    expect(byOutcome['otelAsync/success'].buckets.boundaries).toEqual(LOAD_DURATION_BUCKETS);
  });

  it('reports the size of each cache while it holds entries, and gives every instrument its unit', async () => {
    harness = metricsHarness(AggregationTemporality.CUMULATIVE);
    const manager = newManager();
    instrumentCacheMetrics(manager, { meter: harness.meter });
    let atPeak: Collected = new Map();
    await runWorkload(manager, async () => {
      atPeak = await harness.collect();
    });
    const sizes = atPeak.get('cache.size')!;
    expect(sizes.data.dataPointType).toBe(DataPointType.GAUGE);
    expect(valuesBy(sizes.points, 'cache.name')).toEqual({ otelSync: 0, otelAsync: 1 });
    expect(
      Object.fromEntries(
        ['cache.requests', 'cache.loads', 'cache.evictions', 'cache.size'].map((name) => [
          name,
          atPeak.get(name)!.data.descriptor.unit,
        ]),
      ),
    ).toEqual({
      'cache.requests': '{request}',
      'cache.loads': '{load}',
      'cache.evictions': '{entry}',
      'cache.size': '{entry}',
    });
  });

  it('sums caches that share a name, and reports nothing of another manager', async () => {
    harness = metricsHarness(AggregationTemporality.CUMULATIVE);
    const manager = newManager();
    instrumentCacheMetrics(manager, { meter: harness.meter });
    const a = manager.wrap((x: number) => x, { name: 'shared' });
    const b = manager.wrap(async (x: number) => after(5, () => x), { name: 'shared' });
    const elsewhere = newManager().wrap(async (x: number) => after(5, () => x), { name: 'elsewhere' });
    a(1);
    a(1);
    const pending = Promise.all([b(1), elsewhere(1)]);
    await jest.advanceTimersByTimeAsync(5);
    await pending;
    await b(1);
    const metrics = await harness.collect();
    expect(valuesBy(metrics.get('cache.requests')!.points, 'cache.name', 'cache.result')).toEqual({
      'shared/hit': 2,
      'shared/stale': 0,
      'shared/miss': 2,
    });
    expect(valuesBy(metrics.get('cache.size')!.points, 'cache.name')).toEqual({ shared: 2 });
    const durations = metrics.get('cache.load.duration')!.points;
    expect(
      durations.map((point) => [point.attributes['cache.name'], (point.value as { count: number }).count]),
    ).toEqual([['shared', 2]]);
  });

  it('keeps counting a garbage-collected cache with its last totals: no counter goes down', async () => {
    harness = metricsHarness(AggregationTemporality.CUMULATIVE);
    const manager = newManager();
    instrumentCacheMetrics(manager, { meter: harness.meter });
    const kept = manager.wrap((x: number) => x, { name: 'users' });
    kept(1);
    kept(1);
    // A second cache of the same name, used and then dropped by the caller.
    ((): void => {
      const dropped = manager.wrap((x: number) => x, { name: 'users' });
      dropped(1);
      dropped(1);
      dropped(2);
    })();
    const first = await harness.collect();
    expect(valuesBy(first.get('cache.requests')!.points, 'cache.name', 'cache.result')).toMatchObject({
      'users/hit': 2,
      'users/miss': 3,
    });
    // A WeakRef's target lives to the end of the job that read it: collect in later turns.
    for (let i = 0; i < 20 && manager.stats().length > 1; i++) {
      await new Promise((resolve) => realSetImmediate(resolve));
      collectGarbage();
      await new Promise((resolve) => realSetImmediate(resolve));
    }
    expect(manager.stats()).toHaveLength(1);
    kept(3);
    const second = await harness.collect();
    expect(valuesBy(second.get('cache.requests')!.points, 'cache.name', 'cache.result')).toMatchObject({
      'users/hit': 2,
      'users/miss': 4,
    });
    expect(valuesBy(second.get('cache.size')!.points, 'cache.name')).toEqual({ users: 2 });
  });

  it.each([
    ['no manager', () => [undefined, { meter: metricsHarness(AggregationTemporality.CUMULATIVE).meter }], ['manager']],
    ['no meter', () => [newManager(), {}], ['meter']],
    ['neither', () => [{}, { meter: { createHistogram() {} } }], ['manager', 'meter']],
  ])('throws InvalidCacheConfigError naming what is wrong (%s)', (_label, make, bad) => {
    harness = metricsHarness(AggregationTemporality.CUMULATIVE);
    const [manager, options] = make() as Parameters<typeof instrumentCacheMetrics>;
    const thrown = captured(() => instrumentCacheMetrics(manager, options));
    expect(thrown).toBeInstanceOf(InvalidCacheConfigError);
    expect((thrown as InvalidCacheConfigError).problems.map((problem) => problem.option)).toEqual(bad);
    expect((thrown as Error).message).toMatch(/^instrumentCacheMetrics: invalid cache options: /);
  });

  it('stops reporting once unregistered (a delta reader sees nothing more), and unregisters once', async () => {
    harness = metricsHarness(AggregationTemporality.DELTA);
    timeRunsOnFakeClock();
    const manager = newManager();
    const stop = instrumentCacheMetrics(manager, { meter: harness.meter });
    const cached = manager.wrap(async (x: number) => after(10, () => x), { name: 'users' });
    const first = cached(1);
    await jest.advanceTimersByTimeAsync(10);
    await first;
    await cached(1);
    const before = await harness.collect();
    expect(valuesBy(before.get('cache.requests')!.points, 'cache.result')).toEqual({ hit: 1, stale: 0, miss: 1 });
    expect((before.get('cache.load.duration')!.points[0].value as { count: number }).count).toBe(1);

    const second = cached(2);
    await jest.advanceTimersByTimeAsync(10);
    await second;
    const delta = await harness.collect();
    expect(valuesBy(delta.get('cache.requests')!.points, 'cache.result')).toEqual({ hit: 0, stale: 0, miss: 1 });

    // A run that starts before the unregistering and settles after it is not recorded either.
    const third = cached(3);
    stop();
    stop();
    const fourth = cached(4);
    await jest.advanceTimersByTimeAsync(10);
    await Promise.all([third, fourth]);
    const afterStop = await harness.collect();
    expect([...afterStop.keys()].filter((name) => name.startsWith('cache.'))).toEqual([]);
    expect(cached.cacheStats()).toMatchObject({ misses: 4, loads: 4 });
  });
});
