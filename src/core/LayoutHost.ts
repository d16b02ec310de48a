import type { RemovalReason } from '../contracts/RemovalReason';
import type { CacheCounters } from './CacheCounters';
import type { Flight } from './Flight';
import type { CacheKey } from './MethodKey';

/**
 * What a table layout and the hit lookups need of the cache that owns them (`CacheCore` implements
 * it): the call counters, the flights in progress and the way a call of this kind fails. They
 * receive it instead of importing `CacheCore`, so the core's files import one way.
 * @internal
 */
export interface LayoutHost {
  /** Calls answered by a stored entry (aquiche's counting, DESIGN.md §5.1). */
  hits: number;
  /** Calls that created an entry. */
  misses: number;
  /** The wrapped function's kind. */
  readonly async: boolean;
  /** The table holds `Entry`s (expiry, negative cache or resources), not raw values. */
  readonly rich: boolean;
  /** Flights whose function has not settled. */
  readonly inflightCount: number;
  /** A `withCacheScope` has been entered in the process: a hit must check the scope first. */
  readonly scoped: boolean;
  /** The `staleWhileRevalidate` window in ms (0 when off): how long after expiring a hit may serve stale. */
  readonly staleWindowMs: number;
  /** The number of `clear()`s so far: a fetch that started before the last one keeps nothing. */
  readonly generation: number;
  /** Registers a fetch in progress (single flight; async re-entry tracking). */
  beginFlight(flight: Flight): void;
  /** Ends a fetch: its key takes new flights again. */
  endFlight(flight: Flight): void;
  /** Fails a call the way its kind fails: a rejected promise for async functions, a throw otherwise. */
  fail(error: unknown): never | Promise<never>;
  /** The cache's name (statistics, events, reports). */
  readonly name: string;
  /** The counters that change on miss paths. */
  readonly counters: CacheCounters;
  /** Flights whose function has not settled, by key. */
  readonly inflight: ReadonlyMap<CacheKey, Flight>;
  /** Marks a flight as storing nothing and takes it out of the single-flight map. */
  dropFlight(flight: Flight, reason: RemovalReason): void;
  /** Counts a removal from the table and publishes it on `cachewright:removal`. */
  noteRemoval(key: CacheKey, reason: RemovalReason): void;
  /** Reports an error nobody awaits to the `CacheErrorHandler`. */
  report(error: unknown, operation: 'cacheIf' | 'refresh' | 'weigh', key: CacheKey): void;
}
