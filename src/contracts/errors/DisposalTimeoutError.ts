import { CachewrightError } from './CachewrightError';

/** `awaitDisposals(timeout)` gave up waiting; the disposals still pending stay pending. */
export class DisposalTimeoutError extends CachewrightError {
  override readonly code = 'E_DISPOSAL_TIMEOUT' as const;
  /** How many delayed disposals were still pending. */
  readonly pending: number;

  constructor(timeoutMs: number, pending: number) {
    super(`${pending} disposal(s) still pending after ${timeoutMs} ms`);
    this.pending = pending;
  }
}
