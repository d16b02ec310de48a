import { SharedTierError, type SharedTierOperation } from './SharedTierError';

/**
 * The shared tier is being skipped: `breakerThreshold` commands failed in a row, so for
 * `breakerDuration` every call fails fast with this error instead of paying a timeout (or the tier
 * was closed). Check `SharedTier.available` first to skip the call without a rejected promise. The
 * failures that opened the breaker were reported already: this error is not worth a report of its own.
 */
export class SharedTierUnavailableError extends SharedTierError {
  override readonly code = 'E_SHARED_UNAVAILABLE' as const;
  /** Epoch ms at which the tier is tried again (`Infinity` once closed). */
  readonly retryAt: number;

  constructor(operation: SharedTierOperation, command: string, reason: string, retryAt: number) {
    super(operation, command, reason);
    this.retryAt = retryAt;
  }
}
