/** The longest delay one `setTimeout` holds (2^31 − 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A timeout of any length: delays past {@link MAX_TIMER_MS} are chained through several timers
 * (Node fires an over-long `setTimeout` after 1 ms instead). Ref'd like `setTimeout` unless
 * `unref()` is called; `ref()`/`unref()` carry over to every timer of the chain.
 * @internal
 */
export class LongTimer {
  #handle: NodeJS.Timeout | undefined;
  #remainingMs: number;
  #refed = true;
  readonly #callback: () => void;

  constructor(callback: () => void, delayMs: number) {
    this.#callback = callback;
    this.#remainingMs = Math.max(0, delayMs);
    this.#arm();
  }

  #arm(): void {
    const step = Math.min(this.#remainingMs, MAX_TIMER_MS);
    this.#remainingMs -= step;
    this.#handle = setTimeout(() => {
      if (this.#remainingMs > 0) this.#arm();
      else this.#callback();
    }, step);
    if (!this.#refed) this.#handle.unref();
  }

  /** Keeps the process alive until the timer fires. */
  ref(): this {
    this.#refed = true;
    this.#handle?.ref();
    return this;
  }

  /** Lets the process exit before the timer fires. */
  unref(): this {
    this.#refed = false;
    this.#handle?.unref();
    return this;
  }

  /** True while the timer keeps the process alive. */
  hasRef(): boolean {
    return this.#refed;
  }

  /** Cancels the timer. */
  clear(): void {
    if (this.#handle !== undefined) clearTimeout(this.#handle);
    this.#handle = undefined;
  }
}

/** A ref'd sleep of any length (a caller awaits it, so it keeps the process alive). @internal */
export function sleep(delayMs: number): Promise<void> {
  return new Promise<void>((resolve) => new LongTimer(resolve, delayMs));
}
