import type { CoreSetup } from './CoreSetup';
import type { Flight } from './Flight';
import { sleep } from '../util/LongTimer';
import { runInFlight } from './reentrancy';

/**
 * Runs a cache's function for a flight, with the retries its `RetryPolicy` allows: a synchronous
 * throw is retried at once (waiting would block the event loop), an asynchronous failure after the
 * policy's delay on an ordinary, ref'd timer (a caller awaits it). An async function runs inside its
 * flight's async context, so a re-entry after an `await` is seen.
 * @internal
 */
export class FetchRunner {
  readonly #setup: CoreSetup;

  constructor(setup: CoreSetup) {
    this.#setup = setup;
  }

  /**
   * Calls the function; a sync throw is retried at once while the policy allows. `flight` is null
   * for a sync function (re-entering it is caught by the cache's computing stack instead).
   */
  invoke(flight: Flight | null, thisArg: unknown, args: ArrayLike<unknown>): unknown {
    const { retry, options } = this.#setup;
    for (let attempt = 0; ; attempt++) {
      try {
        return this.#call(flight, thisArg, args);
      } catch (error) {
        if (attempt >= options.parameters.retryCount) throw error;
        if (retry.delayBeforeRetry(attempt, error, options.parameters) === null) throw error;
      }
    }
  }

  /** `invoke` for a sync function's call with one argument: no argument array (a miss in a hot loop). */
  invokeOne(thisArg: unknown, arg: unknown): unknown {
    const { fn, retry, options } = this.#setup;
    for (let attempt = 0; ; attempt++) {
      try {
        return fn.call(thisArg, arg as never);
      } catch (error) {
        if (attempt >= options.parameters.retryCount) throw error;
        if (retry.delayBeforeRetry(attempt, error, options.parameters) === null) throw error;
      }
    }
  }

  /** Awaits a fetch, retrying asynchronous failures after the `RetryPolicy`'s (ref'd) delays. */
  async awaitWithRetries(
    flight: Flight,
    first: PromiseLike<unknown>,
    thisArg: unknown,
    args: ArrayLike<unknown>,
  ): Promise<unknown> {
    const { retry, options } = this.#setup;
    let current: unknown = first;
    for (let attempt = 0; ; attempt++) {
      try {
        return await current;
      } catch (error) {
        if (attempt >= options.parameters.retryCount) throw error;
        const delay = retry.delayBeforeRetry(attempt, error, options.parameters);
        if (delay === null) throw error;
        if (delay > 0) await sleep(delay);
        try {
          current = this.#call(flight, thisArg, args);
        } catch (syncError) {
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the function's own thrown value
          current = Promise.reject(syncError);
        }
      }
    }
  }

  #call(flight: Flight | null, thisArg: unknown, args: ArrayLike<unknown>): unknown {
    const fn = this.#setup.fn;
    return this.#setup.async && flight !== null
      ? runInFlight(flight, () => fn.apply(thisArg, args as never))
      : fn.apply(thisArg, args as never);
  }
}
