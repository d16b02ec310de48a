import type { ExpirationPolicy } from '../contracts/ExpirationPolicy';
import { FetchTimeoutError } from '../contracts/errors/FetchTimeoutError';
import { InvalidWeightError } from '../contracts/errors/InvalidWeightError';
import type { RemovalReason } from '../contracts/RemovalReason';
import { expiresAtOf } from '../policies/expiration/inlineExpiry';
import type { ResolvedCacheOptions } from './options/resolveCacheOptions';
import { waitForFlight } from './CallerWait';
import type { CoreSetup } from './CoreSetup';
import { keyForReport } from './CompositeKey';
import { Entry, IS_ERROR, REFRESHING, REMOVED } from './Entry';
import type { EntryStore } from './EntryStore';
import { staleChannel, type StaleCause } from './events/channels';
import { ExpiryRule } from './ExpiryRule';
import type { FetchRunner } from './FetchRunner';
import { Flight } from './Flight';
import type { LayoutHost } from './LayoutHost';
import type { CacheKey } from './MethodKey';
import type { ActiveScope } from './scope/cacheScope';
import { outsideScope } from './scope/cacheScope';
import type { SharedCache } from './shared/SharedCache';
import { carriesAny, TagIndex } from './TagIndex';
import { isThenable, markHandled } from './thenable';

/** What starts a flight: a call, a background revalidation, or an explicit refresh. */
interface StartMode {
  readonly background: boolean;
  readonly keepOnFailure: boolean;
}
const CALL: StartMode = { background: false, keepOnFailure: false };
const BACKGROUND: StartMode = { background: true, keepOnFailure: false };
const REFRESH: StartMode = { background: false, keepOnFailure: true };

/**
 * The slow path of a *rich* cache, whose table holds `Entry`s: expiry (resolved once per stored
 * value), the negative cache, the resources an entry owns (`wrapAsyncExitStack`), `cacheIf`, tags
 * (of a cache rich for another reason: a cache with tags alone is plain), stale windows and timeouts (resilience.md), weights (`maxWeight`/`weigh`: each stored result is
 * weighed, the `WeighedEntryStore` evicts to fit), and the per-entry controls.
 *
 * A miss stores a pending entry for its flight; a refetch of a stored entry runs *beside* it (the
 * entry keeps being served where the rules allow: a fresh one to every call during `refresh`, a
 * stale one inside its windows) and is replaced when the refetch stores, or removed when it fails
 * and neither `staleIfError` nor an explicit `refresh` keeps it.
 * @internal
 */
export class RichLayout {
  readonly #options: ResolvedCacheOptions;
  readonly #expiry: ExpiryRule;
  readonly #negativeExpiry: ExpiryRule;
  readonly #storeErrors: boolean;
  readonly #rethrow: boolean;
  /** The longer stale window: an expired entry stays usable this long. */
  readonly #usableMs: number;
  readonly #tags: TagIndex | null;

  /** True when the cache's stored values never expire (its `expiration` is a built-in "never"). */
  static neverExpires(options: ResolvedCacheOptions): boolean {
    return expiresAtOf(options.expiration)?.(0) === Number.POSITIVE_INFINITY;
  }

  /**
   * True when a cache with these options needs `Entry`s: anything but a raw-value memo (tags
   * included: a plain cache indexes them by key), or, in a built-in bounded table (`slottedTable`),
   * a raw-value memo with a fixed built-in expiration (a timed plain cache keeps one deadline per
   * slot, `SlotDeadlines`).
   */
  static needed(options: ResolvedCacheOptions, slottedTable: boolean): boolean {
    const timedPlain = expiresAtOf(options.expiration) !== null && slottedTable;
    return (
      (!RichLayout.neverExpires(options) && !timedPlain) ||
      options.parameters.negativeCache !== false ||
      options.adoption !== null ||
      options.cacheIf !== null ||
      options.weigh !== null ||
      options.staleWhileRevalidateMs !== null ||
      options.staleIfErrorMs !== null ||
      options.timeoutMs !== null ||
      options.hardTimeoutMs !== null ||
      options.shared !== null
    );
  }

  constructor(
    private readonly core: LayoutHost,
    private readonly store: EntryStore,
    private readonly runner: FetchRunner,
    private readonly setup: CoreSetup,
    /** A shared cache's shared-tier side (its flights read and fill the shared tier), or `null`. */
    private readonly shared: SharedCache | null = null,
  ) {
    const options = setup.options;
    this.#options = options;
    const context = { async: setup.async, name: setup.name, factory: setup.expirationFactory };
    this.#expiry = new ExpiryRule(options.expiration, options.parameters.expiration, context);
    this.#negativeExpiry = new ExpiryRule(options.negativeExpiration, options.parameters.negativeExpiration, context);
    this.#storeErrors = options.parameters.negativeCache !== false;
    this.#rethrow = options.parameters.negativeCache === 'rethrow';
    this.#usableMs = Math.max(options.staleWhileRevalidateMs ?? 0, options.staleIfErrorMs ?? 0);
    this.#tags = options.tagsOf === null ? null : new TagIndex();
  }

  // ---- calls ----

  /** A call the hit lookup did not answer (its key not re-entrant). */
  call(key: CacheKey, thisArg: unknown, args: ArrayLike<unknown>, scope: ActiveScope | undefined): unknown {
    const core = this.core;
    if (scope !== undefined && scope.forceRefresh) {
      core.counters.waits++;
      return this.refresh(key, thisArg, args, scope);
    }
    const entry = this.store.table.get(key) as Entry | undefined;
    const flight = core.inflightCount === 0 ? undefined : this.#flightOf(key);
    if (entry === undefined || entry.flight !== null) {
      if (flight !== undefined && flight.promise !== null) {
        core.counters.waits++;
        return this.#join(flight, scope, key);
      }
      core.misses++;
      return this.#start(key, thisArg, args, null, scope, CALL);
    }
    const now = this.setup.clock.now();
    let fresh: boolean;
    try {
      fresh = this.isFresh(entry, now);
    } catch (error) {
      this.store.deleteIfHolding(key, entry);
      void this.retire(entry, 'expired');
      core.counters.waits++;
      return core.fail(error);
    }
    if (fresh) {
      core.hits++;
      return this.#deliver(entry);
    }
    const age = now - this.#expiredAt(entry, now);
    const options = this.#options;
    // After a failure served stale (`staleIfError`), no fetch starts before the backoff has passed.
    const backingOff = now < (entry.extra?.backoffUntil ?? Number.NaN);
    if (options.staleWhileRevalidateMs !== null && age < options.staleWhileRevalidateMs) {
      if (backingOff) return this.#serveStale(entry, 'error');
      if (flight === undefined) this.#revalidate(key, entry, thisArg, args);
      return this.#serveStale(entry, 'revalidate');
    }
    const inErrorWindow = options.staleIfErrorMs !== null && age < options.staleIfErrorMs;
    if (inErrorWindow && backingOff) return this.#serveStale(entry, 'error');
    if (flight !== undefined) {
      if (flight.softFired && inErrorWindow) return this.#serveStale(entry, 'timeout');
      if (flight.promise !== null) {
        core.counters.waits++;
        return this.#join(flight, scope, key);
      }
      // A sync function's deferred background refresh: this call fetches now, in its place.
      core.dropFlight(flight, 'replaced');
      entry.flags &= ~REFRESHING;
    }
    core.counters.waits++;
    return this.#start(key, thisArg, args, entry, scope, CALL);
  }

  /**
   * The flight in progress for `key` that a call may join (this layout's flights refetch and fill
   * `Entry`s). One that every caller has left by aborting is dropped instead (it stores nothing), so
   * that a later call starts afresh rather than inherit another caller's abort.
   */
  #flightOf(key: CacheKey): Flight<Entry> | undefined {
    const flight = this.core.inflight.get(key) as Flight<Entry> | undefined;
    if (flight === undefined || !flight.abandoned) return flight;
    this.core.dropFlight(flight, 'replaced');
    return undefined;
  }

  /** Whether a settled entry is still fresh at `now` (a custom policy may throw). */
  isFresh(entry: Entry, now: number): boolean {
    const policy = entry.extra?.policy ?? null;
    if (policy !== null) return !policy.isExpired(entry.item(), now);
    const expiresAt = entry.extra === null ? entry.until : entry.extra.expiresAt;
    return now < (Number.isNaN(expiresAt) ? entry.until : expiresAt);
  }

  /** When a (known expired) entry expired: its windows count from there. */
  #expiredAt(entry: Entry, now: number): number {
    const extra = entry.extra;
    if (extra !== null) {
      if (extra.policy !== null) {
        if (Number.isNaN(extra.expiredSeenAt)) extra.expiredSeenAt = now;
        return extra.expiredSeenAt;
      }
      if (!Number.isNaN(extra.expiresAt)) return extra.expiresAt;
    }
    return entry.until;
  }

  #deliver(entry: Entry): unknown {
    if (entry.isError && this.#rethrow && !isThenable(entry.value)) throw entry.outcome;
    return entry.value;
  }

  /** Answers a call with a stale entry at once (a hit), counted and published. */
  #serveStale(entry: Entry, cause: StaleCause): unknown {
    this.core.counters.staleHits++;
    this.#publishStale(entry.key, cause);
    return this.#deliver(entry);
  }

  #publishStale(key: CacheKey, cause: StaleCause): void {
    if (staleChannel.hasSubscribers) staleChannel.publish({ cache: this.core.name, key: keyForReport(key), cause });
  }

  /** Starts the one background refresh of a stale entry (sync functions: after the call returns). */
  #revalidate(key: CacheKey, entry: Entry, thisArg: unknown, args: ArrayLike<unknown>): void {
    // Until the refresh ends, hits serve the entry stale at once (the hit lookup reads this flag).
    entry.flags |= REFRESHING;
    if (this.core.async) {
      try {
        this.#start(key, thisArg, args, entry, undefined, BACKGROUND);
      } catch (error) {
        // A method typed async that throws synchronously: #start has reported it; the caller gets the stale result.
        void error;
      }
      return;
    }
    const generation = this.core.generation;
    const copied = Array.prototype.slice.call(args) as unknown[];
    const pending = new Flight<Entry>(key, generation);
    pending.deferred = true;
    pending.background = true;
    pending.current = entry;
    this.core.beginFlight(pending);
    setImmediate(() => {
      outsideScope(() => {
        const core = this.core;
        if (core.inflight.get(key) !== pending) return;
        core.endFlight(pending);
        if (entry.removed || generation !== core.generation) {
          entry.flags &= ~REFRESHING;
          return;
        }
        try {
          this.#start(key, thisArg, copied, entry, undefined, BACKGROUND);
        } catch (error) {
          // #start reports a background failure itself; what reaches here is nobody's to answer.
          void error;
        }
      });
    });
  }

  // ---- flights ----

  /**
   * Starts a flight for `key`: a miss stores a pending entry first; a refetch (`current` set) runs
   * beside the stored entry. Returns what the starting caller gets.
   */
  #start(
    key: CacheKey,
    thisArg: unknown,
    args: ArrayLike<unknown>,
    current: Entry | null,
    scope: ActiveScope | undefined,
    mode: StartMode,
  ): unknown {
    const core = this.core;
    const flight = new Flight<Entry>(key, core.generation);
    flight.current = current;
    flight.background = mode.background;
    flight.keepOnFailure = mode.keepOnFailure && current !== null;
    if (this.#options.cacheIf !== null || this.#options.weigh !== null) {
      flight.args = Array.prototype.slice.call(args) as unknown[];
    }
    const tagsOf = this.#options.tagsOf;
    if (tagsOf !== null) {
      try {
        flight.tags = tagsOf(thisArg, args);
      } catch (error) {
        if (!mode.background) return core.fail(error);
        // Nobody awaits a background refresh: its failure is reported, and the stale entry stays.
        core.report(error, 'refresh', key);
        if (current !== null) current.flags &= ~REFRESHING;
        return undefined;
      }
    }
    if (current === null) {
      const placeholder = new Entry(key, flight);
      flight.placeholder = placeholder;
      const stale = this.store.table.peek(key);
      this.store.put(key, placeholder);
      if (stale instanceof Entry && stale !== placeholder) void this.retire(stale, 'replaced');
    }
    core.beginFlight(flight);
    if (core.async) this.#armSoftTimeout(flight);
    let result: unknown;
    try {
      result =
        this.shared === null
          ? this.runner.invoke(flight, key, thisArg, args)
          : this.shared.run(flight, key, thisArg, args, mode === REFRESH);
    } catch (error) {
      return this.#settleSync(flight, error, true);
    }
    if (isThenable(result)) {
      const promise = this.#settle(flight, result, thisArg, args);
      markHandled(promise);
      flight.promise = promise;
      const answer = mode.background ? promise : this.#join(flight, scope, key);
      if (core.async) this.#armHardTimeout(flight);
      return answer;
    }
    return this.#settleSync(flight, result, false);
  }

  /**
   * Arms a flight's `hardTimeout` abort. Armed after its starting caller's own timer (same delay, so
   * that one fires first): at `hardTimeout` that caller gets its `FetchTimeoutError` (or the stale
   * result), never the failure the abort then causes in the fetch.
   */
  #armHardTimeout(flight: Flight<Entry>): void {
    const hardTimeoutMs = this.#options.hardTimeoutMs;
    if (hardTimeoutMs === null) return;
    flight.after(hardTimeoutMs, () =>
      flight.abort(new FetchTimeoutError(this.core.name, keyForReport(flight.key), hardTimeoutMs)),
    );
  }

  /** Ends a flight (its key takes new flights again); the entry it refetched is no longer refreshing. */
  #end(flight: Flight<Entry>): void {
    this.core.endFlight(flight);
    const current = flight.current;
    if (current !== null) current.flags &= ~REFRESHING;
  }

  /** Arms a flight's soft `timeout` when it has a stale result to fall back on. */
  #armSoftTimeout(flight: Flight<Entry>): void {
    const timeoutMs = this.#options.timeoutMs;
    if (timeoutMs !== null && flight.current !== null && !flight.background) {
      const current = flight.current;
      if (this.#withinErrorWindow(current, this.setup.clock.now())) {
        flight.softTimeout = new Promise((resolve) =>
          flight.after(
            timeoutMs,
            () => {
              flight.softFired = true;
              flight.background = true;
              resolve();
            },
            true,
          ),
        );
      }
    }
  }

  /** The promise a caller of an async flight awaits (its own, when it may leave early). */
  #join(flight: Flight<Entry>, scope: ActiveScope | undefined, key: CacheKey): unknown {
    if (flight.promise === null) return this.core.fail(new Error('unreachable: a sync flight cannot be joined'));
    const hardTimeoutMs = this.#options.hardTimeoutMs;
    const current = flight.current;
    return waitForFlight(flight, {
      signal: scope?.signal,
      hardTimeoutMs,
      onHardTimeout: () => {
        if (current !== null && !current.removed && this.#withinErrorWindow(current, this.setup.clock.now())) {
          this.#publishStale(key, 'timeout');
          return this.#deliver(current);
        }
        throw new FetchTimeoutError(this.core.name, keyForReport(key), hardTimeoutMs!);
      },
      onSoftTimeout:
        current === null
          ? null
          : () => {
              this.#publishStale(key, 'timeout');
              return this.#deliver(current);
            },
    });
  }

  /** `current` is stale at `now`, expired less than `staleIfError` ago. */
  #withinErrorWindow(current: Entry, now: number): boolean {
    const window = this.#options.staleIfErrorMs;
    if (window === null) return false;
    let fresh: boolean;
    try {
      fresh = this.isFresh(current, now);
    } catch {
      // A failing custom check counts as expired (the entry is then judged by its window).
      fresh = false;
    }
    return !fresh && now - this.#expiredAt(current, now) < window;
  }

  /** Concludes a sync run (value or throw) and returns or throws what the caller gets. */
  #settleSync(flight: Flight<Entry>, outcome: unknown, failed: boolean): unknown {
    this.#end(flight);
    const now = this.setup.clock.now();
    if (failed) return this.#failed(flight, outcome, now, () => this.#negativeExpiry.resolveSync(outcome, true, now));
    if (!this.#storable(flight)) return outcome;
    if (!this.#cacheable(flight, outcome)) return outcome;
    const weight = this.#weighed(flight, outcome);
    if (weight < 0) return outcome;
    let policy: ExpirationPolicy;
    try {
      policy = this.#expiry.resolveSync(outcome, false, now);
    } catch (error) {
      this.#discard(flight, 'failed');
      throw error;
    }
    this.#store(flight, outcome, false, policy, now, null, outcome, weight);
    return outcome;
  }

  /** Awaits an async run (with retries) and concludes it; resolves or rejects as callers get it. */
  async #settle(
    flight: Flight<Entry>,
    first: PromiseLike<unknown>,
    thisArg: unknown,
    args: ArrayLike<unknown>,
  ): Promise<unknown> {
    let value: unknown;
    try {
      // A shared flight's promise has its retries applied already (see SharedCache.run).
      value = this.shared === null ? await this.runner.awaitWithRetries(flight, first, thisArg, args) : await first;
    } catch (error) {
      const now = this.setup.clock.now();
      let policy: ExpirationPolicy | null = null;
      if (this.#failureRoute(flight, now) === 'store') {
        try {
          policy = await this.#negativeExpiry.resolveAsync(error, true, now);
        } catch (expiryError) {
          this.#end(flight);
          this.#discard(flight, 'failed');
          throw expiryError;
        }
      }
      this.#end(flight);
      return this.#failed(flight, error, now, () => policy!);
    }
    const { options, disposals } = this.setup;
    const adopted: unknown[] = [];
    let parts: unknown[] | null = null;
    try {
      if (!this.#storable(flight)) {
        // Evicted, cleared or invalidated while in flight: answer the callers, keep nothing, and
        // dispose the value's resources as if it had been stored and evicted (at once on close).
        this.#end(flight);
        if (options.adoption !== null) parts = options.adoption(value, this.setup.lifecycle, adopted);
        this.#disposeLate(flight, parts);
        return value;
      }
      if (!this.#cacheable(flight, value)) {
        this.#end(flight);
        return value;
      }
      const weight = this.#weighed(flight, value);
      if (weight < 0) {
        this.#end(flight);
        return value;
      }
      // Adopt first: whatever fails after this (an expiration that cannot be resolved) disposes it.
      if (options.adoption !== null) parts = options.adoption(value, this.setup.lifecycle, adopted);
      const now = this.setup.clock.now();
      const policy = this.shared?.recordPolicy(flight) ?? (await this.#expiry.resolveAsync(value, false, now));
      this.#end(flight);
      if (!this.#storable(flight)) {
        this.#disposeLate(flight, parts);
        return value;
      }
      const entry = this.#store(flight, value, false, policy, now, parts, flight.promise, weight);
      if (this.shared?.stored(flight, entry, now) === true) this.#revalidate(flight.key, entry, thisArg, args);
    } catch (error) {
      this.#end(flight);
      this.#discard(flight, 'failed');
      const orphans = parts ?? adopted;
      if (orphans.length > 0)
        void disposals.schedule(orphans, 'failed', keyForReport(flight.key), options.closeDelayMs);
      throw error;
    }
    return value;
  }

  /**
   * What a failed fetch does: `'dropped'` (it may not store: the failure goes to its callers),
   * `'stale'` (inside `staleIfError`: the stale result, a backoff, a report), `'keep'` (an explicit
   * refresh: the entry stays, the failure goes to its caller), `'store'` (negative cache) or
   * `'remove'` (the entry it refetched is removed, the failure goes to its callers).
   */
  #failureRoute(flight: Flight<Entry>, now: number): 'dropped' | 'stale' | 'keep' | 'store' | 'remove' {
    if (!this.#storable(flight)) return 'dropped';
    const current = flight.current;
    if (flight.keepOnFailure) return 'keep';
    if (current !== null && !current.removed && this.#withinErrorWindow(current, now)) return 'stale';
    return this.#storeErrors ? 'store' : 'remove';
  }

  /** Concludes a failed fetch by its route; returns or throws what its callers get. */
  #failed(flight: Flight<Entry>, error: unknown, now: number, negativePolicy: () => ExpirationPolicy): unknown {
    const core = this.core;
    switch (this.#failureRoute(flight, now)) {
      case 'dropped':
        this.#discard(flight, null);
        return this.#failure(error);
      case 'stale': {
        const current = flight.current!;
        current.more().backoffUntil = now + (this.#options.staleIfErrorBackoffMs ?? 0);
        core.report(error, 'refresh', flight.key);
        // One message per caller served the stale result: a sync flight's caller, or the callers
        // still waiting on an async one (none for a background refresh).
        const served = flight.promise !== null ? flight.waiting : flight.background ? 0 : 1;
        for (let i = 0; i < served; i++) this.#publishStale(flight.key, 'error');
        return this.#deliver(current);
      }
      case 'keep':
        return this.#failure(error);
      case 'store': {
        let policy: ExpirationPolicy;
        try {
          policy = negativePolicy();
        } catch (expiryError) {
          this.#discard(flight, 'failed');
          throw expiryError;
        }
        const promised = flight.promise !== null;
        const stored = this.#store(flight, error, true, policy, now, null, promised ? flight.promise : error);
        if (flight.background) core.report(error, 'refresh', flight.key);
        // A promise flight's callers get its own promise: it must settle with the error, not adopt itself.
        return promised ? this.#failure(error) : this.#deliver(stored);
      }
      case 'remove':
        this.#discard(flight, 'failed');
        if (flight.background) core.report(error, 'refresh', flight.key);
        throw error;
    }
  }

  /** A failure as a caller gets it: returned under `negativeCache: true`, thrown otherwise. */
  #failure(error: unknown): unknown {
    if (this.#storeErrors && !this.#rethrow) return error;
    throw error;
  }

  /** The flight may still store (not dropped, not cleared since, its pending entry not evicted). */
  #storable(flight: Flight<Entry>): boolean {
    return flight.dropped === null && flight.generation === this.core.generation && !flight.placeholder?.removed;
  }

  /** `cacheIf` allows storing `value`; a throw is reported and stores nothing. */
  #cacheable(flight: Flight<Entry>, value: unknown): boolean {
    const cacheIf = this.#options.cacheIf;
    if (cacheIf === null) return true;
    let keep: boolean;
    try {
      keep = cacheIf(value, flight.args!) === true;
    } catch (error) {
      this.core.report(error, 'cacheIf', flight.key);
      keep = false;
    }
    if (!keep) this.#discard(flight, null);
    return keep;
  }

  /** `value`'s weight (0 without a weight bound), or -1, having discarded the flight, when it may not be stored. */
  #weighed(flight: Flight<Entry>, value: unknown): number {
    if (this.#options.weigh === null) return 0;
    const weight = this.#weightOf(flight.key, value, flight.args!);
    if (weight < 0) this.#discard(flight, null);
    return weight;
  }

  /**
   * The weight `weigh` gives `value`, or -1 when it may not be stored: `weigh` threw or returned
   * something other than a non-negative finite number (reported, operation `'weigh'`), or the value
   * is heavier than `maxWeight` (returned to its callers, never stored).
   */
  #weightOf(key: CacheKey, value: unknown, args: readonly unknown[]): number {
    let weight: unknown;
    try {
      weight = this.#options.weigh!(value, args);
    } catch (error) {
      this.core.report(error, 'weigh', key);
      return -1;
    }
    if (typeof weight !== 'number' || !(weight >= 0) || weight === Number.POSITIVE_INFINITY) {
      this.core.report(new InvalidWeightError(this.core.name, keyForReport(key), weight), 'weigh', key);
      return -1;
    }
    return weight > this.#options.parameters.maxWeight! ? -1 : weight;
  }

  /**
   * Nothing is stored for `flight`: its pending entry leaves the table (uncounted: a flight is no
   * entry), and with `reason` the entry it refetched is removed too (a failed refetch: `'failed'`).
   */
  #discard(flight: Flight<Entry>, reason: RemovalReason | null): void {
    const placeholder = flight.placeholder;
    if (placeholder !== null && !placeholder.removed) {
      placeholder.flags |= REMOVED;
      placeholder.flight = null;
      this.store.deleteIfHolding(placeholder.key, placeholder);
    }
    const current = flight.current;
    if (reason !== null && current !== null && !current.removed) {
      this.store.deleteIfHolding(current.key, current);
      void this.retire(current, reason);
    }
  }

  /** Resources of a result that may no longer be stored: disposed as if evicted (or at once on close). */
  #disposeLate(flight: Flight<Entry>, parts: unknown[] | null): void {
    if (parts === null || parts.length === 0) return;
    const closing = flight.dropped === 'unbound';
    const reason: RemovalReason = closing ? 'unbound' : (flight.dropped ?? 'evicted');
    void this.setup.disposals.schedule(
      parts,
      reason === 'cleared' ? 'evicted' : reason,
      keyForReport(flight.key),
      closing ? null : this.setup.options.closeDelayMs,
    );
  }

  /** Stores a flight's outcome as the key's entry (its pending one, or a new one replacing `current`). */
  #store(
    flight: Flight<Entry>,
    outcome: unknown,
    isError: boolean,
    policy: ExpirationPolicy,
    now: number,
    parts: unknown[] | null,
    value: unknown,
    weight = 0,
  ): Entry {
    const placeholder = flight.placeholder;
    // A refetch beside a stored entry stores late: under the key's live form (its entry may have left meanwhile).
    const key = placeholder === null ? this.store.liveKey(flight.key) : flight.key;
    const entry = placeholder ?? new Entry(key, null);
    this.#fill(entry, outcome, isError, policy, now, parts, flight.tags, value);
    const previous = placeholder === null ? this.store.table.peek(key) : undefined;
    this.store.put(key, entry, false, weight);
    const current = flight.current;
    if (current !== null && current !== entry && !current.removed) {
      keepShared(current, parts);
      void this.retire(current, 'replaced');
    }
    // What a call stored after the refetched entry left (another flight's pending entry) is replaced too.
    if (previous instanceof Entry && previous !== entry && previous !== current) void this.retire(previous, 'replaced');
    return entry;
  }

  /** Fills `entry` with a settled outcome, its expiry, resources and tags. */
  #fill(
    entry: Entry,
    outcome: unknown,
    isError: boolean,
    policy: ExpirationPolicy,
    now: number,
    parts: unknown[] | null,
    tags: readonly string[] | null,
    value: unknown,
  ): void {
    entry.flight = null;
    entry.outcome = outcome;
    entry.value = value;
    entry.flags = isError ? IS_ERROR : 0;
    const inline = expiresAtOf(policy);
    if (inline !== null) {
      const expiresAt = inline(now);
      if (isError && this.#rethrow && !isThenable(value)) {
        entry.until = Number.NaN;
        entry.more().expiresAt = expiresAt;
      } else {
        entry.until = expiresAt;
      }
    } else {
      entry.until = Number.NaN;
      const extra = entry.more();
      extra.policy = policy;
      extra.fetchedAt = now;
    }
    if (parts !== null) entry.more().parts = parts;
    if (tags !== null && this.#tags !== null) {
      entry.more().tags = tags;
      this.#tags.add(entry, tags);
    }
  }

  /**
   * Marks an entry gone, counts and publishes its removal, forgets its tags and disposes what it
   * owns. A pending entry is no entry yet: its flight is dropped instead (it will store nothing).
   */
  retire(entry: Entry, reason: RemovalReason): Promise<void> | undefined {
    if (entry.removed) return undefined;
    entry.flags |= REMOVED;
    const flight = entry.flight;
    if (flight !== null) {
      this.core.dropFlight(flight, reason);
      return undefined;
    }
    this.core.noteRemoval(entry.key, reason);
    const extra = entry.extra;
    if (extra === null) return undefined;
    if (extra.tags !== null) this.#tags?.remove(entry, extra.tags);
    const parts = extra.parts;
    if (parts === null) return undefined;
    extra.parts = null;
    const delay = reason === 'unbound' ? null : this.setup.options.closeDelayMs;
    return this.setup.disposals.schedule(parts, reason, keyForReport(entry.key), delay);
  }

  // ---- per-entry controls ----

  /** {@inheritDoc CacheControls.peek} */
  peek(key: CacheKey): unknown {
    const entry = this.store.table.peek(key) as Entry | undefined;
    if (entry === undefined || entry.flight !== null || !this.#freshNow(entry)) return undefined;
    return entry.value;
  }

  /** {@inheritDoc CacheControls.has} */
  has(key: CacheKey): boolean {
    const entry = this.store.table.peek(key) as Entry | undefined;
    return entry !== undefined && entry.flight === null && this.#freshNow(entry);
  }

  #freshNow(entry: Entry): boolean {
    try {
      return this.isFresh(entry, this.setup.clock.now());
    } catch {
      // A failing custom check: not fresh (a call would drop it).
      return false;
    }
  }

  /** {@inheritDoc CacheControls.refresh} */
  refresh(key: CacheKey, thisArg: unknown, args: ArrayLike<unknown>, scope: ActiveScope | undefined): unknown {
    const flight = this.#flightOf(key);
    if (flight !== undefined && flight.promise !== null) return this.#join(flight, scope, key);
    const entry = this.store.table.peek(key) as Entry | undefined;
    const current = entry !== undefined && entry.flight === null ? entry : null;
    return this.#start(key, thisArg, args, current, scope, REFRESH);
  }

  /** {@inheritDoc CacheControls.set} */
  set(key: CacheKey, value: unknown, thisArg: unknown, args: ArrayLike<unknown>): Promise<void> | undefined {
    const tagsOf = this.#options.tagsOf;
    let tags: readonly string[] | null = null;
    try {
      if (tagsOf !== null) tags = tagsOf(thisArg, args);
    } catch (error) {
      return this.core.fail(error);
    }
    const generation = this.core.generation;
    if (!this.core.async) {
      const weight = this.#weighedForSet(key, value, args);
      if (weight < 0) return undefined;
      const now = this.setup.clock.now();
      this.#replace(key, value, this.#expiry.resolveSync(value, false, now), now, null, tags, value, weight);
      return undefined;
    }
    return (async () => {
      const settled = await value;
      if (generation !== this.core.generation) return;
      const weight = this.#weighedForSet(key, settled, args);
      if (weight < 0) return;
      const { adoption } = this.#options;
      const parts = adoption === null ? null : adoption(settled, this.setup.lifecycle);
      const now = this.setup.clock.now();
      const policy = await this.#expiry.resolveAsync(settled, false, now);
      if (generation !== this.core.generation) {
        if (parts !== null && parts.length > 0)
          void this.setup.disposals.schedule(parts, 'evicted', keyForReport(key), this.#options.closeDelayMs);
        return;
      }
      this.#replace(key, settled, policy, now, parts, tags, Promise.resolve(settled), weight);
    })();
  }

  /**
   * The weight of a value `set` stores (0 without a weight bound), or -1 when it may not be stored
   * (see `#weightOf`): the entry it would have replaced is removed then ('replaced'), so that no
   * read returns what `set` meant to overwrite.
   */
  #weighedForSet(key: CacheKey, value: unknown, args: ArrayLike<unknown>): number {
    if (this.#options.weigh === null) return 0;
    const weight = this.#weightOf(key, value, Array.prototype.slice.call(args) as unknown[]);
    if (weight >= 0) return weight;
    const previous = this.store.table.peek(key);
    if (previous instanceof Entry && previous.flight === null) {
      this.store.deleteIfHolding(key, previous);
      void this.retire(previous, 'replaced');
    }
    return -1;
  }

  /** Stores a new settled entry under `key`, retiring whatever the table held there ('replaced'). */
  #replace(
    stale: CacheKey,
    outcome: unknown,
    policy: ExpirationPolicy,
    now: number,
    parts: unknown[] | null,
    tags: readonly string[] | null,
    value: unknown,
    weight: number,
  ): void {
    const key = this.store.liveKey(stale);
    const previous = this.store.table.peek(key);
    const entry = new Entry(key, null);
    this.#fill(entry, outcome, false, policy, now, parts, tags, value);
    this.store.put(key, entry, false, weight);
    if (previous instanceof Entry && previous !== entry) {
      keepShared(previous, parts);
      void this.retire(previous, 'replaced');
    }
  }

  /** Removes every entry carrying one of `tags` and drops tagged flights; returns the entries removed. */
  invalidateTags(tags: ReadonlySet<string>): number {
    if (this.#tags === null) return 0;
    let removed = 0;
    for (const entry of this.#tags.carrying(tags)) {
      if (entry.removed) continue;
      this.store.deleteIfHolding(entry.key, entry);
      void this.retire(entry, 'invalidated');
      removed++;
    }
    for (const flight of Array.from(this.core.inflight.values()) as Flight<Entry>[]) {
      if (!carriesAny(flight.tags, tags)) continue;
      this.core.dropFlight(flight, 'invalidated');
      const placeholder = flight.placeholder;
      if (placeholder !== null && !placeholder.removed) {
        this.store.deleteIfHolding(placeholder.key, placeholder);
        placeholder.flags |= REMOVED;
      }
    }
    return removed;
  }

  /** Removes the entries past every window at `now` (disposing their resources); returns the disposals. */
  sweep(now: number): Promise<void>[] {
    const disposals: Promise<void>[] = [];
    for (const [, value] of Array.from(this.store.table.entries())) {
      const entry = value as Entry;
      if (entry.flight !== null) continue;
      let usable: boolean;
      try {
        usable = this.isFresh(entry, now) || now - this.#expiredAt(entry, now) < this.#usableMs;
      } catch {
        // A failing custom expiry check counts as expired: the entry goes rather than hang the key.
        usable = false;
      }
      if (!usable) {
        this.store.delete(entry.key);
        const settled = this.retire(entry, 'expired');
        if (settled !== undefined) disposals.push(settled);
      }
    }
    return disposals;
  }
}

/**
 * A new value may hand back the very resource of the entry it replaces (a shared client, a `set` of
 * the stored value): that part stays with the new entry and is not disposed with the old one.
 */
function keepShared(replaced: Entry, parts: readonly unknown[] | null): void {
  const old = replaced.extra?.parts ?? null;
  if (parts !== null && old !== null) replaced.extra!.parts = old.filter((part) => !parts.includes(part));
}
