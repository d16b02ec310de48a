import { performance } from 'node:perf_hooks';
import type { CacheCounters } from './CacheCounters';
import { keyForReport } from './CompositeKey';
import type { CoreSetup } from './CoreSetup';
import { fetchChannel, type FetchTraceContext } from './events/channels';
import { FIRST_ATTEMPT, runningFetch } from './fetchContext';
import type { Flight } from './Flight';
import type { CacheKey } from './MethodKey';
import { runInFlight } from './reentrancy';
import { outsideScope } from './scope/cacheScope';
import { isThenable } from './thenable';
import { sleep } from '../util/LongTimer';

/** A sync run this short (ms) costs less than the two clock reads that time it. */
const QUICK_RUN_MS = 0.001;
/** After this many quick runs in a row, sync runs are sampled. */
const QUICK_RUNS = 64;
/** While sampling, one sync run in this many is timed (and counted this many times). */
const SAMPLE_EVERY = 16;

/**
 * Runs a cache's function for a flight, with the retries its `RetryPolicy` allows: a synchronous
 * throw is retried at once (waiting would block the event loop), an asynchronous failure after the
 * policy's delay on an ordinary, ref'd timer (a caller awaits it). Every run is counted (`loads`,
 * `loadFailures`, `loadTimeMs`: exact, but for sub-microsecond sync functions, see `#countdown`), traced on the `cachewright:fetch` channel when it has subscribers,
 * runs outside its caller's `withCacheScope`, and can read its `fetchContext()`: an async function
 * inside its flight's async context (so a re-entry after an `await` is seen too).
 * @internal
 */
export class FetchRunner {
  readonly #setup: CoreSetup;
  readonly #counters: CacheCounters;
  /** The cache's name in traces: the `name` option, else the function's (as `CacheCore.name`). */
  readonly #name: string;
  /** When the last run started (`performance.now()`): the first attempt's start, for its awaiter. */
  #startedAt = 0;
  /**
   * Sync runs are timed exactly, except that a function whose last `QUICK_RUNS` runs each took under
   * `QUICK_RUN_MS` has only every `SAMPLE_EVERY`th run timed (its time counted `SAMPLE_EVERY` times):
   * two clock reads cost more than such a run. A sampled run that takes longer ends the sampling.
   * `#countdown` counts down to the next timed run (1: the next run is timed).
   */
  #countdown = 1;
  #sampling = false;
  #quickRuns = 0;

  constructor(setup: CoreSetup, counters: CacheCounters) {
    this.#setup = setup;
    this.#counters = counters;
    this.#name = setup.options.parameters.name ?? setup.name;
  }

  /**
   * Calls the function; a sync throw is retried at once while the policy allows. `flight` is null
   * for a plain sync fetch (re-entering it is caught by the cache's computing stack instead).
   */
  invoke(flight: Flight | null, key: CacheKey, thisArg: unknown, args: ArrayLike<unknown>): unknown {
    const { retry, options } = this.#setup;
    for (let attempt = 0; ; attempt++) {
      try {
        return this.#run(flight, key, attempt, thisArg, args);
      } catch (error) {
        if (attempt >= options.parameters.retryCount) throw error;
        if (retry.delayBeforeRetry(attempt, error, options.parameters) === null) throw error;
      }
    }
  }

  /**
   * `invoke` for a plain sync function's call with one argument and no retries, subscribers or
   * scopes: no argument array, no closure (a miss in a hot loop).
   */
  invokeOne(thisArg: unknown, arg: unknown): unknown {
    const counters = this.#counters;
    counters.loads++;
    const fetch = runningFetch;
    const outer = fetch.frame;
    fetch.frame = FIRST_ATTEMPT;
    const timed = --this.#countdown === 0;
    const started = timed ? performance.now() : 0;
    try {
      const result = this.#setup.fn.call(thisArg, arg as never);
      if (isThenable(result)) this.#promised(timed, started);
      else if (timed) this.#timed(started);
      return result;
    } catch (error) {
      counters.loadFailures++;
      if (timed) this.#timed(started);
      throw error;
    } finally {
      fetch.frame = outer;
    }
  }

  /** True when a one-argument sync miss may take `invokeOne`. */
  get direct(): boolean {
    return this.#setup.options.parameters.retryCount === 0 && !fetchChannel.hasSubscribers;
  }

  /**
   * Awaits a fetch, retrying asynchronous failures after the `RetryPolicy`'s (ref'd) delays. Call it
   * synchronously after the `invoke` that returned `first`.
   */
  async awaitWithRetries(
    flight: Flight,
    first: PromiseLike<unknown>,
    thisArg: unknown,
    args: ArrayLike<unknown>,
  ): Promise<unknown> {
    const { retry, options } = this.#setup;
    const counters = this.#counters;
    let current: unknown = first;
    let started = this.#startedAt;
    for (let attempt = flight.attempt; ; attempt++) {
      try {
        const value = await current;
        counters.loadTimeMs += performance.now() - started;
        return value;
      } catch (error) {
        counters.loadFailures++;
        counters.loadTimeMs += performance.now() - started;
        if (attempt >= options.parameters.retryCount) throw error;
        const delay = retry.delayBeforeRetry(attempt, error, options.parameters);
        if (delay === null) throw error;
        if (delay > 0) await sleep(delay);
        try {
          current = this.#run(flight, flight.key, attempt + 1, thisArg, args, true);
        } catch (syncError) {
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the function's own thrown value
          current = Promise.reject(syncError);
        }
        started = this.#startedAt;
      }
    }
  }

  /** One run of the function: counted, traced, outside the caller's scope, inside its fetch context. */
  #run(
    flight: Flight | null,
    key: CacheKey,
    attempt: number,
    thisArg: unknown,
    args: ArrayLike<unknown>,
    failuresCounted = false,
  ): unknown {
    const counters = this.#counters;
    counters.loads++;
    if (flight !== null) flight.attempt = attempt;
    const fetch = runningFetch;
    const outer = fetch.frame;
    const inAsyncContext = this.#setup.async && flight !== null;
    // An async function's synchronous part masks an enclosing sync fetch: its context is its flight's.
    fetch.frame = inAsyncContext ? null : (flight ?? (attempt === 0 ? FIRST_ATTEMPT : { attempt }));
    const timed = inAsyncContext || --this.#countdown === 0;
    const started = timed ? performance.now() : 0;
    try {
      const call = (): unknown =>
        fetchChannel.hasSubscribers ? this.#traced(flight, key, attempt, thisArg, args) : this.#apply(thisArg, args);
      const result = outsideScope(inAsyncContext ? () => runInFlight(flight, call) : call);
      if (isThenable(result)) this.#promised(timed, started);
      else if (timed && !inAsyncContext) this.#timed(started);
      return result;
    } catch (error) {
      if (failuresCounted) {
        // A retry's synchronous throw becomes a rejection that the awaiting loop counts and times
        // from this run's start (not the previous attempt's, which would add the backoff).
        this.#promised(timed, started);
      } else {
        counters.loadFailures++;
        if (timed && !inAsyncContext) this.#timed(started);
      }
      throw error;
    } finally {
      fetch.frame = outer;
    }
  }

  /** A run that returned a promise (or will reject): its awaiter times it from `started` (now, if untimed). */
  #promised(timed: boolean, started: number): void {
    this.#startedAt = timed ? started : performance.now();
    this.#countdown = 1;
  }

  /** Adds a timed sync run that started at `started` to `loadTimeMs`, and sets the next timed run. */
  #timed(started: number): void {
    const elapsed = performance.now() - started;
    if (!this.#sampling) {
      this.#counters.loadTimeMs += elapsed;
      this.#quickRuns = elapsed < QUICK_RUN_MS ? this.#quickRuns + 1 : 0;
      this.#sampling = this.#quickRuns >= QUICK_RUNS;
    } else {
      this.#counters.loadTimeMs += elapsed * SAMPLE_EVERY;
      if (elapsed >= QUICK_RUN_MS) {
        this.#sampling = false;
        this.#quickRuns = 0;
      }
    }
    this.#countdown = this.#sampling ? SAMPLE_EVERY : 1;
  }

  #apply(thisArg: unknown, args: ArrayLike<unknown>): unknown {
    return this.#setup.fn.apply(thisArg, args as never);
  }

  /** A run published on `cachewright:fetch` as Node's `tracePromise` would (for thenables too). */
  #traced(flight: Flight | null, key: CacheKey, attempt: number, thisArg: unknown, args: ArrayLike<unknown>): unknown {
    const context: FetchTraceContext = {
      cache: this.#name,
      manager: this.#setup.manager,
      key: keyForReport(key),
      attempt,
      background: flight?.background ?? false,
    };
    const { start, end, asyncStart, asyncEnd, error } = fetchChannel;
    return start.runStores(context, () => {
      try {
        const result = this.#apply(thisArg, args);
        if (!isThenable(result)) {
          context.result = result;
          return result;
        }
        return Promise.resolve(result).then(
          (value) => {
            context.result = value;
            asyncStart.publish(context);
            asyncEnd.publish(context);
            return value;
          },
          (reason: unknown) => {
            context.error = reason;
            error.publish(context);
            asyncStart.publish(context);
            asyncEnd.publish(context);
            throw reason;
          },
        );
      } catch (thrown) {
        context.error = thrown;
        error.publish(context);
        throw thrown;
      } finally {
        end.publish(context);
      }
    });
  }
}
