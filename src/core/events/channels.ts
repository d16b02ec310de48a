import diagnosticsChannel from 'node:diagnostics_channel';
import type { RemovalReason } from '../../contracts/RemovalReason';

/** The names of cachewright's `node:diagnostics_channel` channels (public API). */
export const CHANNELS = Object.freeze({
  /** A `TracingChannel` around every run of a cached function: `start`, `end`, `asyncStart`, `asyncEnd`, `error`. */
  fetch: 'cachewright:fetch',
  /** A message for every entry removed from a cache's table. */
  removal: 'cachewright:removal',
  /** A message for every stale result served. */
  stale: 'cachewright:stale',
} as const);

/**
 * The context of one run on the `cachewright:fetch` tracing channel, published on `start`, `end`,
 * `asyncStart`, `asyncEnd` and `error` as Node's `tracePromise`/`traceSync` do. A run that settled
 * synchronously has `result` or `error` set (as an own property) at `end`; any other run settles at
 * `asyncEnd`.
 */
export interface FetchTraceContext {
  /** The cache's name. */
  readonly cache: string;
  /** The `CacheManager` that owns the cache. */
  readonly manager: object;
  /** The cache key (a composite key as its encoding). */
  readonly key: unknown;
  /** The attempt, counting retries from 0. */
  readonly attempt: number;
  /** True for stale-while-revalidate refreshes and soft-timeout continuations. */
  readonly background: boolean;
  /** Set by the channel on success: the run's result (the fulfilled value for a promise). */
  result?: unknown;
  /** Set by the channel on failure: the thrown value or rejection reason. */
  error?: unknown;
}

/** A `cachewright:removal` message. */
export interface RemovalMessage {
  /** The cache's name. */
  readonly cache: string;
  /** The entry's key (a composite key as its encoding). */
  readonly key: unknown;
  /** Why it was removed: the reason its disposal gets. */
  readonly reason: RemovalReason;
}

/** Why a stale result was served. */
export type StaleCause = 'revalidate' | 'error' | 'timeout';

/** A `cachewright:stale` message. */
export interface StaleMessage {
  /** The cache's name. */
  readonly cache: string;
  /** The entry's key (a composite key as its encoding). */
  readonly key: unknown;
  /** Why the stale result was served: inside `staleWhileRevalidate`, after a failure inside `staleIfError`, or at a timeout. */
  readonly cause: StaleCause;
}

/** @internal */
export const fetchChannel = diagnosticsChannel.tracingChannel<unknown, FetchTraceContext>(CHANNELS.fetch);
/** @internal */
export const removalChannel = diagnosticsChannel.channel(CHANNELS.removal);
/** @internal */
export const staleChannel = diagnosticsChannel.channel(CHANNELS.stale);
