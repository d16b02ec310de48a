/**
 * The real OpenTelemetry SDK wired for tests: a meter whose metrics an in-memory reader collects on
 * demand (cumulative or delta), a tracer whose ended spans are kept in memory, and a minimal
 * AsyncLocalStorage context manager (so a span started around a call is the active one).
 *
 * @packageDocumentation
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { context, ROOT_CONTEXT, type Context, type ContextManager, type Meter, type Tracer } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  MetricReader,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';

/** One point of one instrument: its attributes and its value (a histogram's count and sum). */
export interface Point {
  readonly attributes: Record<string, unknown>;
  readonly value: number | { count: number; sum: number; buckets: { boundaries: number[]; counts: number[] } };
}

/** One collection: every instrument with points, by instrument name. */
export type Collected = Map<string, { data: MetricData; points: Point[] }>;

/** A meter and the collection of what was recorded on it. */
export interface MetricsHarness {
  readonly meter: Meter;
  /** Collects now; returns every instrument's points by instrument name (only instruments with points). */
  collect(): Promise<Collected>;
  shutdown(): Promise<void>;
}

/** A reader that collects only when asked (no timer, no exporter): the metrics stay in memory. */
class OnDemandReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** An SDK `MeterProvider` whose reader collects into memory when asked, with `temporality`. */
export function metricsHarness(temporality: AggregationTemporality): MetricsHarness {
  const reader = new OnDemandReader({ aggregationTemporalitySelector: () => temporality });
  const provider = new MeterProvider({ readers: [reader] });
  return {
    meter: provider.getMeter('cachewright-test'),
    async collect() {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length > 0) throw new AggregateError(errors, 'metric collection failed');
      const byName: Collected = new Map();
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const data of scope.metrics) {
          if (data.dataPoints.length === 0) continue;
          const points = (data.dataPoints as Array<{ attributes: Record<string, unknown>; value: unknown }>).map(
            (point) => ({ attributes: point.attributes, value: point.value as Point['value'] }),
          );
          byName.set(data.descriptor.name, { data, points });
        }
      }
      return byName;
    },
    shutdown: () => provider.shutdown(),
  };
}

/** `points`' values keyed by the attributes named in `keys` (joined with `/`), for exact comparison. */
export function valuesBy(points: readonly Point[], ...keys: string[]): Record<string, Point['value']> {
  const values: Record<string, Point['value']> = {};
  for (const point of points) values[keys.map((key) => String(point.attributes[key])).join('/')] = point.value;
  return values;
}

/** A tracer and the spans it ended. */
export interface TracingHarness {
  readonly tracer: Tracer;
  spans(): ReadableSpan[];
  shutdown(): Promise<void>;
}

/** An SDK tracer provider exporting each ended span at once into memory. */
export function tracingHarness(): TracingHarness {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return {
    tracer: provider.getTracer('cachewright-test'),
    spans: () => exporter.getFinishedSpans(),
    shutdown: () => provider.shutdown(),
  };
}

/** A context manager on AsyncLocalStorage (what `@opentelemetry/context-async-hooks` provides), enough for tests. */
class StorageContextManager implements ContextManager {
  readonly #storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.#storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    active: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.#storage.run(active, () => fn.call(thisArg, ...args));
  }
  bind<T>(_context: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.#storage.disable();
    return this;
  }
}

/** Installs {@link StorageContextManager} as the global context manager; returns the uninstall. */
export function installContextManager(): () => void {
  context.setGlobalContextManager(new StorageContextManager());
  return () => context.disable();
}

export { AggregationTemporality, DataPointType };
