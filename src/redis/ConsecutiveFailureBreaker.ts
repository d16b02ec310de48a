/**
 * A circuit breaker counting failures in a row: after `threshold` of them it opens for
 * `durationMs`, then lets calls through again (half-open): the next failure reopens it at once,
 * the next success closes it. {@link ConsecutiveFailureBreaker.close} ends it early (a reconnect).
 * @internal
 */
export class ConsecutiveFailureBreaker {
  readonly #threshold: number;
  readonly #durationMs: number;
  readonly #now: () => number;
  #failures = 0;
  #openUntil = 0;

  constructor(threshold: number, durationMs: number, now: () => number) {
    this.#threshold = threshold;
    this.#durationMs = durationMs;
    this.#now = now;
  }

  /** True while calls must be skipped. */
  get isOpen(): boolean {
    return this.#openUntil !== 0 && this.#now() < this.#openUntil;
  }

  /** Epoch ms at which an open breaker lets calls through again (0 when closed). */
  get openUntil(): number {
    return this.#openUntil;
  }

  /** How many calls failed in a row. */
  get failures(): number {
    return this.#failures;
  }

  /** A call succeeded: the count starts over and the breaker closes. */
  recordSuccess(): void {
    this.#failures = 0;
    this.#openUntil = 0;
  }

  /** A call failed; returns true when this failure opened (or reopened) the breaker. */
  recordFailure(): boolean {
    this.#failures++;
    if (this.#failures < this.#threshold || this.isOpen) return false;
    this.#openUntil = this.#now() + this.#durationMs;
    return true;
  }

  /** Closes the breaker and forgets the failures (a successful reconnect). */
  close(): void {
    this.recordSuccess();
  }
}
