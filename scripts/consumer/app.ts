// A small application that uses cachewright as a user would: installed from the packed tarball,
// compiled by its own tsconfig.json (skipLibCheck: false) and run with plain `node`.
// scripts/consumer-test.sh compares what it prints with expected-output.txt, line by line.
import 'reflect-metadata';
import { injectable } from 'inversify';
import {
  Cacheable,
  CacheManager,
  CacheParameters,
  CachedItem,
  ExpirationPolicy,
  InvalidCacheConfigError,
  Key,
  RetryPolicy,
  cacheOf,
  createCacheContainer,
  parseDuration,
} from 'cachewright';
import { instrumentCacheMetrics } from 'cachewright/otel';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';

/** Retries at once, and counts how often the container asked it (proves the rebinding took). */
@injectable()
class ImmediateRetry extends RetryPolicy {
  static asked = 0;
  override delayBeforeRetry(attempt: number, _error: unknown, options: CacheParameters): number | null {
    ImmediateRetry.asked += 1;
    return attempt < options.retryCount ? 0 : null;
  }
}

/** A custom expiration: a value is fresh for exactly `uses` reads after it was stored. */
class CountdownExpiration extends ExpirationPolicy {
  #left: number;
  constructor(uses: number) {
    super();
    this.#left = uses;
  }
  override isExpired(_item: CachedItem, _now: number): boolean {
    this.#left -= 1;
    return this.#left < 0;
  }
}

@injectable()
class PriceService {
  loads = 0;

  @Cacheable({ maxsize: 10 })
  price(sku: string): number {
    this.loads += 1;
    return sku.length * 10;
  }

  @Cacheable({ expiration: '10 minutes', key: 'stock:{sku}' })
  async stock(sku: string): Promise<number> {
    this.loads += 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return sku.length;
  }
}

async function main(): Promise<void> {
  const container = createCacheContainer();
  container.rebind(RetryPolicy).to(ImmediateRetry);
  container.bind(PriceService).toSelf().inSingletonScope();
  const prices = container.get(PriceService);
  const manager = container.get(CacheManager);

  // A sync decorated method: the second call is a hit.
  console.log(`price ${prices.price('abc')} ${prices.price('abc')} loads=${prices.loads}`);
  const priceInfo = manager.cacheOf(prices.price).cacheInfo();
  console.log(`price info hits=${priceInfo.hits} misses=${priceInfo.misses} size=${priceInfo.currentSize}`);
  const clearedSync: void = manager.cacheOf(prices.price).clearCache();
  console.log(`price cleared size=${manager.cacheOf(prices.price).cacheInfo().currentSize} ${String(clearedSync)}`);

  // An async decorated method: concurrent callers share one load (single flight).
  const [first, second] = await Promise.all([prices.stock('abcd'), prices.stock('abcd')]);
  console.log(`stock ${first} ${second} loads=${prices.loads}`);
  const stockControls = manager.cacheOf(prices.stock);
  const stockInfo = stockControls.cacheInfo();
  console.log(`stock info hits=${stockInfo.hits} misses=${stockInfo.misses} maxsize=${String(stockInfo.maxsize)}`);
  await stockControls.clearCache();
  console.log(`stock cleared size=${stockControls.cacheInfo().currentSize}`);

  // wrap() with retries through the rebound RetryPolicy.
  let attempts = 0;
  const flaky = manager.wrap(
    async (id: number): Promise<number> => {
      attempts += 1;
      if (attempts < 3) throw new Error(`attempt ${attempts} failed`);
      return id * 2;
    },
    { retryCount: 2 },
  );
  console.log(`flaky ${await flaky(21)} ${await flaky(21)} attempts=${attempts} asked=${ImmediateRetry.asked}`);

  // Negative caching: the stored error is returned, typed number | Error.
  let failures = 0;
  const failing = manager.wrap(
    async (id: string): Promise<number> => {
      failures += 1;
      throw new Error(`no rate for ${id}`);
    },
    { negativeCache: true, negativeExpiration: '1 minute' },
  );
  const outcome: number | Error = await failing('EUR');
  const again = await failing('EUR');
  console.log(
    `negative ${outcome instanceof Error ? outcome.message : outcome} same=${outcome === again} runs=${failures}`,
  );

  // A sync wrap with a custom ExpirationPolicy instance and a single key.
  let computed = 0;
  const config = manager.wrap(
    (): string => {
      computed += 1;
      return `config#${computed}`;
    },
    { expiration: new CountdownExpiration(1), key: Key.SINGLE_KEY },
  );
  console.log(`config ${config()} ${config()} ${config()}`);
  console.log(
    `parameters ${JSON.stringify(flaky.cacheParameters().retryCount)} ${config.cacheParameters().negativeCache}`,
  );

  // Module-level cacheOf() on an instance made with `new` (the default manager).
  const standalone = new PriceService();
  standalone.price('xy');
  standalone.price('xy');
  console.log(`default manager hits=${cacheOf(standalone.price).cacheInfo().hits}`);

  // Typed errors, validated at wrap time.
  try {
    manager.wrap((n: number) => n, { maxsize: -1 });
  } catch (error) {
    const invalid = error instanceof InvalidCacheConfigError;
    console.log(`invalid ${invalid} ${invalid ? error.code : 'unexpected'}`);
  }
  console.log(`duration ${parseDuration('1 day 42 minutes').as('seconds')}`);

  // Lifetime statistics, and the same numbers as OpenTelemetry metrics (cachewright/otel).
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({ readers: [reader] });
  const stopMetrics = instrumentCacheMetrics(manager, { meter: provider.getMeter('consumer') });
  const doubled = manager.wrap((n: number) => n * 2, { name: 'doubled' });
  doubled(1);
  doubled(1);
  doubled(2);
  const stats = doubled.cacheStats();
  console.log(`stats ${stats.name} hits=${stats.hits} misses=${stats.misses} loads=${stats.loads}`);
  await reader.forceFlush();
  const requests = exporter
    .getMetrics()
    .flatMap((resource) => resource.scopeMetrics)
    .flatMap((scope) => scope.metrics)
    .find((metric) => metric.descriptor.name === 'cache.requests');
  const points = (requests?.dataPoints ?? [])
    .filter((point) => point.attributes['cache.name'] === 'doubled')
    .map((point) => `${String(point.attributes['cache.result'])}=${String(point.value)}`);
  console.log(`otel cache.requests ${points.join(' ')}`);
  stopMetrics();
  await provider.shutdown();

  await manager.close();
  await container.unbindAllAsync();
  console.log('done');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
