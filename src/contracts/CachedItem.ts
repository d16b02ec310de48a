import type { DateTime } from 'luxon';

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
