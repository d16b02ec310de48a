import { AsyncLocalStorage } from 'node:async_hooks';

/** One flight on the current async context's stack of flights being computed. @internal */
interface FlightFrame {
  readonly flight: object;
  readonly parent: FlightFrame | undefined;
}

const frames = new AsyncLocalStorage<FlightFrame>();

/**
 * Runs `compute` with `flight` pushed on the current async context's flight stack, so a call that
 * re-enters the same flight (directly, through other cached functions, or after an `await`) is seen.
 * @internal
 */
export function runInFlight<T>(flight: object, compute: () => T): T {
  return frames.run({ flight, parent: frames.getStore() }, compute);
}

/** True when the current async context is computing `flight` (a call now would wait for itself). @internal */
export function isComputingFlight(flight: object): boolean {
  for (let frame = frames.getStore(); frame !== undefined; frame = frame.parent) {
    if (frame.flight === flight) return true;
  }
  return false;
}
