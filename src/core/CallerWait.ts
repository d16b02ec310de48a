import type { Flight } from './Flight';

/** How one caller waits for an async flight. @internal */
export interface WaitRules {
  /** The caller's abort signal (from its `withCacheScope`), if any. */
  readonly signal: AbortSignal | undefined;
  /** The longest this caller waits, in ms (`hardTimeout`), or `null`. */
  readonly hardTimeoutMs: number | null;
  /** What a caller that waited `hardTimeoutMs` gets: the value to resolve with; a throw rejects. */
  readonly onHardTimeout: () => unknown;
  /** What waiters get once the flight's soft timeout passes (the stale result), if it applies. */
  readonly onSoftTimeout: (() => unknown) | null;
}

/**
 * The promise one caller of `flight` awaits. Without a signal, hard timeout or soft timeout it is
 * the flight's shared promise itself (a hit returns nothing else). Otherwise a promise of the
 * caller's own, settled by the first of: the flight settling; the caller's signal aborting (it
 * rejects with `signal.reason`; when that was the last caller waiting, the flight's own signal
 * aborts too and the flight is abandoned, unless it runs in the background); `hardTimeoutMs` after
 * this call; the flight's soft timeout. A caller that leaves early leaves the flight running for
 * the others.
 * @internal
 */
export function waitForFlight(flight: Flight, rules: WaitRules): Promise<unknown> {
  const shared = flight.promise!;
  flight.waiting++;
  const { signal, hardTimeoutMs, onSoftTimeout } = rules;
  const soft = onSoftTimeout === null ? null : flight.softTimeout;
  if (signal === undefined && hardTimeoutMs === null && soft === null) return shared;
  return new Promise((resolve, reject) => {
    let done = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (): boolean => {
      if (done) return false;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      return true;
    };
    /** Leaves early with `outcome()`'s value (a throw rejects). */
    const leave = (outcome: () => unknown): void => {
      if (!finish()) return;
      flight.waiting--;
      try {
        resolve(outcome());
      } catch (error) {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a stored non-Error is passed on as thrown
        reject(error);
      }
    };
    const onAbort = (): void => {
      if (!finish()) return;
      flight.waiting--;
      if (flight.waiting === 0 && !flight.background) {
        flight.abandoned = true;
        flight.abort(signal!.reason);
      }
      reject(signal!.reason as Error);
    };
    shared.then(
      (value) => {
        if (finish()) resolve(value);
      },
      (error: unknown) => {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the flight's own rejection, Error or not
        if (finish()) reject(error);
      },
    );
    if (signal !== undefined) signal.addEventListener('abort', onAbort, { once: true });
    if (hardTimeoutMs !== null) timer = setTimeout(() => leave(rules.onHardTimeout), hardTimeoutMs);
    if (soft !== null) void soft.then(() => leave(onSoftTimeout!));
  });
}
