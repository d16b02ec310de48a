import { SpanKind, SpanStatusCode, type Span, type Tracer } from '@opentelemetry/api';
import { InvalidCacheConfigError } from '../contracts/errors/InvalidCacheConfigError';
import type { FetchTraceContext } from '../core/events/channels';
import { watchFetchRuns } from './watchFetchRuns';

/** What {@link instrumentCacheTracing} takes. */
export interface CacheTracingOptions {
  /** The OpenTelemetry `Tracer` the spans are started on (`trace.getTracer('my-service')`). */
  readonly tracer: Tracer;
}

/**
 * Starts one span per run of a cached function, for every cache in the process (every manager),
 * from the `cachewright:fetch` channel: named `cache.fetch <cache name>`, of kind `INTERNAL`, with
 * the attributes `cache.name`, `cache.fetch.attempt` (retries count from 0: each retry is a span of
 * its own) and `cache.fetch.background` (a stale-while-revalidate refresh or a soft-timeout
 * continuation). The span ends when the run settles; a run that threw or rejected gets status
 * `ERROR` (with the message of an `Error`) and the exception recorded as an event.
 *
 * The span's parent is the span active where the run starts (the caller's, for a call that
 * misses). Spans the function itself starts are not children of `cache.fetch`: a
 * `diagnostics_channel` subscriber cannot enter an OpenTelemetry context around the run.
 *
 * @throws {@link cachewright!InvalidCacheConfigError} when `options.tracer` is no `Tracer`.
 * @returns a function that unregisters: no span starts after it; spans already started still end
 *   when their runs settle. Calling it again does nothing.
 * @example
 * ```ts
 * import { trace } from '@opentelemetry/api';
 * import { instrumentCacheTracing } from 'cachewright/otel';
 *
 * const stop = instrumentCacheTracing({ tracer: trace.getTracer('users') });
 * ```
 */
export function instrumentCacheTracing(options: CacheTracingOptions): () => void {
  const tracer = (options as Partial<CacheTracingOptions> | null | undefined)?.tracer;
  if (typeof tracer?.startSpan !== 'function') {
    throw new InvalidCacheConfigError(
      [{ option: 'tracer', value: tracer, expected: 'an OpenTelemetry Tracer (trace.getTracer(name))' }],
      { context: 'instrumentCacheTracing' },
    );
  }
  // Each run's span rides on its context under a symbol of this registration.
  const spanOf = Symbol('cachewright.otel.span');
  type Traced = FetchTraceContext & { [spanOf]?: Span };
  let open = 0;
  let registered = true;
  const watch = watchFetchRuns({
    started(context) {
      const span = tracer.startSpan(`cache.fetch ${context.cache}`, {
        kind: SpanKind.INTERNAL,
        attributes: {
          'cache.name': context.cache,
          'cache.fetch.attempt': context.attempt,
          'cache.fetch.background': context.background,
        },
      });
      (context as Traced)[spanOf] = span;
      open++;
    },
    settled(context, failed) {
      const span = (context as Traced)[spanOf];
      if (span === undefined) return;
      (context as Traced)[spanOf] = undefined;
      open--;
      if (failed) {
        const error = context.error;
        if (error instanceof Error) {
          span.recordException(error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
        } else {
          span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
        }
      }
      span.end();
      if (!registered && open === 0) watch.stop();
    },
  });
  return () => {
    if (!registered) return;
    registered = false;
    if (open === 0) watch.stop();
    else watch.stopStarting();
  };
}
