import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InvalidCacheConfigError } from '../../src';
import { instrumentCacheTracing } from '../../src/otel';
import { useFakeTimeAtT0 } from '../support/fakeTime';
import { newManager } from '../support/managers';
import { after, flush } from '../support/observing';
import { installContextManager, tracingHarness, type TracingHarness } from '../support/otel';
import { EXPECTED, runWorkload } from './workload';

describe('instrumentCacheTracing', () => {
  useFakeTimeAtT0();
  let harness: TracingHarness;
  // Every cache in the process is traced: work another test file left running in this jest worker
  // may end spans too, so only this file's (caches named otel…, and the 'request' span) count.
  const ownSpans = () =>
    harness.spans().filter((span) => span.name === 'request' || /^otel/.test(String(span.attributes['cache.name'])));
  let stop: () => void = () => undefined;
  beforeEach(() => {
    harness = tracingHarness();
  });
  afterEach(async () => {
    stop();
    await harness.shutdown();
  });

  it('ends one span per run of the workload, named after its cache, with attempt, background and status', async () => {
    stop = instrumentCacheTracing({ tracer: harness.tracer });
    await runWorkload(newManager());
    const spans = ownSpans();
    const summary = (name: string) =>
      spans
        .filter((span) => span.name === name)
        .map((span) => ({
          attempt: span.attributes['cache.fetch.attempt'],
          background: span.attributes['cache.fetch.background'],
          failed: span.status.code === SpanStatusCode.ERROR,
        }));
    expect(summary('cache.fetch otelSync')).toEqual(EXPECTED.sync.runs);
    const asyncRuns = summary('cache.fetch otelAsync');
    expect(asyncRuns.filter((run) => !run.failed)).toHaveLength(EXPECTED.async.loads.success);
    expect(asyncRuns.filter((run) => run.failed)).toHaveLength(EXPECTED.async.loads.failure);
    expect(asyncRuns.map((run) => run.attempt)).toEqual([0, 0, 0, 1, 0, 1, 0]);
    expect(spans).toHaveLength(EXPECTED.sync.runs.length + EXPECTED.async.loads.success + EXPECTED.async.loads.failure);
    expect(spans.every((span) => span.kind === SpanKind.INTERNAL)).toBe(true);
    expect(new Set(spans.map((span) => span.attributes['cache.name']))).toEqual(new Set(['otelSync', 'otelAsync']));
  });

  it('ends a span when its async run settles, and records the failure of a rejected run', async () => {
    stop = instrumentCacheTracing({ tracer: harness.tracer });
    const cached = newManager().wrap(
      async (_x: string) =>
        after(50, () => {
          throw new TypeError('no such user');
        }),
      { name: 'otelUsers' },
    );
    const result = cached('u1').catch((error: unknown) => error);
    await jest.advanceTimersByTimeAsync(49);
    expect(ownSpans()).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    await result;
    const [span] = ownSpans();
    expect(span.name).toBe('cache.fetch otelUsers');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'no such user' });
    expect(span.events.map((event) => [event.name, event.attributes?.['exception.type']])).toEqual([
      ['exception', 'TypeError'],
    ]);
    expect(span.attributes).toEqual({
      'cache.name': 'otelUsers',
      'cache.fetch.attempt': 0,
      'cache.fetch.background': false,
    });
  });

  it('gives a thrown value that is not an Error as the status message', () => {
    stop = instrumentCacheTracing({ tracer: harness.tracer });
    const cached = newManager().wrap(
      (_x: number): number => {
        throw 'plain string';
      },
      { name: 'otelThrows' },
    );
    expect(() => cached(1)).toThrow('plain string');
    expect(ownSpans()[0].status).toEqual({ code: SpanStatusCode.ERROR, message: 'plain string' });
  });

  it('traces every cache in the process, of every manager', () => {
    stop = instrumentCacheTracing({ tracer: harness.tracer });
    newManager().wrap((x: number) => x, { name: 'otelOne' })(1);
    newManager().wrap((x: number) => x, { name: 'otelTwo' })(1);
    expect(ownSpans().map((span) => span.name)).toEqual(['cache.fetch otelOne', 'cache.fetch otelTwo']);
  });

  it('starts no span for a hit', async () => {
    stop = instrumentCacheTracing({ tracer: harness.tracer });
    const cached = newManager().wrap(async (x: number) => x, { name: 'otelHits' });
    await cached(1);
    await cached(1);
    await cached(1);
    expect(ownSpans()).toHaveLength(1);
  });

  it("makes the span active where the run starts the parent of the run's span", async () => {
    const uninstall = installContextManager();
    try {
      stop = instrumentCacheTracing({ tracer: harness.tracer });
      const cached = newManager().wrap(async (x: number) => x, { name: 'otelChild' });
      await harness.tracer.startActiveSpan('request', async (request) => {
        await cached(1);
        request.end();
      });
      const byName = new Map(ownSpans().map((span) => [span.name, span]));
      const request = byName.get('request')!;
      const child = byName.get('cache.fetch otelChild')!;
      expect(child.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
      expect(child.spanContext().traceId).toBe(request.spanContext().traceId);
    } finally {
      uninstall();
    }
  });

  it.each([undefined, {}, { tracer: {} }])('throws InvalidCacheConfigError without a Tracer (%p)', (options) => {
    expect(() => instrumentCacheTracing(options as Parameters<typeof instrumentCacheTracing>[0])).toThrow(
      InvalidCacheConfigError,
    );
    expect(() => instrumentCacheTracing(options as Parameters<typeof instrumentCacheTracing>[0])).toThrow(
      /^instrumentCacheTracing: invalid cache options: tracer = .* \(expected an OpenTelemetry Tracer/,
    );
  });

  it('starts no span once unregistered, and still ends the spans it started', async () => {
    stop = instrumentCacheTracing({ tracer: harness.tracer });
    const cached = newManager().wrap(async (x: number) => after(10, () => x), { name: 'otelStopped' });
    const started = cached(1);
    stop();
    stop();
    const unseen = cached(2);
    await jest.advanceTimersByTimeAsync(10);
    await Promise.all([started, unseen]);
    await flush();
    expect(ownSpans()).toHaveLength(1);
    const later = cached(3);
    await jest.advanceTimersByTimeAsync(10);
    await later;
    expect(ownSpans()).toHaveLength(1);
  });
});
