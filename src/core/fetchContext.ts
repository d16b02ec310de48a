import type { FetchContext } from '../contracts/FetchContext';
import { Flight, NEVER_ABORTED } from './Flight';
import { currentAsyncFlight } from './reentrancy';

/**
 * The fetch whose synchronous part is running right now, if any (sync functions, and the
 * synchronous part of async ones, which masks an enclosing sync fetch). Continuations after an
 * `await` find their async flight through `AsyncLocalStorage` instead. `flight` is `null` for a
 * plain sync fetch, which makes no `Flight`.
 * @internal
 */
export const runningFetch: { active: boolean; flight: Flight | null; attempt: number } = {
  active: false,
  flight: null,
  attempt: 0,
};

/**
 * Inside a cached function's fetch (its synchronous part and every continuation after an `await`),
 * what the fetch can learn about itself: its `AbortSignal`, whether it runs in the background, its
 * attempt and the entry it refreshes; `undefined` anywhere else (a cache hit runs no fetch).
 * @example
 * ```ts
 * class Users {
 *   @Cacheable({ hardTimeout: '2s' })
 *   async getUser(id: string): Promise<User> {
 *     const response = await fetch(`${base}/users/${id}`, { signal: fetchContext()?.signal });
 *     return (await response.json()) as User;
 *   }
 * }
 * ```
 */
export function fetchContext(): FetchContext | undefined {
  if (runningFetch.active) return contextOf(runningFetch.flight, runningFetch.attempt);
  const flight = currentAsyncFlight();
  return flight instanceof Flight ? contextOf(flight, flight.attempt) : undefined;
}

function contextOf(flight: Flight | null, attempt: number): FetchContext {
  if (flight === null) return Object.freeze({ signal: NEVER_ABORTED, background: false, attempt, stale: null });
  const current = flight.current;
  return Object.freeze({
    signal: flight.signal,
    background: flight.background,
    attempt,
    stale: current === null ? null : Object.freeze({ value: current.outcome }),
  });
}
