import type { DateTime } from 'luxon';
import type { ArgsOf, ResultOf } from './CacheOptions';
import type { CacheParameters } from './CacheParameters';
import type { CacheStats } from './CacheStats';

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
  /** The summed weight of the stored results (`maxWeight`/`weigh`); `null` without a weight bound. */
  readonly currentWeight: number | null;
  /** The last sweep, UTC; the Unix epoch until the first sweep. */
  readonly lastExpirationCheck: DateTime;
  /** Calls answered with a stale result (`staleWhileRevalidate`, `staleIfError`, soft `timeout`); counted in `hits` too. */
  readonly staleHits: number;
}
/**
 * The result of a cache control: `void` for a sync function; `Promise<void>` for a function typed
 * to return a promise.
 * @typeParam F - The cached function's type.
 */
export type ControlResult<F> = ControlReturn<F, void>;
/**
 * What a control of a cached function returns: `Promise<T>` for a function typed to return a
 * promise, `T` for a sync one.
 * @typeParam F - The cached function's type.
 * @typeParam T - The control's result.
 */
export type ControlReturn<F, T> = F extends (...args: never[]) => PromiseLike<unknown> ? Promise<T> : T;
/**
 * What a call of `F` returns (the promise itself for a function returning one).
 * @typeParam F - The cached function's type.
 */
export type ReturnOf<F> = F extends (...args: never[]) => infer R ? R : unknown;
/**
 * What `set` accepts: the settled result, or (for a function typed to return a promise) a promise
 * of it, stored once it fulfils.
 * @typeParam F - The cached function's type.
 */
export type SetValue<F> = F extends (...args: never[]) => PromiseLike<unknown>
  ? ResultOf<F> | PromiseLike<ResultOf<F>>
  : ResultOf<F>;
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
  /**
   * The fresh entry's result for these arguments, as a hit would return it (for an async function,
   * the stored promise), without calling the function, counting, or refreshing recency;
   * `undefined` when the entry is absent, expired (stale included) or only in flight.
   */
  peek(...args: ArgsOf<F>): ReturnOf<F> | undefined;
  /** True when a fresh entry exists for these arguments (stale entries and flights do not count). */
  has(...args: ArgsOf<F>): boolean;
  /**
   * Removes the entry for these arguments (reason `'invalidated'`). A flight in progress for the
   * key still answers its waiters but stores nothing, and later calls start a new flight. Resolves
   * (or returns, for a sync function) `true` when an entry or a flight was dropped; it does not wait
   * for the flight.
   */
  invalidate(...args: ArgsOf<F>): ControlReturn<F, boolean>;
  /**
   * Runs the function now for these arguments (joining a flight in progress for the key, else
   * starting one), stores and returns the new result. Until it settles, other calls keep getting
   * the current entry; when it fails, the current entry stays and this call gets the failure (as a
   * call would: negative caching decides whether it is returned or thrown).
   */
  refresh(...args: ArgsOf<F>): ControlReturn<F, ResultOf<F>>;
  /**
   * Stores `value` as if the function had returned it for these arguments (its expiration computed
   * from it; a replaced resource disposed with reason `'replaced'`). For an async function `value`
   * may be a promise, stored once it fulfils.
   */
  set(value: SetValue<F>, ...args: ArgsOf<F>): ControlReturn<F, void>;
  /** Lifetime statistics of this cache (never reset by `clearCache`), as a frozen snapshot. */
  cacheStats(): CacheStats;
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
