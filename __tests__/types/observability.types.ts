/**
 * Type tests for the statistics, the channel messages and `cachewright/otel` (checked by
 * `npm run test:types`, never run).
 */
import { metrics, trace, type Meter, type Tracer } from '@opentelemetry/api';
import { expectTypeOf } from 'expect-type';
import { CacheManager, CHANNELS, createCacheContainer } from '../../src';
import type { CacheStats, FetchTraceContext, RemovalMessage, RemovalReason, StaleCause, StaleMessage } from '../../src';
import { instrumentCacheMetrics, instrumentCacheTracing, type CacheMetricsOptions } from '../../src/otel';

const manager = createCacheContainer().get(CacheManager);
const cached = manager.wrap(async (id: string) => id.length, { name: 'lengths' });

// Statistics: a read-only snapshot, the same from the controls and from the manager.
expectTypeOf(cached.cacheStats()).toEqualTypeOf<CacheStats>();
expectTypeOf(manager.stats()).toEqualTypeOf<CacheStats[]>();
expectTypeOf<CacheStats['evictions']>().toEqualTypeOf<Readonly<Record<RemovalReason, number>>>();
const stats = cached.cacheStats();
// @ts-expect-error a snapshot is read-only
stats.hits = 1;
// @ts-expect-error the name option is a string
manager.wrap((x: number) => x, { name: 42 });

// Channel names are literal types; messages are typed.
expectTypeOf(CHANNELS.fetch).toEqualTypeOf<'cachewright:fetch'>();
expectTypeOf<RemovalMessage['reason']>().toEqualTypeOf<RemovalReason>();
expectTypeOf<StaleMessage['cause']>().toEqualTypeOf<StaleCause>();
expectTypeOf<StaleCause>().toEqualTypeOf<'revalidate' | 'error' | 'timeout'>();
expectTypeOf<FetchTraceContext['attempt']>().toEqualTypeOf<number>();

// cachewright/otel takes the API's Meter and Tracer and returns an unregister function.
expectTypeOf(instrumentCacheMetrics(manager, { meter: metrics.getMeter('x') })).toEqualTypeOf<() => void>();
expectTypeOf(instrumentCacheTracing({ tracer: trace.getTracer('x') })).toEqualTypeOf<() => void>();
expectTypeOf<CacheMetricsOptions['meter']>().toEqualTypeOf<Meter>();
expectTypeOf<Parameters<typeof instrumentCacheTracing>[0]['tracer']>().toEqualTypeOf<Tracer>();
// @ts-expect-error the meter is required
instrumentCacheMetrics(manager, {});
// @ts-expect-error a tracer is no meter
instrumentCacheMetrics(manager, { meter: trace.getTracer('x') });
