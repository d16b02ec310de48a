import { CachewrightError } from './CachewrightError';
import { formatValue } from './formatValue';

/**
 * A caller waited `hardTimeout` for a fetch that had not settled: its call rejects with this error
 * (the fetch goes on; a late result is still stored). Also the reason the fetch's `AbortSignal`
 * is aborted with once the fetch itself has run `hardTimeout`.
 */
export class FetchTimeoutError extends CachewrightError {
  override readonly code = 'E_FETCH_TIMEOUT' as const;
  /** The cache's name. */
  readonly cache: string;
  /** The cache key of the fetch. */
  readonly key: unknown;
  /** The `hardTimeout` that passed, in milliseconds. */
  readonly timeoutMs: number;

  constructor(cache: string, key: unknown, timeoutMs: number) {
    super(`${cache}: the fetch of key ${formatValue(key)} did not settle within hardTimeout (${timeoutMs} ms)`);
    this.cache = cache;
    this.key = key;
    this.timeoutMs = timeoutMs;
  }
}
