import { waitForFlight } from './CallerWait';
import { forgetKey, type EntryStore } from './EntryStore';
import type { FetchRunner } from './FetchRunner';
import { Flight } from './Flight';
import { KeyTagIndex } from './KeyTagIndex';
import type { LayoutHost } from './LayoutHost';
import type { CacheKey } from './MethodKey';
import type { TagsOf } from './options/compileTags';
import type { ActiveScope } from './scope/cacheScope';
import { PlainStaleValues } from './PlainStaleValues';
import { IN_FLIGHT, type SlotDeadlines } from './SlotDeadlines';
import { isComputingFlight } from './reentrancy';
import { fromStored, MISS, toStored } from './sentinels';
import { carriesAny } from './TagIndex';
import { isThenable, markHandled } from './thenable';

/**
 * The slow path of a *plain* cache (no negative cache, no resources, no `cacheIf`, no stale windows
 * or timeouts), whose table holds raw values, or the shared promise of a promise-returning call, as
 * small as a hand-written memo. A sync function's miss makes no `Flight` unless a promise comes back:
 * while it computes, its key is on `computing`, where a re-entrant call for it is found. A miss of an
 * async function stores its promise at once; an explicit refresh runs beside the stored value and
 * replaces it once it fulfils. Tags, when the cache has them, live in a `KeyTagIndex` beside the
 * table, so a tagged hit costs what an untagged one does.
 *
 * A *timed* plain cache (`deadlines` given: a fixed built-in expiration in a built-in bounded table)
 * keeps one deadline per table slot instead of an `Entry` per value: an expired value is refetched
 * like a miss (aquiche counts the call a hit), and a sweep removes it.
 * @internal
 */
export class PlainLayout {
  /** Keys whose sync function is computing right now (innermost last). */
  readonly computing: CacheKey[] = [];
  /** Keys of `computing` dropped meanwhile (invalidated, or replaced by `set`): they store nothing. */
  readonly #dropped: CacheKey[] = [];
  /** The tags of a call (`tags` option), or `null`. */
  readonly #tagsOf: TagsOf | null;
  /** The entries' tags (with `tags` only). */
  readonly #tags: KeyTagIndex | null = null;
  /** The tags of each `computing` call, in step with it (with `tags` only). */
  readonly #computingTags: (readonly string[])[] = [];
  /** The values a refetch replaces, as `fetchContext().stale` shows them (the core clears it with the table). */
  readonly stale = new PlainStaleValues();

  constructor(
    private readonly core: LayoutHost,
    private readonly store: EntryStore,
    private readonly runner: FetchRunner,
    /** The slots' deadlines of a timed cache; `null` when values never expire. */
    readonly deadlines: SlotDeadlines | null = null,
    tagsOf: TagsOf | null = null,
  ) {
    this.#tagsOf = tagsOf;
    if (tagsOf !== null) {
      const index = new KeyTagIndex();
      this.#tags = index;
      store.onLeave = (key) => index.forget(key);
    }
  }

  /** A call the hit lookup did not answer (its key not re-entrant). */
  call(key: CacheKey, thisArg: unknown, args: ArrayLike<unknown>, scope: ActiveScope | undefined): unknown {
    const core = this.core;
    if (scope !== undefined && scope.forceRefresh) {
      core.counters.waits++;
      return this.refresh(key, thisArg, args, scope);
    }
    let stored = this.store.table.get(key);
    let flight = core.inflightCount === 0 ? undefined : core.inflight.get(key);
    if (flight !== undefined && flight.abandoned) {
      // Every caller left it by aborting: start afresh (its promise in the table is replaced).
      if (stored === this.#abandon(flight)) stored = undefined;
      flight = undefined;
    }
    if (stored !== undefined) {
      if (flight === undefined || flight.promise !== stored) {
        const deadlines = this.deadlines;
        if (deadlines === null || deadlines.fresh(key)) {
          core.hits++;
          return fromStored(stored);
        }
        // Expired: refetched in its place (aquiche counts the call a hit), or by the refresh in progress.
        core.counters.waits++;
        if (flight !== undefined && flight.promise !== null) return this.#join(flight, scope);
        if (!core.async) return this.fetchSync(key, thisArg, args, undefined, true);
        return this.#fetchAsync(key, thisArg, args, scope, true, true);
      }
      core.counters.waits++;
      return this.#join(flight, scope);
    }
    if (flight !== undefined && flight.promise !== null) {
      core.counters.waits++;
      return this.#join(flight, scope);
    }
    core.misses++;
    if (!core.async) return this.fetchSync(key, thisArg, args, undefined);
    return this.#fetchAsync(key, thisArg, args, scope, true);
  }

  /**
   * The promise of `key`'s flight when the table holds it (an async miss in progress) and a call
   * may join it as `call` would (counted a wait); `undefined` when the general path must decide
   * (no such flight, an abandoned one, a re-entrant call, a refresh beside a stored value).
   */
  joinEarly(key: CacheKey): Promise<unknown> | undefined {
    const flight = this.core.inflight.get(key);
    if (flight === undefined) return undefined;
    const promise = flight.promise;
    if (promise === null || flight.abandoned || this.store.table.peek(key) !== promise) return undefined;
    if (isComputingFlight(flight)) return undefined;
    this.core.counters.waits++;
    flight.waiting++;
    return promise;
  }

  /**
   * Drops a flight that every caller has left by aborting (it stores nothing; a later call must not
   * inherit another caller's abort); returns its promise, which the table may still hold.
   */
  #abandon(flight: Flight): Promise<unknown> | null {
    this.core.dropFlight(flight, 'replaced');
    return flight.promise;
  }

  /** The promise a caller of an async flight awaits (its own when it has a signal to leave on). */
  #join(flight: Flight, scope: ActiveScope | undefined): unknown {
    if (scope?.signal === undefined) {
      flight.waiting++;
      return flight.promise;
    }
    return waitForFlight(flight, {
      signal: scope.signal,
      hardTimeoutMs: null,
      onHardTimeout: () => undefined,
      onSoftTimeout: null,
    });
  }

  /**
   * Starts an async flight. `early`: a miss, whose promise is stored at once (calls join it through
   * the table); otherwise a refresh beside the stored value, stored once it fulfils. `replacing`: the
   * early promise takes the place of an expired value (counted `'replaced'` once it fulfils, `'failed'`
   * if it rejects).
   */
  #fetchAsync(
    key: CacheKey,
    thisArg: unknown,
    args: ArrayLike<unknown>,
    scope: ActiveScope | undefined,
    early: boolean,
    replacing = false,
  ): unknown {
    const core = this.core;
    let tags: readonly string[] | null = null;
    if (this.#tagsOf !== null) {
      try {
        tags = this.#tagsOf(thisArg, args);
      } catch (error) {
        if (early) forgetKey(key);
        return core.fail(error);
      }
    }
    const flight = new Flight(key, core.generation);
    flight.replacing = replacing;
    flight.tags = tags;
    // A refresh beside a stored value, or an expired value's refetch: `fetchContext().stale`.
    if (!early || replacing) flight.current = this.stale.staleOf(this.store.table.peek(key));
    core.beginFlight(flight);
    let result: unknown;
    try {
      result = this.runner.invoke(flight, key, thisArg, args);
    } catch (error) {
      core.endFlight(flight);
      if (early) forgetKey(key);
      return core.fail(error);
    }
    return this.#settleAsync(flight, result, thisArg, args, scope, early);
  }

  /**
   * A sync function's miss (the key known absent, unless `present`: an expired value it replaces).
   * `args` is `null` for a one-argument call (`arg`), whose array is built only if a promise comes back.
   */
  fetchSync(key: CacheKey, thisArg: unknown, args: ArrayLike<unknown> | null, arg: unknown, present = false): unknown {
    const computing = this.computing;
    const generation = this.core.generation;
    const tags = this.#tagsOf === null ? null : this.#tagsFor(key, thisArg, args ?? [arg]);
    computing.push(key);
    let result: unknown;
    try {
      if (args !== null) result = this.runner.invoke(present ? this.#staleFrame(key) : null, key, thisArg, args);
      else if (this.runner.direct) result = this.runner.invokeOne(thisArg, arg);
      else result = this.runner.invoke(null, key, thisArg, [arg]);
    } catch (error) {
      if (this.#dropped.length === 0 || !this.#takeDropped(key)) forgetKey(key);
      else this.#forgetUnlessStored(key);
      throw error;
    } finally {
      computing.pop();
      if (tags !== null) this.#computingTags.pop();
    }
    // Cleared while computing (by the function itself): answer (the value or the promise), keep nothing.
    if (generation !== this.core.generation) {
      forgetKey(key);
      return result;
    }
    // Invalidated or replaced by `set` while computing: answer, keep nothing (a `set` value stays).
    if (this.#dropped.length !== 0 && this.#takeDropped(key)) {
      this.#forgetUnlessStored(key);
      return result;
    }
    if (isThenable(result)) {
      const flight = new Flight(key, generation);
      flight.replacing = present;
      flight.tags = tags;
      this.core.beginFlight(flight);
      return this.#settleAsync(flight, result, thisArg, args ?? [arg], undefined, true);
    }
    if (present) {
      this.#replace(key, toStored(result), generation, tags);
      return result;
    }
    // The key is still absent: a re-entrant call for it threw rather than stored.
    if (tags !== null) this.#tags!.record(key, tags);
    const slot = this.store.put(key, toStored(result), true);
    this.deadlines?.stored(slot);
    return result;
  }

  /**
   * The context of a sync fetch that replaces `key`'s stored value (an expired value's refetch, a
   * refresh): a `Flight` used only as its `fetchContext()` frame, whose `stale` is that value.
   */
  #staleFrame(key: CacheKey): Flight {
    const frame = new Flight(key, this.core.generation);
    frame.current = this.stale.staleOf(this.store.table.peek(key));
    return frame;
  }

  /**
   * The tags of a sync call about to compute (pushed on `#computingTags`, which its caller pops).
   * @throws what the tags function throws (the call fails before the function runs; `key` released).
   */
  #tagsFor(key: CacheKey, thisArg: unknown, args: ArrayLike<unknown>): readonly string[] {
    let tags: readonly string[];
    try {
      tags = this.#tagsOf!(thisArg, args);
    } catch (error) {
      forgetKey(key);
      throw error;
    }
    this.#computingTags.push(tags);
    return tags;
  }

  /** Stores a miss's result: the shared promise (settled later) or, for an early sync result, the value. */
  #settleAsync(
    flight: Flight,
    result: unknown,
    thisArg: unknown,
    args: ArrayLike<unknown>,
    scope: ActiveScope | undefined,
    early: boolean,
  ): unknown {
    if (!isThenable(result)) {
      this.core.endFlight(flight);
      this.#replace(flight.key, toStored(result), flight.generation, flight.tags);
      return result;
    }
    const promise = this.#settle(flight, result, thisArg, args, early);
    markHandled(promise);
    flight.promise = promise;
    if (early) {
      if (flight.tags !== null) this.#tags!.record(flight.key, flight.tags);
      const slot = this.store.put(flight.key, promise);
      this.deadlines?.set(slot, IN_FLIGHT);
    }
    return this.#join(flight, scope);
  }

  /** Awaits a stored promise (with retries); a failure leaves the table (it is never kept). */
  async #settle(
    flight: Flight,
    first: PromiseLike<unknown>,
    thisArg: unknown,
    args: ArrayLike<unknown>,
    early: boolean,
  ): Promise<unknown> {
    const core = this.core;
    try {
      const value = await this.runner.awaitWithRetries(flight, first, thisArg, args);
      this.stale.noteFulfilled(flight.promise!, value);
      core.endFlight(flight);
      if (!early && flight.dropped === null) this.#replace(flight.key, flight.promise, flight.generation, flight.tags);
      else if (early && flight.dropped === null) this.#settled(flight, 'replaced');
      return value;
    } catch (error) {
      core.endFlight(flight);
      if (
        early &&
        flight.generation === core.generation &&
        this.store.deleteIfHolding(flight.key, flight.promise) &&
        flight.replacing
      ) {
        core.noteRemoval(flight.key, 'failed');
      }
      throw error;
    }
  }

  /**
   * An early-stored promise fulfilled: in a timed cache its slot's deadline starts now, and the
   * expired value it took the place of counts as `reason`.
   */
  #settled(flight: Flight, reason: 'replaced'): void {
    const deadlines = this.deadlines;
    if (deadlines === null) return;
    const key = this.store.liveKey(flight.key);
    const slot = deadlines.table.slotOf(key);
    if (slot < 0 || deadlines.table.valueAt(slot) !== flight.promise) return;
    deadlines.stored(slot);
    if (flight.replacing) this.core.noteRemoval(key, reason);
  }

  /**
   * Stores `value` under `key` (tagged `tags`) unless the cache was cleared since `generation`,
   * counting a replaced value (not `pending`, the promise of a flight `set` dropped: a flight is no entry).
   */
  #replace(
    stale: CacheKey,
    value: unknown,
    generation: number,
    tags: readonly string[] | null,
    pending: unknown = null,
  ): void {
    if (generation !== this.core.generation) return;
    const key = this.store.liveKey(stale);
    const previous = this.store.table.peek(key);
    if (tags !== null) this.#tags!.record(key, tags);
    const slot = this.store.put(key, value);
    this.deadlines?.stored(slot);
    if (previous !== undefined && previous !== value && previous !== pending) this.core.noteRemoval(key, 'replaced');
  }

  /** Removes the expired values of a timed cache at `now` (counted `'expired'`). */
  sweep(now: number): void {
    const deadlines = this.deadlines;
    if (deadlines === null) return;
    for (const [key] of Array.from(this.store.table.entries())) {
      const deadline = deadlines.of(key);
      if (!(now >= deadline)) continue; // fresh, or in flight (NaN)
      this.store.delete(key);
      this.core.noteRemoval(key, 'expired');
    }
  }

  // ---- per-entry controls ----

  /** {@inheritDoc CacheControls.peek} */
  peek(key: CacheKey): unknown {
    const stored = this.store.table.peek(key);
    if (stored === undefined || this.#pending(key, stored) || this.deadlines?.fresh(key) === false) return undefined;
    return fromStored(stored);
  }

  /** {@inheritDoc CacheControls.has} */
  has(key: CacheKey): boolean {
    const stored = this.store.table.peek(key);
    return stored !== undefined && !this.#pending(key, stored) && this.deadlines?.fresh(key) !== false;
  }

  /**
   * A fresh hit for `key` (counted, recency refreshed), or `MISS` when the call would wait or fetch:
   * how the slow path answers a call whose signal has already aborted.
   */
  freshHit(key: CacheKey): unknown {
    if (!this.has(key)) return MISS;
    const stored = this.store.table.get(key);
    this.core.hits++;
    return fromStored(stored);
  }

  /** The stored value is the promise of the key's flight in progress (no entry yet). */
  #pending(key: CacheKey, stored: unknown): boolean {
    const core = this.core;
    return core.inflightCount !== 0 && core.inflight.get(key)?.promise === stored;
  }

  /** {@inheritDoc CacheControls.refresh} */
  refresh(key: CacheKey, thisArg: unknown, args: ArrayLike<unknown>, scope: ActiveScope | undefined): unknown {
    const core = this.core;
    const flight = core.inflight.get(key);
    const abandoned = flight !== undefined && flight.abandoned ? this.#abandon(flight) : null;
    if (flight !== undefined && abandoned === null && flight.promise !== null) return this.#join(flight, scope);
    const held = this.store.table.peek(key);
    const present = held !== undefined && held !== abandoned;
    if (core.async) return this.#fetchAsync(key, thisArg, args, scope, !present);
    const generation = core.generation;
    const tags = this.#tagsOf === null ? null : this.#tagsFor(key, thisArg, args);
    this.computing.push(key);
    let result: unknown;
    let dropped: boolean;
    try {
      result = this.runner.invoke(present ? this.#staleFrame(key) : null, key, thisArg, args);
    } finally {
      this.computing.pop();
      if (tags !== null) this.#computingTags.pop();
      dropped = this.#dropped.length !== 0 && this.#takeDropped(key);
    }
    // Invalidated or replaced by `set` while computing: the value goes to the caller only.
    if (dropped) return result;
    if (isThenable(result)) {
      const promiseFlight = new Flight(key, generation);
      promiseFlight.tags = tags;
      core.beginFlight(promiseFlight);
      return this.#settleAsync(promiseFlight, result, thisArg, args, scope, !present);
    }
    this.#replace(key, toStored(result), generation, tags);
    return result;
  }

  /**
   * Drops the computation of `key` in progress (a sync function running now, `computing`): it
   * answers its caller and stores nothing. True when there was one.
   */
  dropComputing(key: CacheKey): boolean {
    if (this.computing.length === 0 || !includesKey(this.computing, key)) return false;
    this.#dropped.push(key);
    return true;
  }

  /** Takes `key` off `#dropped`; true when it was there. */
  #takeDropped(key: CacheKey): boolean {
    const dropped = this.#dropped;
    for (let i = dropped.length - 1; i >= 0; i--) {
      const candidate = dropped[i];
      if (candidate === key || (candidate !== candidate && key !== key)) {
        dropped.splice(i, 1);
        return true;
      }
    }
    return false;
  }

  /** Releases `key` unless something (a `set`) stored under it meanwhile. */
  #forgetUnlessStored(key: CacheKey): void {
    if (this.store.table.peek(key) === undefined) forgetKey(key);
  }

  /** {@inheritDoc CacheControls.set} `pending`: the promise of the key's flight that `set` dropped, if any. */
  set(
    key: CacheKey,
    value: unknown,
    thisArg: unknown,
    args: ArrayLike<unknown>,
    pending: Promise<unknown> | null,
  ): Promise<void> | undefined {
    const generation = this.core.generation;
    let tags: readonly string[] | null = null;
    try {
      if (this.#tagsOf !== null) tags = this.#tagsOf(thisArg, args);
    } catch (error) {
      return this.core.fail(error);
    }
    if (!this.core.async) {
      this.#replace(key, toStored(value), generation, tags, pending);
      return undefined;
    }
    return Promise.resolve(value).then((settled) => {
      const stored = Promise.resolve(settled);
      this.stale.noteFulfilled(stored, settled);
      this.#replace(key, stored, generation, tags, pending);
    });
  }

  /**
   * Removes every entry carrying one of `tags` (reason `'invalidated'`, counted) and drops the
   * flights and sync computations whose entry would carry one (not counted). Returns the entries removed.
   */
  invalidateTags(tags: ReadonlySet<string>): number {
    const index = this.#tags;
    if (index === null) return 0;
    const core = this.core;
    let removed = 0;
    for (const key of index.carrying(tags)) {
      const stored = this.store.table.peek(key);
      const flight = core.inflightCount === 0 ? undefined : core.inflight.get(key);
      this.store.delete(key);
      if (stored === undefined) continue;
      if (flight !== undefined && flight.promise === stored) core.dropFlight(flight, 'invalidated');
      else {
        core.noteRemoval(key, 'invalidated');
        removed++;
      }
    }
    for (const flight of Array.from(core.inflight.values())) {
      if (carriesAny(flight.tags, tags)) core.dropFlight(flight, 'invalidated');
    }
    const computing = this.computing;
    for (let i = 0; i < computing.length; i++) {
      if (carriesAny(this.#computingTags[i], tags)) this.#dropped.push(computing[i]);
    }
    return removed;
  }
}

/** `keys.includes(key)` by SameValueZero, as a `Map` compares keys (NaN finds NaN). @internal */
export function includesKey(keys: readonly CacheKey[], key: CacheKey): boolean {
  for (let i = keys.length - 1; i >= 0; i--) {
    const candidate = keys[i];
    if (candidate === key || (candidate !== candidate && key !== key)) return true;
  }
  return false;
}
