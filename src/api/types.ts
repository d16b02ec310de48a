import type { DateTime, Duration } from 'luxon';
import type { ExpirationPolicy } from '../policies/expiration/ExpirationPolicy';
import type { KeyStrategy } from '../strategies/KeyStrategy';
import type { SingleKey } from '../strategies/Key';

/**
 * One stored value as an expiration policy sees it.
 * `lastFetched`/`lastFetchedMs` is when the value was stored: the end of the fetch, after retries.
 */
export interface CachedItem<T = unknown> {
  /** The stored value (for an async function, the resolved value; for a stored error, the error). */
  readonly value: T;
  /** When the value was stored, as a UTC luxon `DateTime`. */
  readonly lastFetched: DateTime;
  /** When the value was stored, in epoch milliseconds. */
  readonly lastFetchedMs: number;
  /** True when `value` is a stored error (negative cache). */
  readonly isError: boolean;
}

/** A wall-clock time of day in a named IANA zone, e.g. `{ time: '11:05', zone: 'Europe/Prague' }`. */
export interface TimeOfDayValue {
  /** `H:m[:s[.f]]`, optionally with an offset. */
  readonly time: string;
  /** An IANA zone name; UTC when omitted. */
  readonly zone?: string;
}

/** A callback expiration: receives the stored item, returns any other expiration value. */
export type ExpirationCallback = (item: CachedItem) => ExpirationValue | PromiseLike<ExpirationValue>;

/**
 * Everything `expiration` and `negativeExpiration` accept (DESIGN.md §5.1): `null`/`undefined`
 * (never), booleans, numbers (seconds, or a Unix deadline above 100,000,000), strings (durations,
 * datetimes, dates, times of day, `$.` data pointers), `Date`, luxon `DateTime`/`Duration`,
 * `{ time, zone }`, callbacks, and `ExpirationPolicy` instances.
 */
export type ExpirationValue =
  | null
  | undefined
  | boolean
  | number
  | string
  | Date
  | DateTime
  | Duration
  | TimeOfDayValue
  | ExpirationPolicy
  | ExpirationCallback;

/** Why an entry left the cache (reported to `ResourceLifecycle.dispose`). */
export type RemovalReason = 'replaced' | 'expired' | 'evicted' | 'cleared' | 'unbound' | 'failed';

/** Every `RemovalReason`, as an exhaustive map. */
export const REMOVAL_REASONS: { readonly [K in RemovalReason]: K } = Object.freeze({
  replaced: 'replaced',
  expired: 'expired',
  evicted: 'evicted',
  cleared: 'cleared',
  unbound: 'unbound',
  failed: 'failed',
});

/** A duration option: anything `parseDuration` accepts, or a luxon `Duration`. */
export type DurationValue = string | number | Duration;

/** What the `key` option accepts. */
export type KeyOption = string | SingleKey | ((...args: never[]) => unknown) | KeyStrategy;

/** Options of `@Cacheable` and `CacheManager.wrap` (DESIGN.md §3). */
export interface CacheOptions {
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
   * LRU bound over the whole wrapped function or decorated method; `0` behaves as `enabled: false`.
   * @defaultValue `null` (unbounded)
   */
  maxsize?: number | null;
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
}

/** The options as passed, with defaults filled in (options whose default is none are `null`). Frozen. */
export interface CacheParameters {
  /** {@inheritDoc CacheOptions.enabled} */
  readonly enabled: boolean;
  /** {@inheritDoc CacheOptions.key} */
  readonly key: KeyOption | null;
  /** {@inheritDoc CacheOptions.maxsize} */
  readonly maxsize: number | null;
  /** {@inheritDoc CacheOptions.expiration} */
  readonly expiration: ExpirationValue;
  /** {@inheritDoc CacheOptions.expiredItemsAutoRemovalPeriod} */
  readonly expiredItemsAutoRemovalPeriod: DurationValue | null;
  /** {@inheritDoc CacheOptions.negativeCache} */
  readonly negativeCache: boolean | 'rethrow';
  /** {@inheritDoc CacheOptions.negativeExpiration} */
  readonly negativeExpiration: ExpirationValue;
  /** {@inheritDoc CacheOptions.retryCount} */
  readonly retryCount: number;
  /** {@inheritDoc CacheOptions.backoffInSeconds} */
  readonly backoffInSeconds: number;
  /** {@inheritDoc CacheOptions.wrapAsyncExitStack} */
  readonly wrapAsyncExitStack: boolean | '*' | readonly string[] | null;
  /** {@inheritDoc CacheOptions.exitStackCloseDelay} */
  readonly exitStackCloseDelay: DurationValue | null;
}

/** Statistics of one cache (aquiche's `cache_info`). */
export interface CacheInfo {
  /** Calls that found an entry (fresh, expired and refetched, or in flight). */
  readonly hits: number;
  /** Calls that created an entry (every call, when disabled). */
  readonly misses: number;
  /** The `maxsize` option (`null`: unbounded). */
  readonly maxsize: number | null;
  /** Entries in the table, in-flight and expired-but-unswept included. */
  readonly currentSize: number;
  /** The last sweep, UTC; the Unix epoch until the first sweep. */
  readonly lastExpirationCheck: DateTime;
}

/**
 * The result of a cache control: `void` for a sync function; `Promise<void>` for a function typed
 * to return a promise.
 * @typeParam F - The cached function's type.
 */
export type ControlResult<F> = F extends (...args: never[]) => PromiseLike<unknown> ? Promise<void> : void;

/**
 * The controls every cached function carries (DESIGN.md §2).
 * @typeParam F - The original (wrapped) function's type; async controls for a function typed to
 *   return a promise.
 */
export interface CacheControls<F = (...args: never[]) => unknown> {
  /** Hits, misses, size and the last sweep. Synchronous for both kinds. */
  cacheInfo(): CacheInfo;
  /** The options with defaults filled in; frozen. */
  cacheParameters(): CacheParameters;
  /** Removes every entry (disposing resources) and resets hits and misses. */
  clearCache(): ControlResult<F>;
  /** Removes expired entries now (disposing resources) and sets `lastExpirationCheck`. */
  removeExpired(): ControlResult<F>;
  /** The original function: call it to bypass the cache. */
  readonly wrapped: F;
}

/**
 * Widens a result type to `R | Error` (negative caching returns stored errors).
 * @typeParam F - The function whose result type is widened.
 */
export type WithError<F> = F extends (...args: infer A) => infer R
  ? (...args: A) => R extends PromiseLike<infer U> ? Promise<U | Error> : R | Error
  : never;

/**
 * `F`'s call signature plus `CacheControls`. With `negativeCache: true`, the result widens to
 * `R | Error`.
 * @typeParam F - The original function's type.
 * @typeParam N - `true` when `negativeCache` is on (the result widens to `R | Error`).
 */
export type CachedFunction<F extends (...args: never[]) => unknown, N = false> = (N extends true ? WithError<F> : F) &
  CacheControls<F>;
