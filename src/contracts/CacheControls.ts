import type { DateTime } from 'luxon';
import type { CacheParameters } from './CacheOptions';

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
