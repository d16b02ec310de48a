import { AsyncLocalStorage } from 'node:async_hooks';

/** One flight on the current async context's stack of flights being computed. @internal */
interface FlightFrame {
  readonly flight: object;
  readonly parent: FlightFrame | undefined;
}

const frames = new AsyncLocalStorage<FlightFrame>();
/** Async flights started and not yet settled, across every cache. */
let pendingFlights = 0;

/**
 * Runs `compute` with `flight` pushed on the current async context's flight stack, so a call that
 * re-enters the same flight (directly, through other cached functions, or after an `await`) is seen.
 *
 * On Node 20 an enabled `AsyncLocalStorage` installs promise hooks that tax every promise of the
 * process (an `await` costs about 3×). So the storage is enabled only while some async flight is
 * pending ({@link trackFlight}) and disabled when the last one settles: cache hits, which happen
 * outside any flight, pay nothing.
 * @internal
 */
export function runInFlight<T>(flight: object, compute: () => T): T {
  return frames.run({ flight, parent: frames.getStore() }, compute);
}

/** The innermost async flight the current async context is computing, if any. @internal */
export function currentAsyncFlight(): object | undefined {
  return frames.getStore()?.flight;
}

/** True when the current async context is computing `flight` (a call now would wait for itself). @internal */
export function isComputingFlight(flight: object): boolean {
  for (let frame = frames.getStore(); frame !== undefined; frame = frame.parent) {
    if (frame.flight === flight) return true;
  }
  return false;
}

/**
 * Counts an async flight as pending; the returned function (call it exactly once, when the flight
 * has settled) releases it, disabling the storage once no flight is pending.
 * @internal
 */
export function trackFlight(): () => void {
  pendingFlights++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    pendingFlights--;
    if (pendingFlights === 0) frames.disable();
  };
}
