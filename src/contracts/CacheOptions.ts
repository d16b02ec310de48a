import type { Duration } from 'luxon';
import type { EvictionPolicy } from './EvictionPolicy';
import type { ExpirationValue } from './ExpirationValue';
import type { SingleKey } from './Key';
import type { KeyStrategy } from './KeyStrategy';

/** A duration option: anything `parseDuration` accepts, or a luxon `Duration`. */
export type DurationValue = string | number | Duration;
/** What the `key` option accepts. */
export type KeyOption = string | SingleKey | ((...args: never[]) => unknown) | KeyStrategy;
/**
 * The settled result of a cached function `F` (the fulfilled value for a function returning a promise).
 * @typeParam F - The cached function's type.
 */
export type ResultOf<F> = F extends (...args: never[]) => infer R ? Awaited<R> : unknown;

/**
 * The arguments of a cached function `F`.
 * @typeParam F - The cached function's type.
 */
export type ArgsOf<F> = F extends (...args: infer A) => unknown ? A : never[];

/**
 * The `cacheIf` option: `false` means "do not store this result" (every caller still gets it).
 * Declared as a method so that a predicate over narrower types is accepted for `@Cacheable`.
 * @typeParam F - The cached function's type.
 */
export type CacheIfPredicate<F = (...args: never[]) => unknown> = {
  /** `true` stores `result` (the settled result of a call with `args`); anything else stores nothing. */
  cacheIf(result: ResultOf<F>, ...args: ArgsOf<F>): boolean;
}['cacheIf'];

/**
 * What the `eviction` option accepts: `'lru'` (`LeastRecentlyUsedEviction`), `'w-tinylfu'`
 * (`WindowTinyLfuEviction`) or any `EvictionPolicy` instance.
 */
export type EvictionOption = 'lru' | 'w-tinylfu' | EvictionPolicy;

/**
 * The `weigh` option: the weight of a settled result (the fulfilled value for async functions), given
 * the call's arguments. Declared as a method so that a function over narrower types is accepted for
 * `@Cacheable`.
 * @typeParam F - The cached function's type.
 */
export type WeighFunction<F = (...args: never[]) => unknown> = {
  /** The weight of `result` (a non-negative finite number), given the call's arguments. */
  weigh(result: ResultOf<F>, ...args: ArgsOf<F>): number;
}['weigh'];

/**
 * The `tags` option as a function of the call's arguments.
 * @typeParam F - The cached function's type.
 */
export type TagsFunction<F = (...args: never[]) => unknown> = {
  /** The tags of the entry a call with `args` stores (called with the instance as `this` for methods). */
  tags(...args: ArgsOf<F>): readonly string[];
}['tags'];

/**
 * What the `tags` option accepts: fixed tags and key templates over the parameters
 * (`'user:{id}'`, `'org:{0.orgId}'`), or a function of the arguments.
 * @typeParam F - The cached function's type.
 */
export type TagsOption<F = (...args: never[]) => unknown> = readonly string[] | TagsFunction<F>;

/**
 * The object form of the `shared` option: how the cache's records are named in the shared tier
 * (`namespace:name:version:{args}`, design/shared-tier.md).
 */
export interface SharedOption {
  /**
   * The cache's name in its record keys: the same in every process that shares the cache. A valid
   * key segment: no `:`, braces, `*`, `?`, `[`, `]`, backslash or whitespace.
   * @defaultValue the `name` option; else `Class.method` for a decorated method (`wrap` requires one:
   *   function names are not stable across builds)
   */
  readonly name?: string;
  /**
   * The version in its record keys: bump it when the value's shape changes, and the old records
   * are orphaned (they expire by their TTL). A non-negative integer or a valid key segment.
   * @defaultValue `1`
   */
  readonly version?: string | number;
}

/** The `shared` option as `cacheParameters()` shows it once resolved: `false`, or the record names in use. */
export type SharedParameters =
  | false
  | {
      /** The name segment of the record keys (`shared.name`, else `name`, else `Class.method`). */
      readonly name: string;
      /** The version segment of the record keys, as given (`1` by default). */
      readonly version: string | number;
    };

/**
 * Options of `@Cacheable` and `CacheManager.wrap` (DESIGN.md §3 and the wave-2 contracts).
 * @typeParam F - The cached function's type (`wrap` infers it; `@Cacheable` leaves it open), which
 *   types the arguments and result that `cacheIf` and a `tags` function receive.
 */
export interface CacheOptions<F = (...args: never[]) => unknown> {
  /**
   * `false`: every call runs the function and nothing is stored (`misses` counts calls).
   * @defaultValue `true`
   */
  enabled?: boolean;
  /**
   * The key: a `str.format`-style template, `Key.SINGLE_KEY`, a key function, or a `KeyStrategy`.
   * @defaultValue `null` (the default key: `this` for methods plus every argument)
   */
  key?: KeyOption | null;
  /**
   * Bound on the entries of the whole wrapped function or decorated method (all instances), evicted
   * by `eviction`; `0` behaves as `enabled: false`.
   * @defaultValue `null` (unbounded)
   */
  maxsize?: number | null;
  /**
   * What `maxsize` and `maxWeight` evict by: `'lru'` (least recently used), `'w-tinylfu'` (Caffeine's
   * W-TinyLFU: keeps what is used often as well as what was used last; more hits than LRU on most
   * workloads) or an `EvictionPolicy` instance. Not used when nothing bounds the cache (`maxsize:
   * null` without `maxWeight`).
   * @defaultValue `null` (the container's `EvictionPolicy` binding: LRU unless rebound)
   */
  eviction?: EvictionOption | null;
  /**
   * Bound on the summed weights of the stored results (`weigh` gives each one's, `0` or more):
   * entries are evicted by `eviction` until the sum is at most this; `maxsize` still applies. A
   * result heavier than `maxWeight` is returned but not stored. Needs `weigh` (both or neither).
   * `0` stores only results that weigh `0`.
   * @defaultValue `null` (no weight bound)
   */
  maxWeight?: number | null;
  /**
   * The weight of a settled result (the fulfilled value for async functions), called with it and the
   * call's arguments before it is stored (and for `set`). It must return a non-negative finite
   * number; anything else, or a throw, is reported to `CacheErrorHandler` (operation `'weigh'`) and
   * the result is returned but not stored. Stored errors (`negativeCache`) and pending entries weigh
   * `0`. Needs `maxWeight` (both or neither).
   * @defaultValue `null`
   */
  weigh?: WeighFunction<F> | null;
  /**
   * When a stored value expires.
   * @defaultValue `null` (never)
   */
  expiration?: ExpirationValue;
  /**
   * At the start of a call, sweep expired entries when the last sweep is at least this old.
   * @defaultValue `null` (no automatic sweep)
   */
  expiredItemsAutoRemovalPeriod?: DurationValue | null;
  /**
   * `false`: errors are never stored. `true`: stored and returned. `'rethrow'`: stored and thrown.
   * @defaultValue `false`
   */
  negativeCache?: boolean | 'rethrow';
  /**
   * Expiration of stored errors; `null` stores them forever.
   * @defaultValue `'10 seconds'`
   */
  negativeExpiration?: ExpirationValue;
  /**
   * Extra attempts after a failure, inside the single flight.
   * @defaultValue `0`
   */
  retryCount?: number;
  /**
   * Base of the exponential backoff, in seconds (`backoff · 2^k + U(0, 1)`; no jitter when 0).
   * @defaultValue `0`
   */
  backoffInSeconds?: number;
  /**
   * Adopt resources of the cached value (async functions only): `true` the value, `'*'` each
   * element/property, or a list of paths (`'$.clients.http'`, suffix `':ignore_missing'`).
   * @defaultValue `null`
   */
  wrapAsyncExitStack?: boolean | '*' | readonly string[] | null;
  /**
   * Delay before adopted resources are disposed (async functions only).
   * @defaultValue `null` (at once)
   */
  exitStackCloseDelay?: DurationValue | null;
  /**
   * Names the cache in statistics (`cacheStats()`, `manager.stats()`), events and metrics (and, in
   * wave 2, the shared tier). Names need not be unique.
   * @defaultValue `null` (`Class.method` for a decorated method, else the function's name, else `'anonymous'`)
   */
  name?: string | null;
  /**
   * Called with each settled result (the fulfilled value for async functions) and the call's
   * arguments before it is stored: `false` stores nothing (every waiter still gets the result). Not
   * called for failures. A throw is reported to `CacheErrorHandler` (operation `'cacheIf'`) and the
   * result is not stored.
   * @defaultValue `null` (store every result)
   */
  cacheIf?: CacheIfPredicate<F> | null;
  /**
   * Tags every entry a call stores: fixed strings, key templates over the parameters (`'user:{id}'`),
   * or a function of the arguments. `manager.invalidateTags([...])` removes every entry carrying one.
   * @defaultValue `null` (no tags; no tag index is built)
   */
  tags?: TagsOption<F> | null;
  /**
   * For this long after an entry expires, a call returns the stale result at once (a hit) and starts
   * one background refresh for the key.
   * @defaultValue `null` (off)
   */
  staleWhileRevalidate?: DurationValue | null;
  /**
   * When a fetch for a key whose entry expired less than this long ago fails (after its retries),
   * its callers get the stale result instead, the failure is not stored, and no new fetch starts
   * before `staleIfErrorBackoff` has passed.
   * @defaultValue `null` (off)
   */
  staleIfError?: DurationValue | null;
  /**
   * After a failure served stale by `staleIfError`, how long calls get the stale result before a new
   * fetch may start; counted from the failure.
   * @defaultValue `'10 seconds'` when `staleIfError` is set, else `null`
   */
  staleIfErrorBackoff?: DurationValue | null;
  /**
   * Soft timeout (async functions only): when a fetch has a stale result to fall back on (inside
   * `staleIfError`) and takes longer than this, its waiters get the stale result; the fetch goes on
   * and stores its result when it settles.
   * @defaultValue `null` (off)
   */
  timeout?: DurationValue | null;
  /**
   * Hard timeout (async functions only): no caller waits longer than this from its own call; its
   * call rejects with `FetchTimeoutError` (or gets the stale result inside `staleIfError`). A fetch
   * that has run this long has its `AbortSignal` aborted; a result that still arrives is stored.
   * @defaultValue `null` (off)
   */
  hardTimeout?: DurationValue | null;
  /**
   * Shares the cache between processes through the `SharedTier` bound in the manager's container
   * (`redisTierModule` from `cachewright/redis`): entries stay in memory (L1) and are also kept in the
   * shared tier (L2), a miss runs the function once across all processes (a cross-process single
   * flight), and `invalidate`, `set`, `refresh`, `clearCache` and `invalidateTags` reach every
   * process. Async functions only, and not with `wrapAsyncExitStack`. Keys must be plain data
   * (class instances, functions and `this` are not part of a shared key: instances of a class share
   * a shared method's entries). With no `SharedTier` bound, `InvalidCacheConfigError` when the
   * manager first serves the function.
   * @defaultValue `false`
   */
  shared?: boolean | SharedOption | null;
}
