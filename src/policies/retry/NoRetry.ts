import { injectable } from 'inversify';
import type { CacheParameters } from '../../contracts/CacheParameters';
import { RetryPolicy } from './RetryPolicy';

/**
 * Never retries, whatever `retryCount` says: the first failure is final. Bind it to switch retries
 * off for a whole container.
 *
 * @example
 * ```ts
 * container.rebind(RetryPolicy).to(NoRetry);
 * ```
 */
@injectable()
export class NoRetry extends RetryPolicy {
  /** Always `null`: give up now. */
  override delayBeforeRetry(_attempt: number, _error: unknown, _options: CacheParameters): number | null {
    return null;
  }
}
