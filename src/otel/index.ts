/**
 * `cachewright/otel`: OpenTelemetry metrics and spans for cachewright's caches, built on the
 * statistics (`manager.stats()`) and the `cachewright:fetch` diagnostics channel. Needs the
 * optional peer dependency `@opentelemetry/api` (≥ 1.3); the main entry point never loads it.
 *
 * @example
 * ```ts
 * import { metrics, trace } from '@opentelemetry/api';
 * import { CacheManager } from 'cachewright';
 * import { instrumentCacheMetrics, instrumentCacheTracing } from 'cachewright/otel';
 *
 * const stopMetrics = instrumentCacheMetrics(container.get(CacheManager), { meter: metrics.getMeter('users') });
 * const stopTracing = instrumentCacheTracing({ tracer: trace.getTracer('users') });
 * ```
 * @packageDocumentation
 * @module cachewright/otel
 */

export { instrumentCacheMetrics, LOAD_DURATION_BUCKETS } from './instrumentCacheMetrics';
export { instrumentCacheTracing } from './instrumentCacheTracing';
export type { CacheMetricsOptions } from './instrumentCacheMetrics';
export type { CacheTracingOptions } from './instrumentCacheTracing';
