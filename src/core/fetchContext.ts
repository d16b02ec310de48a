import type { FetchContext } from '../contracts/FetchContext';
import { Flight, NEVER_ABORTED } from './Flight';
import { currentAsyncFlight } from './reentrancy';

/** The synchronous fetch of a plain cache (no `Flight`): its attempt. @internal */
export interface PlainFrame {
  readonly attempt: number;
}

/** A plain sync fetch's first (and, without retries, only) attempt. @internal */
export const FIRST_ATTEMPT: PlainFrame = Object.freeze({ attempt: 0 });

/**
 * The fetch whose synchronous part is running right now, if any: its `Flight` (which carries the
 * attempt), or a `PlainFrame` for a plain sync fetch, which makes no `Flight`. `null` outside a sync
 * part, and during the synchronous part of an async fetch (which masks an enclosing sync fetch):
 * then `AsyncLocalStorage` knows the flight, as it does after every `await`.
 * @internal
 */
export const runningFetch: { frame: Flight | PlainFrame | null } = { frame: null };

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
  const frame = runningFetch.frame;
  if (frame !== null) return frame instanceof Flight ? contextOf(frame, frame.attempt) : contextOf(null, frame.attempt);
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
