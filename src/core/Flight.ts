import type { RemovalReason } from '../contracts/RemovalReason';
import type { CacheKey } from './MethodKey';

/** What a flight knows of the entries it refetches or fills (`Entry` implements it). @internal */
export interface FlightEntry {
  /** The resolved value or the stored error. */
  readonly outcome: unknown;
  /** The entry left the table. */
  readonly removed: boolean;
}

/** The signal of a fetch that nobody can abort (a plain sync fetch's context). @internal */
export const NEVER_ABORTED: AbortSignal = new AbortController().signal;

/**
 * One execution of the wrapped function for one key (with its retries), shared by every concurrent
 * caller. `promise` is null while the function's synchronous part runs, and for sync flights.
 * @internal
 */
export class Flight<E extends FlightEntry = FlightEntry> {
  /** The outcome as callers get it (async functions), once the synchronous part has returned. */
  promise: Promise<unknown> | null = null;
  /** Releases the flight's hold on re-entry tracking (async functions); idempotent. */
  release: () => void = noop;
  /** The attempt running now, counting retries from 0 (`fetchContext().attempt`). */
  attempt = 0;
  /** No caller waits for it: a stale-while-revalidate refresh, or a fetch past its soft timeout. */
  background = false;
  /** Set when the flight must store nothing (invalidated, replaced by `set`, tags, clear): why. */
  dropped: RemovalReason | null = null;
  /** The settled entry this flight refetches (served stale, kept on failure of a refresh), if any. */
  current: E | null = null;
  /** The pending entry a miss stored for this flight, if any. */
  placeholder: E | null = null;
  /** A failure keeps `current` and reaches the callers (an explicit `refresh`, `forceRefresh`). */
  keepOnFailure = false;
  /** The tags its entry will carry (`tags` option). */
  tags: readonly string[] | null = null;
  /** Callers still waiting for it (a caller that aborts or times out leaves). */
  waiting = 0;
  /**
   * Every caller waiting on it aborted its signal (and so did the flight's): later calls start a new
   * flight instead of joining this one, whose outcome is then stored for nobody.
   */
  abandoned = false;
  /** Resolves when the soft `timeout` passes (then waiters get the stale result), if it applies. */
  softTimeout: Promise<void> | null = null;
  /** The soft timeout has passed: later callers get the stale result at once. */
  softFired = false;
  /** A sync function's background refresh waiting for its `setImmediate` (not computing yet). */
  deferred = false;
  /** A plain cache's early promise took the place of an expired value (counted when it settles). */
  replacing = false;
  /** The call's arguments, kept when `cacheIf` needs them. */
  args: readonly unknown[] | null = null;
  /** What a shared cache's flight learned on its way (its `SharedCache` reads it), else `null`. */
  shared: object | null = null;
  /** Timers to clear when the flight settles. */
  timers: ReturnType<typeof setTimeout>[] | null = null;
  /** Why the flight's signal aborted, once it has. */
  abortReason: unknown = undefined;
  aborted = false;
  #controller: AbortController | null = null;

  constructor(
    readonly key: CacheKey,
    readonly generation: number,
  ) {}

  /** The fetch's `AbortSignal` (made on first read, already aborted if the flight was). */
  get signal(): AbortSignal {
    if (this.#controller === null) {
      this.#controller = new AbortController();
      if (this.aborted) this.#controller.abort(this.abortReason);
    }
    return this.#controller.signal;
  }

  /** Aborts the fetch's signal with `reason` (once). */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.abortReason = reason;
    this.#controller?.abort(reason);
  }

  /** Runs `callback` after `ms` unless the flight settles first; an unref'd timer unless `ref`. */
  after(ms: number, callback: () => void, ref = false): void {
    const timer = setTimeout(callback, ms);
    if (!ref) timer.unref();
    (this.timers ??= []).push(timer);
  }

  /** Clears the flight's timers (it settled). */
  settled(): void {
    const timers = this.timers;
    if (timers === null) return;
    this.timers = null;
    for (const timer of timers) clearTimeout(timer);
  }
}

function noop(): void {
  // Sync flights hold nothing to release.
}
