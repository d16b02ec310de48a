import { SharedTierError, type SharedTierOperation } from '../contracts/errors/SharedTierError';
import { SharedTierTimeoutError } from '../contracts/errors/SharedTierTimeoutError';
import { SharedTierUnavailableError } from '../contracts/errors/SharedTierUnavailableError';
import type { ConsecutiveFailureBreaker } from './ConsecutiveFailureBreaker';

/**
 * Runs one Redis command under the tier's rules: fail fast while the breaker is open or the tier
 * closed, reject with a `SharedTierTimeoutError` after `timeoutMs` (the late answer is handed to
 * `late`, if given, and otherwise ignored: never an unhandled rejection), wrap every other failure
 * in a `SharedTierError` naming the operation, and feed the breaker.
 * @internal
 */
export class RedisCommandRunner {
  readonly #breaker: ConsecutiveFailureBreaker;
  readonly #timeoutMs: number;
  #closed = false;

  constructor(breaker: ConsecutiveFailureBreaker, timeoutMs: number) {
    this.#breaker = breaker;
    this.#timeoutMs = timeoutMs;
  }

  /** False while the breaker is open or once closed. */
  get available(): boolean {
    return !this.#closed && !this.#breaker.isOpen;
  }

  /** Makes every later call fail fast. */
  close(): void {
    this.#closed = true;
  }

  /**
   * Runs `start()` bounded by the command timeout.
   * @param late - receives the answer of a command that already timed out (to undo a lease, say).
   */
  run<T>(
    operation: SharedTierOperation,
    command: string,
    key: string | undefined,
    start: () => Promise<T>,
    late?: (value: T) => void,
  ): Promise<T> {
    const refusal = this.refusal(operation, command);
    if (refusal !== undefined) return Promise.reject(refusal);
    return new Promise<T>((resolve, reject) => {
      let pending = true;
      const timer = setTimeout(() => {
        pending = false;
        this.#breaker.recordFailure();
        reject(new SharedTierTimeoutError(operation, command, this.#timeoutMs, { key }));
      }, this.#timeoutMs);
      timer.unref();
      attempt(start).then(
        (value) => {
          if (!pending) {
            late?.(value);
            return;
          }
          pending = false;
          clearTimeout(timer);
          this.#breaker.recordSuccess();
          resolve(value);
        },
        (error: unknown) => {
          if (!pending) return; // already rejected with the timeout; this late failure adds nothing
          pending = false;
          clearTimeout(timer);
          this.#breaker.recordFailure();
          reject(new SharedTierError(operation, command, messageOf(error), { key, cause: error }));
        },
      );
    });
  }

  /** The error a call would fail fast with now, or `undefined` when calls may go through. */
  refusal(operation: SharedTierOperation, command: string): SharedTierUnavailableError | undefined {
    if (this.#closed) return new SharedTierUnavailableError(operation, command, 'the tier is closed', Infinity);
    if (!this.#breaker.isOpen) return undefined;
    const until = this.#breaker.openUntil;
    return new SharedTierUnavailableError(
      operation,
      command,
      `skipped: ${this.#breaker.failures} commands failed in a row (breaker open until ${new Date(until).toISOString()})`,
      until,
    );
  }
}

/** `start()`, with a synchronous throw turned into a rejection. */
function attempt<T>(start: () => Promise<T>): Promise<T> {
  try {
    return start();
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
