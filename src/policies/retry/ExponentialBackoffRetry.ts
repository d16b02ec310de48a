import { injectable } from 'inversify';
import type { CacheParameters } from '../../contracts/CacheParameters';
import { RetryPolicy } from './RetryPolicy';

/**
 * The default retry policy (DESIGN.md §6): retry `attempt` (0-based) waits
 * `backoffInSeconds · 2^attempt + U(0, 1)` seconds, the jitter drawn from `Math.random()`, with no
 * jitter when `backoffInSeconds` is `0` (so the default options retry at once). Gives up
 * (`null`) once `attempt >= retryCount`. Stateless: one instance serves every call.
 *
 * @example
 * ```ts
 * // backoffInSeconds 2, retryCount 3, Math.random() = 0.5 → 2500, 4500, 8500 ms, then null
 * new ExponentialBackoffRetry().delayBeforeRetry(0, error, params); // 2500
 * ```
 */
@injectable()
export class ExponentialBackoffRetry extends RetryPolicy {
  /** {@inheritDoc RetryPolicy.delayBeforeRetry} */
  override delayBeforeRetry(attempt: number, _error: unknown, options: CacheParameters): number | null {
    if (attempt >= options.retryCount) return null;
    const base = options.backoffInSeconds;
    return (base * 2 ** attempt + (base > 0 ? Math.random() : 0)) * 1000;
  }
}
