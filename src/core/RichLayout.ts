import { expiresAtOf } from '../policies/expiration/inlineExpiry';
import type { ResolvedCacheOptions } from './options/resolveCacheOptions';
import type { CoreSetup } from './CoreSetup';
import { keyForReport } from './CompositeKey';
import { Entry, REFRESHING } from './Entry';
import type { EntryStore } from './EntryStore';
import type { FetchRunner } from './FetchRunner';
import type { Flight } from './Flight';
import type { LayoutHost } from './LayoutHost';
import type { CacheKey } from './MethodKey';
import { EntryRules } from './rich/EntryRules';
import { EntryWriter } from './rich/EntryWriter';
import { FlightWaits } from './rich/FlightWaits';
import { ResultGate } from './rich/ResultGate';
import { CALL, REFRESH, RichFlights } from './rich/RichFlights';
import type { ActiveScope } from './scope/cacheScope';
import type { SharedCache } from './shared/SharedCache';
import type { RemovalReason } from '../contracts/RemovalReason';
import { MISS } from './sentinels';

/**
 * The slow path of a *rich* cache, whose table holds `Entry`s: expiry (resolved once per stored
 * value), the negative cache, the resources an entry owns (`wrapAsyncExitStack`), `cacheIf`, tags
 * (of a cache rich for another reason: a cache with tags alone is plain), stale windows and timeouts
 * (resilience.md), weights (`maxWeight`/`weigh`), the shared tier, and the per-entry controls.
 *
 * A miss stores a pending entry for its flight; a refetch of a stored entry runs *beside* it (the
 * entry keeps being served where the rules allow: a fresh one to every call during `refresh`, a
 * stale one inside its windows) and is replaced when the refetch stores, or removed when it fails
 * and neither `staleIfError` nor an explicit `refresh` keeps it. The work is shared out: what an
 * entry may answer (`EntryRules`), writing and retiring entries (`EntryWriter`), whether a result may
 * be stored (`ResultGate`), waiting and stale serving (`FlightWaits`), the flights (`RichFlights`).
 * @internal
 */
export class RichLayout {
  readonly #options: ResolvedCacheOptions;
  readonly #rules: EntryRules;
  readonly #writer: EntryWriter;
  readonly #gate: ResultGate;
  readonly #waits: FlightWaits;
  readonly #flights: RichFlights;

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
    runner: FetchRunner,
    private readonly setup: CoreSetup,
    /** A shared cache's shared-tier side (its flights read and fill the shared tier), or `null`. */
    shared: SharedCache | null = null,
  ) {
    const options = setup.options;
    this.#options = options;
    this.#rules = new EntryRules(options);
    this.#writer = new EntryWriter(core, store, setup, this.#rules);
    this.#gate = new ResultGate(core, store, options, this.#writer);
    this.#waits = new FlightWaits(core, options, this.#rules, setup.clock);
    this.#flights = new RichFlights(
      core,
      store,
      runner,
      setup,
      this.#rules,
      this.#writer,
      this.#gate,
      this.#waits,
      shared,
    );
  }

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
        return this.#waits.join(flight, scope, key);
      }
      core.misses++;
      return this.#flights.start(key, thisArg, args, null, scope, CALL);
    }
    const rules = this.#rules;
    const now = this.setup.clock.now();
    let fresh: boolean;
    try {
      fresh = rules.isFresh(entry, now);
    } catch (error) {
      void this.#writer.remove(entry, 'expired');
      core.counters.waits++;
      return core.fail(error);
    }
    if (fresh) {
      core.hits++;
      return rules.deliver(entry);
    }
    const age = now - rules.expiredAt(entry, now);
    const options = this.#options;
    // After a failure served stale (`staleIfError`), no fetch starts before the backoff has passed.
    const backingOff = now < (entry.extra?.backoffUntil ?? Number.NaN);
    if (options.staleWhileRevalidateMs !== null && age < options.staleWhileRevalidateMs) {
      if (backingOff) return this.#waits.serveStale(entry, 'error');
      if (flight === undefined) this.#flights.revalidate(key, entry, thisArg, args);
      return this.#waits.serveStale(entry, 'revalidate');
    }
    const inErrorWindow = options.staleIfErrorMs !== null && age < options.staleIfErrorMs;
    if (inErrorWindow && backingOff) return this.#waits.serveStale(entry, 'error');
    if (flight !== undefined) {
      if (flight.softFired && inErrorWindow) return this.#waits.serveStale(entry, 'timeout');
      if (flight.promise !== null) {
        core.counters.waits++;
        return this.#waits.join(flight, scope, key);
      }
      // A sync function's deferred background refresh: this call fetches now, in its place.
      core.dropFlight(flight, 'replaced');
      entry.flags &= ~REFRESHING;
    }
    core.counters.waits++;
    return this.#flights.start(key, thisArg, args, entry, scope, CALL);
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

  /** Marks an entry gone, counts and publishes its removal, forgets its tags and disposes what it owns. */
  retire(entry: Entry, reason: RemovalReason): Promise<void> | undefined {
    return this.#writer.retire(entry, reason);
  }

  // ---- per-entry controls ----

  /** {@inheritDoc CacheControls.peek} */
  peek(key: CacheKey): unknown {
    const entry = this.store.table.peek(key) as Entry | undefined;
    if (entry === undefined || entry.flight !== null) return undefined;
    return this.#rules.isFreshSafe(entry, this.setup.clock.now()) ? entry.value : undefined;
  }

  /** {@inheritDoc CacheControls.has} */
  has(key: CacheKey): boolean {
    const entry = this.store.table.peek(key) as Entry | undefined;
    return entry !== undefined && entry.flight === null && this.#rules.isFreshSafe(entry, this.setup.clock.now());
  }

  /**
   * A fresh hit for `key` (counted, recency refreshed), or `MISS` when the call would wait, fetch or
   * be served stale: how the slow path answers a call whose signal has already aborted.
   */
  freshHit(key: CacheKey): unknown {
    if (!this.has(key)) return MISS;
    const entry = this.store.table.get(key) as Entry;
    this.core.hits++;
    return this.#rules.deliver(entry);
  }

  /** {@inheritDoc CacheControls.refresh} */
  refresh(key: CacheKey, thisArg: unknown, args: ArrayLike<unknown>, scope: ActiveScope | undefined): unknown {
    const flight = this.#flightOf(key);
    if (flight !== undefined && flight.promise !== null) return this.#waits.join(flight, scope, key);
    const entry = this.store.table.peek(key) as Entry | undefined;
    const current = entry !== undefined && entry.flight === null ? entry : null;
    return this.#flights.start(key, thisArg, args, current, scope, REFRESH);
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
    const expiry = this.#flights.expiry;
    const generation = this.core.generation;
    if (!this.core.async) {
      const weight = this.#gate.weighedForSet(key, value, args);
      if (weight < 0) return undefined;
      const now = this.setup.clock.now();
      const policy = expiry.resolveSync(value, false, now);
      this.#writer.replace(key, { outcome: value, isError: false, policy, now, parts: null, value, weight }, tags);
      return undefined;
    }
    return (async () => {
      const settled = await value;
      if (generation !== this.core.generation) return;
      const weight = this.#gate.weighedForSet(key, settled, args);
      if (weight < 0) return;
      const { adoption, closeDelayMs } = this.#options;
      const parts = adoption === null ? null : adoption(settled, this.setup.lifecycle);
      const now = this.setup.clock.now();
      const policy = await expiry.resolveAsync(settled, false, now);
      if (generation !== this.core.generation) {
        if (parts !== null && parts.length > 0)
          void this.setup.disposals.schedule(parts, 'evicted', keyForReport(key), closeDelayMs);
        return;
      }
      const stored = { outcome: settled, isError: false, policy, now, parts, value: Promise.resolve(settled), weight };
      this.#writer.replace(key, stored, tags);
    })();
  }

  /** Removes every entry carrying one of `tags` and drops tagged flights; returns the entries removed. */
  invalidateTags(tags: ReadonlySet<string>): number {
    return this.#writer.invalidateTags(tags);
  }

  /** Removes the entries past every window at `now` (disposing their resources); returns the disposals. */
  sweep(now: number): Promise<void>[] {
    const disposals: Promise<void>[] = [];
    for (const [, value] of Array.from(this.store.table.entries())) {
      const entry = value as Entry;
      if (entry.flight !== null || this.#rules.isUsable(entry, now)) continue;
      this.store.delete(entry.key);
      const settled = this.#writer.retire(entry, 'expired');
      if (settled !== undefined) disposals.push(settled);
    }
    return disposals;
  }
}
