import { SharedTierError, type SharedTierOperation } from './SharedTierError';

/**
 * A shared-tier command did not answer within `commandTimeout`. The call rejects at once; the
 * command's late answer, if any, is ignored. Counts toward the circuit breaker.
 */
export class SharedTierTimeoutError extends SharedTierError {
  override readonly code = 'E_SHARED_TIMEOUT' as const;
  /** The timeout that passed, in milliseconds. */
  readonly timeoutMs: number;

  constructor(operation: SharedTierOperation, command: string, timeoutMs: number, options?: { key?: string }) {
    super(operation, command, `no answer within commandTimeout (${timeoutMs} ms)`, options);
    this.timeoutMs = timeoutMs;
  }
}
