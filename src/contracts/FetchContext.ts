/**
 * What a cached function's fetch can learn about itself through `fetchContext()`: its abort
 * signal, whether it runs for a caller or in the background, its attempt and the entry it refreshes.
 */
export interface FetchContext {
  /**
   * Aborted when `hardTimeout` passes (reason: a `FetchTimeoutError`), when every caller waiting
   * on the fetch has aborted its own `withCacheScope` signal (reason: the last caller's), or on
   * `manager.close()`. Never aborted by callers for a background refresh. Pass it to `fetch()`, a
   * database driver or any other source that takes an `AbortSignal`.
   */
  readonly signal: AbortSignal;
  /** True for stale-while-revalidate refreshes and for fetches that outlived their soft `timeout`. */
  readonly background: boolean;
  /** The attempt, counting retries from 0. */
  readonly attempt: number;
  /**
   * The value being replaced — by a `refresh()`, a `forceRefresh`, an expired entry's refetch or a
   * stale-while-revalidate refresh — as `{ value }` (the fulfilled value for async functions); `null`
   * on a miss.
   */
  readonly stale: {
    /** The value being replaced (an async function's fulfilled value). */
    readonly value: unknown;
  } | null;
}
