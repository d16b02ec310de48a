import type { CacheParameters } from '../../contracts/CacheParameters';

/**
 * Decides how long to wait before each retry of a failed fetch, or to give up. The manager makes at
 * most `retryCount` retries; for a synchronous throw the delay is not waited.
 */
export abstract class RetryPolicy {
  /**
   * Milliseconds to wait before retry `attempt` (0-based) after `error`, or `null` to give up now.
   */
  abstract delayBeforeRetry(attempt: number, error: unknown, options: CacheParameters): number | null;
}
