/**
 * cachewright metrics example: a short workload on a decorated service and a wrapped function,
 * then one snapshot of the OpenTelemetry metrics `cachewright/otel` reports, collected by the
 * OpenTelemetry SDK (an in-memory exporter) and printed one point per line.
 * Run with `npm run example:metrics` (no network, well under a second).
 */
import 'reflect-metadata';
import { injectable } from 'inversify';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { Cacheable, CacheManager, createCacheContainer } from '../src';
import { instrumentCacheMetrics } from '../src/otel';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

@injectable()
class UserService {
  /** Pretends to query a database: 20 ms per load; user 'ghost' does not exist. */
  @Cacheable({ expiration: '10 minutes', maxsize: 100, retryCount: 1 })
  async getUser(id: string): Promise<{ id: string; name: string }> {
    await sleep(20);
    if (id === 'ghost') throw new Error(`no user ${id}`);
    return { id, name: `user-${id}` };
  }
}

async function main(): Promise<void> {
  // The OpenTelemetry SDK: a meter provider whose reader exports into memory when flushed.
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({ readers: [reader] });

  const container = createCacheContainer();
  container.bind(UserService).toSelf().inSingletonScope();
  const users = container.get(UserService);
  const manager = container.get(CacheManager);
  const stopMetrics = instrumentCacheMetrics(manager, { meter: provider.getMeter('example') });

  // The workload: misses, a single flight, hits, a failure with its retry, an eviction by maxsize.
  await Promise.all([users.getUser('1'), users.getUser('1'), users.getUser('2')]); // 3 misses (1 waited), 2 loads
  await users.getUser('1'); // hit
  await users.getUser('2'); // hit
  await users.getUser('ghost').catch(() => undefined); // miss, 2 failed loads (a retry)
  const square = manager.wrap((n: number) => n * n, { name: 'square', maxsize: 2 });
  for (const n of [1, 2, 1, 3, 1]) square(n); // 3 misses, 2 hits; 3 evicts 2

  await reader.forceFlush();
  console.log('cachewright metrics after the workload (OpenTelemetry SDK, in-memory exporter):');
  for (const metric of exporter.getMetrics().flatMap((resource) => resource.scopeMetrics.flatMap((s) => s.metrics))) {
    for (const point of metric.dataPoints) {
      const attributes = Object.entries(point.attributes)
        .map(([name, value]) => `${name}=${String(value)}`)
        .join(',');
      const value =
        typeof point.value === 'number'
          ? String(point.value)
          : `count=${point.value.count} sum=${(point.value.sum ?? 0).toFixed(3)}s`; // a histogram
      if (value !== '0') console.log(`  ${metric.descriptor.name}{${attributes}} ${value}`);
    }
  }

  stopMetrics();
  await provider.shutdown();
  await container.unbindAllAsync();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
