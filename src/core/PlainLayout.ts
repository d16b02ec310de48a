import type { LayoutHost } from './LayoutHost';
import type { CoreSetup } from './CoreSetup';
import { forgetKey, type EntryStore } from './EntryStore';
import type { FetchRunner } from './FetchRunner';
import { Flight } from './Flight';
import type { CacheKey } from './MethodKey';
import { fromStored, toStored } from './sentinels';
import { isThenable, markHandled } from './thenable';

/**
 * The slow path of a *plain* cache (no expiry, no negative cache, no resources), whose table holds
 * raw values, or the shared promise of a promise-returning call, as small as a hand-written memo.
 * A sync function's miss makes no `Flight` unless a promise comes back: while it computes, its key
 * is on `computing`, where a re-entrant call for it is found.
 * @internal
 */
export class PlainLayout {
  /** Keys whose sync function is computing right now (innermost last). */
  readonly computing: CacheKey[] = [];
  readonly #fn: (...args: never[]) => unknown;
  /** A failed call may be retried (else a one-argument miss calls the function directly). */
  readonly #retries: boolean;

  constructor(
    private readonly core: LayoutHost,
    private readonly store: EntryStore,
    private readonly runner: FetchRunner,
    setup: CoreSetup,
  ) {
    this.#fn = setup.fn;
    this.#retries = setup.options.parameters.retryCount > 0;
  }

  /** A call the hit lookup did not answer (its key not re-entrant). */
  call(key: CacheKey, thisArg: unknown, args: ArrayLike<unknown>): unknown {
    const core = this.core;
    const stored = this.store.table.get(key);
    if (stored !== undefined) {
      core.hits++;
      return fromStored(stored);
    }
    core.misses++;
    if (!core.async) return this.fetchSync(key, thisArg, args, undefined);
    const flight = new Flight(key, core.generation);
    core.beginFlight(flight);
    let result: unknown;
    try {
      result = this.runner.invoke(flight, thisArg, args);
    } catch (error) {
      core.endFlight(flight);
      forgetKey(key);
      return core.fail(error);
    }
    return this.#store(flight, result, thisArg, args);
  }

  /**
   * A sync function's miss (the key known absent). `args` is `null` for a one-argument call
   * (`arg`), whose array is built only if a promise comes back.
   */
  fetchSync(key: CacheKey, thisArg: unknown, args: ArrayLike<unknown> | null, arg: unknown): unknown {
    const computing = this.computing;
    const generation = this.core.generation;
    computing.push(key);
    let result: unknown;
    try {
      if (args !== null) result = this.runner.invoke(null, thisArg, args);
      else result = this.#retries ? this.runner.invokeOne(thisArg, arg) : this.#fn.call(thisArg, arg as never);
    } catch (error) {
      forgetKey(key);
      throw error;
    } finally {
      computing.pop();
    }
    // Cleared while computing (by the function itself): answer (the value or the promise), keep nothing.
    if (generation !== this.core.generation) {
      forgetKey(key);
      return result;
    }
    if (isThenable(result)) {
      const flight = new Flight(key, generation);
      this.core.beginFlight(flight);
      return this.#store(flight, result, thisArg, args ?? [arg]);
    }
    // The key is still absent: a re-entrant call for it threw rather than stored.
    this.store.put(key, toStored(result), true);
    return result;
  }

  /** Stores a miss's result: the shared promise (settled later) or the value. */
  #store(flight: Flight, result: unknown, thisArg: unknown, args: ArrayLike<unknown>): unknown {
    if (isThenable(result)) {
      const promise = this.#settle(flight, result, thisArg, args);
      markHandled(promise);
      flight.promise = promise;
      this.store.put(flight.key, promise);
      return promise;
    }
    this.core.endFlight(flight);
    this.store.put(flight.key, toStored(result));
    return result;
  }

  /** Awaits a stored promise (with retries); a failure leaves the table (it is never kept). */
  async #settle(
    flight: Flight,
    first: PromiseLike<unknown>,
    thisArg: unknown,
    args: ArrayLike<unknown>,
  ): Promise<unknown> {
    try {
      const value = await this.runner.awaitWithRetries(flight, first, thisArg, args);
      this.core.endFlight(flight);
      return value;
    } catch (error) {
      this.core.endFlight(flight);
      if (flight.generation === this.core.generation) this.store.deleteIfHolding(flight.key, flight.promise);
      throw error;
    }
  }
}
