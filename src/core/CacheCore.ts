import { types } from 'node:util';
import { DateTime } from 'luxon';
import type { CacheControls, CacheInfo, CacheParameters, RemovalReason } from '../api/types';
import { ReentrantCallError } from '../api/errors/ReentrantCallError';
import type { Clock } from '../api/Clock';
import { SystemClock } from '../api/SystemClock';
import type { EvictionTable } from '../policies/eviction/EvictionTable';
import { LeastRecentlyUsedTable } from '../policies/eviction/LeastRecentlyUsedTable';
import type { ExpirationPolicy } from '../policies/expiration/ExpirationPolicy';
import { expiresAtOf } from '../policies/expiration/inlineExpiry';
import { encodeArgs, encodeKey } from '../strategies/encoding/encodeKey';
import type { CoreSetup } from './CoreSetup';
import { Entry } from './Entry';
import { Flight } from './Flight';
import { instancePrefix, methodKey } from './instanceKeys';
import { isComputingFlight, trackFlight } from './reentrancy';
import { isThenable, markHandled } from './thenable';
import { ExpiryRule } from './ExpiryRule';
import { FetchRunner } from './FetchRunner';
import { MethodKey, type CacheKey } from './MethodKey';
import { InstanceBinding } from './InstanceBinding';

const NOT_FOUND: unique symbol = Symbol('cachewright.miss');
/** Returned by a hit lookup when the slow path must decide. @internal */
export const MISS: typeof NOT_FOUND = NOT_FOUND;
/** Stands for a stored `undefined` in plain tables (where `undefined` means "absent"). @internal */
const UNDEFINED_VALUE = Symbol('cachewright.undefined');

/**
 * The cache of one wrapped function (or one decorated method in one manager): the entry table,
 * single flight, expiry, negative caching, retries, statistics and resource disposal.
 *
 * Two table layouts: a *plain* cache (no expiry, no negative cache, no resources) stores raw values
 * (or the shared promise) to stay as small as a hand-written memo; a *rich* one stores `Entry`s.
 * @internal
 */
export class CacheCore {
  hits = 0;
  misses = 0;
  /** Flights whose function has not settled, by key. */
  readonly inflight = new Map<CacheKey, Flight>();
  /** `inflight.size`, kept as a plain field for the hit path. */
  inflightCount = 0;
  /** The hit lookup, specialised for the layout and clock: a value, or `MISS`. */
  readonly lookup: (key: CacheKey) => unknown;
  /** `lookup` for a decorated method's `MethodKey`: by its slot handle in the built-in LRU table. */
  readonly lookupMethodKey: (key: MethodKey) => unknown;
  readonly table: EvictionTable<CacheKey, unknown> | null;
  readonly rich: boolean;
  readonly parameters: CacheParameters;
  readonly async: boolean;
  readonly enabled: boolean;
  /** The key is the built-in default, computed inline. */
  readonly inlineKey: boolean;
  /** Calls may be answered by `lookup` alone (no sweep due at the start of a call). */
  readonly fastPath: boolean;
  /** The controls of a decorated method's cache in its manager (set by the manager). */
  controls: CacheControls<unknown> | null = null;
  #generation = 0;
  #lastSweep = 0;
  readonly #setup: CoreSetup;
  readonly #runner: FetchRunner;
  readonly #expiry: ExpiryRule;
  readonly #negativeExpiry: ExpiryRule;
  readonly #storeErrors: boolean;
  readonly #rethrow: boolean;
  readonly #reapInstances: FinalizationRegistry<string> | null;
  #deadPrefixes: string[] = [];
  /** Evicted entries own resources (rich) or method keys to release. */
  readonly #tracksEvictions: boolean;
  /** Keys whose sync function is computing right now (innermost last). */
  readonly #computing: CacheKey[] = [];
  /** The table when it is the built-in LRU (exact class, no Proxy): stored to without allocating. */
  readonly #lru: LeastRecentlyUsedTable<CacheKey, unknown> | null;
  /** What an eviction from `#lru` must release (`null`: nothing, see `#tracksEvictions`). */
  readonly #onEvict: ((key: CacheKey, value: unknown) => void) | null;
  /** A sync function's plain cache (see `callKeyed`). */
  readonly #plainSync: boolean;
  /** The wrapped function, and whether a failed call may be retried (else it is called directly). */
  readonly #fn: (...args: never[]) => unknown;
  readonly #retries: boolean;
  readonly #clock: Clock;

  constructor(setup: CoreSetup) {
    this.#setup = setup;
    const { options } = setup;
    this.parameters = options.parameters;
    this.async = setup.async;
    this.enabled = options.parameters.enabled && options.parameters.maxsize !== 0;
    this.inlineKey = setup.keyStrategy === null;
    this.fastPath = options.autoRemovalPeriodMs === null;
    const context = { async: setup.async, name: setup.name, factory: setup.expirationFactory };
    this.#expiry = new ExpiryRule(options.expiration, options.parameters.expiration, context);
    this.#negativeExpiry = new ExpiryRule(options.negativeExpiration, options.parameters.negativeExpiration, context);
    this.#runner = new FetchRunner(setup);
    this.#storeErrors = options.parameters.negativeCache !== false;
    this.#rethrow = options.parameters.negativeCache === 'rethrow';
    this.rich = !(this.#expiry.never && !this.#storeErrors && options.adoption === null);
    this.table = this.enabled ? setup.eviction.createTable<CacheKey, unknown>(options.parameters.maxsize) : null;
    this.#tracksEvictions = this.rich || (setup.isMethod && this.inlineKey);
    this.#lru = isBuiltIn(this.table, LeastRecentlyUsedTable)
      ? (this.table as LeastRecentlyUsedTable<CacheKey, unknown>)
      : null;
    this.#onEvict = this.#tracksEvictions ? (key, value) => this.#evictedOne(key, value) : null;
    this.#plainSync = !this.rich && !this.async;
    this.#fn = setup.fn;
    this.#clock = setup.clock;
    this.#retries = options.parameters.retryCount > 0;
    this.lookup = this.#buildLookup(false);
    this.lookupMethodKey = this.#lru === null ? this.lookup : this.#buildLookup(true);
    this.#reapInstances =
      setup.isMethod && this.inlineKey && this.enabled
        ? new FinalizationRegistry<string>((prefix) => this.#onInstanceCollected(prefix))
        : null;
  }

  /**
   * The hit lookup for the layout and clock, by key or (for a `MethodKey` in the built-in LRU) by
   * slot handle. Each variant calls methods only (no captured closure): V8 then inlines the same
   * optimised code for every cache, however many are wrapped.
   */
  #buildLookup(byMethodKey: boolean): (key: CacheKey) => unknown {
    const table = this.table;
    if (table === null) return () => NOT_FOUND;
    const lru = this.#lru!;
    if (!this.rich) {
      return byMethodKey
        ? (key) => {
            if (this.inflightCount !== 0) return NOT_FOUND;
            const stored = (key as MethodKey).stored;
            if (stored !== undefined) lru.refresh((key as MethodKey).slot);
            return this.#plainHit(stored);
          }
        : (key) => (this.inflightCount !== 0 ? NOT_FOUND : this.#plainHit(table.get(key)));
    }
    const clock = this.#setup.clock;
    if (clock.constructor === SystemClock && !types.isProxy(clock)) {
      return byMethodKey
        ? (key) =>
            this.#refreshedHit(lru, key as MethodKey, this.#freshNow((key as MethodKey).stored as Entry | undefined))
        : (key) => this.#freshNow(table.get(key) as Entry | undefined);
    }
    return byMethodKey
      ? (key) =>
          this.#refreshedHit(lru, key as MethodKey, this.#freshByClock((key as MethodKey).stored as Entry | undefined))
      : (key) => this.#freshByClock(table.get(key) as Entry | undefined);
  }

  /** A rich hit found through a `MethodKey`: refreshes its recency (as the table's `get` would). */
  #refreshedHit(lru: LeastRecentlyUsedTable<CacheKey, unknown>, key: MethodKey, value: unknown): unknown {
    if (value !== NOT_FOUND) lru.refresh(key.slot);
    return value;
  }

  /** A plain table's stored value as a hit (counted), or `MISS`. */
  #plainHit(value: unknown): unknown {
    if (value === undefined) return NOT_FOUND;
    this.hits++;
    return value === UNDEFINED_VALUE ? undefined : value;
  }

  /** A rich entry's value if it is fresh by `Date.now()` (the inlined `SystemClock`), else `MISS`. */
  #freshNow(entry: Entry | undefined): unknown {
    if (entry === undefined || !(Date.now() < entry.until)) return NOT_FOUND;
    this.hits++;
    return entry.value;
  }

  /** A rich entry's value if it is fresh by the bound `Clock`, else `MISS`. */
  #freshByClock(entry: Entry | undefined): unknown {
    if (entry === undefined || !(this.#clock.now() < entry.until)) return NOT_FOUND;
    this.hits++;
    return entry.value;
  }

  /** Binds a decorated method's instance (its key prefix, and cleanup once it is collected). */
  bindInstance(instance: object): InstanceBinding {
    if (!this.inlineKey) return new InstanceBinding(this, null);
    const prefix = instancePrefix(instance);
    this.#reapInstances?.register(instance, prefix);
    return new InstanceBinding(this, prefix);
  }

  /** The table key of a call. Throws `KeyEncodingError` (or the key function's error). */
  keyOf(thisArg: unknown, args: ArrayLike<unknown>, binding: InstanceBinding | null): CacheKey | MethodKey {
    const strategy = this.#setup.keyStrategy;
    if (strategy === null) {
      if (binding !== null && binding.prefix !== null) {
        const arg = args[0];
        if (args.length === 1 && (typeof arg === 'string' || typeof arg === 'number')) return binding.keyOf(arg);
        return methodKey(binding.prefix, args);
      }
      return args.length === 1 ? encodeKey(args[0], 0) : encodeArgs(args);
    }
    const raw = strategy.keyFor({
      thisArg: this.#setup.isMethod ? thisArg : undefined,
      args: Array.prototype.slice.call(args) as unknown[],
    });
    return encodeKey(raw, -1);
  }

  /** Fails a call the way its kind fails: a rejected promise for async functions, a throw otherwise. */
  fail(error: unknown): never | Promise<never> {
    // The caller's own error (or thrown value) is passed on untouched, Error or not (DESIGN.md §6).
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    if (this.async) return Promise.reject(error);
    throw error;
  }

  /** `call` for a wrapped function's own arguments, passed spread (see `buildCachedFunction`). */
  callSpread(thisArg: unknown, ...args: unknown[]): unknown {
    return this.call(thisArg, args, null);
  }

  /**
   * The slow path of a wrapped function's call whose one string or number argument is its own key
   * and whose `lookup` just missed (see `buildCachedFunction`). A sync plain cache with nothing in
   * flight or computing skips straight to the fetch: `lookup` has proven the key absent.
   */
  callKeyed(thisArg: unknown, arg: string | number): unknown {
    if (!this.#plainSync || this.inflightCount !== 0 || this.#computing.length !== 0) {
      return this.call(thisArg, [arg], null);
    }
    this.misses++;
    return this.#fetchPlainSync(this.table!, encodeKey(arg, 0), thisArg, null, arg);
  }

  /** `call` for a decorated method's own arguments, passed spread (see `MethodDefinition`). */
  callMethodSpread(thisArg: unknown, binding: InstanceBinding, ...args: unknown[]): unknown {
    return this.call(thisArg, args, binding);
  }

  /** The slow path of a call: everything the hit lookup did not answer. */
  call(thisArg: unknown, args: ArrayLike<unknown>, binding: InstanceBinding | null): unknown {
    const table = this.table;
    if (table === null) {
      this.misses++;
      return this.#setup.fn.apply(thisArg, args as never);
    }
    const period = this.#setup.options.autoRemovalPeriodMs;
    if (period !== null) {
      const now = this.#setup.clock.now();
      if (this.#lastSweep === 0 || now - this.#lastSweep >= period) void this.sweep(now);
    }
    let key: CacheKey;
    try {
      key = this.keyOf(thisArg, args, binding);
    } catch (error) {
      return this.fail(error);
    }
    const flight = this.inflight.get(key);
    if (
      (flight !== undefined && (flight.promise === null || isComputingFlight(flight))) ||
      (this.#computing.length !== 0 && includesKey(this.#computing, key))
    ) {
      this.hits++;
      return this.fail(new ReentrantCallError(this.#setup.name, key));
    }
    return this.rich ? this.#callRich(table, key, thisArg, args) : this.#callPlain(table, key, thisArg, args);
  }

  #callPlain(
    table: EvictionTable<CacheKey, unknown>,
    key: CacheKey,
    thisArg: unknown,
    args: ArrayLike<unknown>,
  ): unknown {
    const stored = table.get(key);
    if (stored !== undefined) {
      this.hits++;
      return stored === UNDEFINED_VALUE ? undefined : stored;
    }
    this.misses++;
    if (!this.async) return this.#fetchPlainSync(table, key, thisArg, args, undefined);
    const flight = new Flight(key, this.#generation);
    this.#beginFlight(flight);
    let result: unknown;
    try {
      result = this.#runner.invoke(flight, thisArg, args);
    } catch (error) {
      this.#endFlight(flight);
      forgetKey(key);
      return this.fail(error);
    }
    return this.#storePlain(table, flight, result, thisArg, args);
  }

  /**
   * A miss of a sync function in a plain cache: no `Flight` unless it returns a promise. While it
   * computes, its key is on `#computing`, where a re-entrant call finds it. `args` is `null` for a
   * one-argument call (`arg`), whose array is built only if a promise comes back.
   */
  #fetchPlainSync(
    table: EvictionTable<CacheKey, unknown>,
    key: CacheKey,
    thisArg: unknown,
    args: ArrayLike<unknown> | null,
    arg: unknown,
  ): unknown {
    const computing = this.#computing;
    const generation = this.#generation;
    computing.push(key);
    let result: unknown;
    try {
      if (args !== null) result = this.#runner.invoke(null, thisArg, args);
      else result = this.#retries ? this.#runner.invokeOne(thisArg, arg) : this.#fn.call(thisArg, arg as never);
    } catch (error) {
      forgetKey(key);
      throw error;
    } finally {
      computing.pop();
    }
    if (isThenable(result)) {
      const flight = new Flight(key, this.#generation);
      this.#beginFlight(flight);
      return this.#storePlain(table, flight, result, thisArg, args ?? [arg]);
    }
    // Cleared while computing (by the function itself): answer, keep nothing. Otherwise the key is
    // still absent (lookup missed; a re-entrant call for it threw rather than stored).
    if (generation === this.#generation) this.#put(table, key, result === undefined ? UNDEFINED_VALUE : result, true);
    else forgetKey(key);
    return result;
  }

  /** Stores a plain miss's result: the shared promise (settled later) or the value. */
  #storePlain(
    table: EvictionTable<CacheKey, unknown>,
    flight: Flight,
    result: unknown,
    thisArg: unknown,
    args: ArrayLike<unknown>,
  ): unknown {
    if (isThenable(result)) {
      const promise = this.#settlePlain(table, flight, result, thisArg, args);
      markHandled(promise);
      flight.promise = promise;
      this.#put(table, flight.key, promise);
      return promise;
    }
    this.#endFlight(flight);
    this.#put(table, flight.key, result === undefined ? UNDEFINED_VALUE : result);
    return result;
  }

  async #settlePlain(
    table: EvictionTable<CacheKey, unknown>,
    flight: Flight,
    first: PromiseLike<unknown>,
    thisArg: unknown,
    args: ArrayLike<unknown>,
  ): Promise<unknown> {
    try {
      const value = await this.#runner.awaitWithRetries(flight, first, thisArg, args);
      this.#endFlight(flight);
      return value;
    } catch (error) {
      this.#endFlight(flight);
      if (flight.generation === this.#generation && table.peek(flight.key) === flight.promise) {
        deleteKey(table, flight.key);
      }
      throw error;
    }
  }

  #callRich(
    table: EvictionTable<CacheKey, unknown>,
    key: CacheKey,
    thisArg: unknown,
    args: ArrayLike<unknown>,
  ): unknown {
    const entry = table.get(key) as Entry | undefined;
    if (entry !== undefined) {
      this.hits++;
      if (entry.flight !== null) return entry.flight.promise;
      let fresh: boolean;
      try {
        fresh = this.#isFresh(entry, this.#setup.clock.now());
      } catch (error) {
        this.#remove(table, entry, 'expired');
        return this.fail(error);
      }
      if (fresh) return this.#deliver(entry);
      return this.#fetchRich(table, key, thisArg, args, entry);
    }
    this.misses++;
    return this.#fetchRich(table, key, thisArg, args, null);
  }

  #isFresh(entry: Entry, now: number): boolean {
    return entry.policy === null ? now < entry.expiresAt : !entry.policy.isExpired(entry.item(), now);
  }

  #deliver(entry: Entry): unknown {
    if (entry.isError && this.#rethrow && !isThenable(entry.value)) throw entry.outcome;
    return entry.value;
  }

  #fetchRich(
    table: EvictionTable<CacheKey, unknown>,
    key: CacheKey,
    thisArg: unknown,
    args: ArrayLike<unknown>,
    previous: Entry | null,
  ): unknown {
    const flight = new Flight(key, this.#generation);
    const entry = new Entry(key, flight);
    entry.previous = previous;
    this.#beginFlight(flight);
    this.#put(table, key, entry);
    let result: unknown;
    try {
      result = this.#runner.invoke(flight, thisArg, args);
    } catch (error) {
      return this.#settleSync(table, entry, error, true);
    }
    if (isThenable(result)) {
      const promise = this.#settleRich(table, entry, result, thisArg, args);
      markHandled(promise);
      flight.promise = promise;
      entry.value = promise;
      return promise;
    }
    return this.#settleSync(table, entry, result, false);
  }

  /** Stores the outcome of a synchronous call (value or error) and returns or throws it. */
  #settleSync(table: EvictionTable<CacheKey, unknown>, entry: Entry, outcome: unknown, failed: boolean): unknown {
    this.#endFlight(entry.flight!);
    if (failed && !this.#storeErrors) {
      this.#drop(table, entry, 'failed');
      throw outcome;
    }
    if (!entry.removed) {
      const now = this.#setup.clock.now();
      try {
        const policy = (failed ? this.#negativeExpiry : this.#expiry).resolveSync(outcome, failed, now);
        this.#store(entry, outcome, failed, policy, now);
      } catch (error) {
        this.#drop(table, entry, 'failed');
        throw error;
      }
      entry.value = outcome;
    }
    if (failed && this.#rethrow) throw outcome;
    return outcome;
  }

  async #settleRich(
    table: EvictionTable<CacheKey, unknown>,
    entry: Entry,
    first: PromiseLike<unknown>,
    thisArg: unknown,
    args: ArrayLike<unknown>,
  ): Promise<unknown> {
    const flight = entry.flight!;
    let value: unknown;
    let failed = false;
    try {
      value = await this.#runner.awaitWithRetries(flight, first, thisArg, args);
    } catch (error) {
      value = error;
      failed = true;
    }
    const adopted: unknown[] = [];
    let parts: unknown[] | null = null;
    try {
      if (failed && !this.#storeErrors) throw value;
      // Adopt first: whatever fails after this (an expiration that cannot be resolved) disposes it.
      const adoption = this.#setup.options.adoption;
      if (!failed && adoption !== null) parts = adoption(value, this.#setup.lifecycle, adopted);
      const now = this.#setup.clock.now();
      const policy = await (failed ? this.#negativeExpiry : this.#expiry).resolveAsync(value, failed, now);
      this.#endFlight(flight);
      if (entry.removed) {
        // Evicted or cleared while in flight: answer the callers, keep nothing. After close() or an
        // unbind, dispose at once ('unbound'): the manager is shutting down.
        if (parts !== null) {
          const closing = entry.removedFor === 'unbound';
          void this.#setup.disposals.schedule(
            parts,
            closing ? 'unbound' : 'evicted',
            entry.key,
            closing ? null : this.#setup.options.closeDelayMs,
          );
        }
      } else {
        entry.parts = parts;
        this.#store(entry, value, failed, policy, now);
      }
    } catch (error) {
      this.#endFlight(flight);
      this.#drop(table, entry, 'failed');
      const orphans = parts ?? adopted;
      if (orphans.length > 0)
        void this.#setup.disposals.schedule(orphans, 'failed', entry.key, this.#setup.options.closeDelayMs);
      throw error;
    }
    if (failed && this.#rethrow) throw value;
    return value;
  }

  /** Fills a pending entry with its outcome and policy, and retires the entry it replaced. */
  #store(entry: Entry, outcome: unknown, isError: boolean, policy: ExpirationPolicy, now: number): void {
    entry.outcome = outcome;
    entry.isError = isError;
    entry.fetchedAt = now;
    const inline = expiresAtOf(policy);
    if (inline !== null) {
      entry.policy = null;
      entry.expiresAt = inline(now);
      entry.until = isError && this.#rethrow && !this.async ? Number.NaN : entry.expiresAt;
    } else {
      entry.policy = policy;
      entry.expiresAt = Number.NaN;
      entry.until = Number.NaN;
    }
    entry.flight = null;
    const previous = entry.previous;
    entry.previous = null;
    if (previous !== null) {
      // A refetch may hand back the very resource it replaces (a shared client): keep that one.
      const kept = entry.parts;
      if (kept !== null && previous.parts !== null)
        previous.parts = previous.parts.filter((part) => !kept.includes(part));
      void this.#retire(previous, 'replaced');
    }
  }

  /** Removes a failed pending entry (nothing stored) and retires what it replaced. */
  #drop(table: EvictionTable<CacheKey, unknown>, entry: Entry, reason: RemovalReason): void {
    entry.flight = null;
    if (!entry.removed && table.peek(entry.key) === entry) {
      deleteKey(table, entry.key);
    }
    entry.removed = true;
    const previous = entry.previous;
    entry.previous = null;
    if (previous !== null) void this.#retire(previous, reason);
  }

  #remove(table: EvictionTable<CacheKey, unknown>, entry: Entry, reason: RemovalReason): void {
    if (table.peek(entry.key) === entry) {
      deleteKey(table, entry.key);
    }
    void this.#retire(entry, reason);
  }

  /** Marks an entry gone and disposes what it owns (or what it was replacing, if still pending). */
  #retire(entry: Entry, reason: RemovalReason): Promise<void> | undefined {
    entry.removed = true;
    entry.removedFor = reason;
    let settled: Promise<void> | undefined;
    if (entry.parts !== null) {
      settled = this.#setup.disposals.schedule(entry.parts, reason, entry.key, this.#closeDelay(reason));
      entry.parts = null;
    }
    const previous = entry.previous;
    if (previous !== null) {
      entry.previous = null;
      const more = this.#retire(previous, reason);
      if (more !== undefined) settled = settled === undefined ? more : Promise.all([settled, more]).then(noop);
    }
    return settled;
  }

  #closeDelay(reason: RemovalReason): number | null {
    return reason === 'unbound' ? null : this.#setup.options.closeDelayMs;
  }

  /**
   * Stores into the table and handles what it evicts. The built-in LRU is stored to without an
   * eviction array, and a `MethodKey` learns its slot there (its hit handle).
   */
  #put(table: EvictionTable<CacheKey, unknown>, key: CacheKey, value: unknown, absent = false): void {
    const lru = this.#lru;
    if (lru === null) {
      this.#evicted(table.set(key, value));
      return;
    }
    const slot = absent ? lru.storeNew(key, value, this.#onEvict) : lru.store(key, value, this.#onEvict);
    if (key instanceof MethodKey) {
      key.slot = slot;
      key.stored = value;
    }
  }

  #evicted(pairs: Array<[CacheKey, unknown]>): void {
    // A plain cache keyed by values (not MethodKeys) has nothing to do for an evicted entry.
    if (pairs.length === 0 || !this.#tracksEvictions) return;
    for (const [key, value] of pairs) this.#evictedOne(key, value);
  }

  #evictedOne(key: CacheKey, value: unknown): void {
    forgetKey(key);
    if (value instanceof Entry) void this.#retire(value, 'evicted');
  }

  #beginFlight(flight: Flight): void {
    this.inflight.set(flight.key, flight);
    this.inflightCount = this.inflight.size;
    if (this.async) flight.release = trackFlight();
  }

  #endFlight(flight: Flight): void {
    flight.release();
    if (this.inflight.get(flight.key) === flight) {
      this.inflight.delete(flight.key);
      this.inflightCount = this.inflight.size;
    }
  }

  /** Removes expired entries now (disposing their resources) and records the sweep. */
  sweep(now: number = this.#setup.clock.now()): Promise<void> {
    this.#lastSweep = now;
    const table = this.table;
    if (table === null || !this.rich) return Promise.resolve();
    const disposals: Promise<void>[] = [];
    for (const [, value] of Array.from(table.entries())) {
      const entry = value as Entry;
      if (entry.flight !== null) continue;
      let fresh: boolean;
      try {
        fresh = this.#isFresh(entry, now);
      } catch {
        // A failing custom expiry check counts as expired: the entry goes rather than hang the key.
        fresh = false;
      }
      if (!fresh) {
        deleteKey(table, entry.key);
        const settled = this.#retire(entry, 'expired');
        if (settled !== undefined) disposals.push(settled);
      }
    }
    return Promise.all(disposals).then(noop);
  }

  /** Removes every entry (disposing resources) and resets the statistics. */
  clear(reason: RemovalReason = 'cleared'): Promise<void> {
    this.hits = 0;
    this.misses = 0;
    this.#generation++;
    this.inflight.clear();
    this.inflightCount = 0;
    const table = this.table;
    if (table === null) return Promise.resolve();
    const values = Array.from(table.entries());
    table.clear();
    const disposals: Promise<void>[] = [];
    for (const [key, value] of values) {
      forgetKey(key);
      if (value instanceof Entry) {
        const settled = this.#retire(value, reason);
        if (settled !== undefined) disposals.push(settled);
      }
    }
    return Promise.all(disposals).then(noop);
  }

  /** Statistics, as `cacheInfo()` reports them. */
  info(): CacheInfo {
    return Object.freeze({
      hits: this.hits,
      misses: this.misses,
      maxsize: this.parameters.maxsize,
      currentSize: this.table === null ? 0 : this.table.size,
      lastExpirationCheck: DateTime.fromMillis(this.#lastSweep, { zone: 'utc' }),
    });
  }

  /** The epoch ms of the last sweep (0 before any). */
  get lastSweepMs(): number {
    return this.#lastSweep;
  }

  #onInstanceCollected(prefix: string): void {
    this.#deadPrefixes.push(prefix);
    if (this.#deadPrefixes.length === 1) queueMicrotask(() => this.#reapDeadInstances());
  }

  #reapDeadInstances(): void {
    const prefixes = this.#deadPrefixes;
    this.#deadPrefixes = [];
    const table = this.table;
    if (table === null) return;
    for (const [key, value] of Array.from(table.entries())) {
      const text = key instanceof MethodKey ? key.prefix : key;
      if (typeof text !== 'string' || !prefixes.some((prefix) => text.startsWith(prefix))) continue;
      deleteKey(table, key);
      if (value instanceof Entry) void this.#retire(value, 'evicted');
    }
  }
}

/** `table` is exactly a built-in class (not a subclass, not a Proxy): its internals may be used. */
function isBuiltIn(table: object | null, builtIn: abstract new (...args: never[]) => object): boolean {
  return table !== null && table.constructor === builtIn && !types.isProxy(table);
}

/** `keys.includes(key)` by SameValueZero, as a `Map` compares keys (NaN finds NaN). */
function includesKey(keys: readonly CacheKey[], key: CacheKey): boolean {
  for (let i = keys.length - 1; i >= 0; i--) {
    const candidate = keys[i];
    if (candidate === key || (candidate !== candidate && key !== key)) return true;
  }
  return false;
}

/** Drops a decorated method's key from its instance binding once its entry left the table. */
function forgetKey(key: CacheKey): void {
  if (key instanceof MethodKey) key.release();
}

/** Removes `key` from the table; every removal releases the key's `MethodKey` (see `forgetKey`). */
function deleteKey(table: EvictionTable<CacheKey, unknown>, key: CacheKey): void {
  table.delete(key);
  forgetKey(key);
}

function noop(): void {
  // Collapses Promise.all's array result into `void`.
}
