import type { Duration } from 'luxon';
import type { ExpirationValue } from './ExpirationValue';
import type { SingleKey } from './Key';
import type { KeyStrategy } from './KeyStrategy';

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
