import { DateTime } from 'luxon';
import type { CacheInfo } from '../contracts/CacheControls';
import type { CacheControls } from '../contracts/CacheControls';
import type { CacheParameters } from '../contracts/CacheParameters';
import type { CacheStats } from '../contracts/CacheStats';
import { InvalidCacheConfigError } from '../contracts/errors/InvalidCacheConfigError';
import { ReentrantCallError } from '../contracts/errors/ReentrantCallError';
import type { RemovalReason } from '../contracts/RemovalReason';
import { encodeArgs, encodeKey } from '../strategies/encoding/encodeKey';
import { CacheCounters } from './CacheCounters';
import type { CoreSetup } from './CoreSetup';
import { CompositeKeys, keyForReport } from './CompositeKey';
import { Entry } from './Entry';
import { EntryStore } from './EntryStore';
import { WeighedEntryStore } from './WeighedEntryStore';
import { removalChannel } from './events/channels';
import { FetchRunner } from './FetchRunner';
import type { Flight } from './Flight';
import { buildHitLookup, type HitLookup } from './hitLookups';
import { InstanceBinding, type InstanceCache } from './InstanceBinding';
import { instancePrefix, methodKey } from './instanceKeys';
import { InstanceReaper } from './InstanceReaper';
import type { LayoutHost } from './LayoutHost';
import type { CacheKey, MethodKey } from './MethodKey';
import { includesKey, PlainLayout } from './PlainLayout';
import { isComputingFlight, trackFlight } from './reentrancy';
import { RichLayout } from './RichLayout';
import { SlotDeadlines } from './SlotDeadlines';
import { expiresAtOf } from '../policies/expiration/inlineExpiry';
import { SharedCache } from './shared/SharedCache';
import type { SharedHost } from './shared/SharedHost';
import { currentScope, outsideScope, watchScopes, type ActiveScope } from './scope/cacheScope';
import { MISS } from './sentinels';
import { noop } from './thenable';

/** The key prefix of a decorated method's calls whose `this` is no object (object ids start at 1). */
const NO_INSTANCE_PREFIX = '\u0000m0:';

/** What a per-entry control needs to find its key: the instance (methods) and its binding. @internal */
export interface EntryTarget {
  readonly thisArg: unknown;
  readonly binding: InstanceBinding | null;
}

/**
 * The cache of one wrapped function (or one decorated method in one manager): its counters, the
 * flights in progress, the dispatch of every call the hit lookup did not answer (scope, key,
 * re-entry, then the layout's slow path), the per-entry controls, sweeps and clearing.
 *
 * Two table layouts, chosen at wrap time: a *plain* cache (no expiry, no negative cache, no
 * resources, no wave-2 entry features but tags) stores raw values ({@link PlainLayout}); a *rich* one stores
 * `Entry`s ({@link RichLayout}). The table and its bookkeeping are an {@link EntryStore}.
 * @internal
 */
export class CacheCore implements LayoutHost, InstanceCache, SharedHost {
  hits = 0;
  misses = 0;
  /** Flights whose function has not settled, by key. */
  readonly inflight = new Map<CacheKey, Flight>();
  /** `inflight.size`, kept as a plain field for the hit path. */
  inflightCount = 0;
  /** A `withCacheScope` has been entered in the process: hits check the scope. */
  scoped = false;
  /** {@inheritDoc LayoutHost.staleWindowMs} */
  readonly staleWindowMs: number;
  /** The counters that change on miss paths only. */
  readonly counters = new CacheCounters();
  /** The hit lookup, specialised for the layout and clock: a value, or `MISS`. */
  readonly lookup: HitLookup;
  /** `lookup` for a decorated method's `MethodKey` (by the value it carries, in a built-in bounded table). */
  readonly lookupMethodKey: (key: MethodKey) => unknown;
  readonly rich: boolean;
  readonly parameters: CacheParameters;
  readonly async: boolean;
  readonly enabled: boolean;
  /** The name in statistics, events and error reports. */
  readonly name: string;
  /** The key is the built-in default, computed inline. */
  readonly inlineKey: boolean;
  /** Calls may be answered by `lookup` alone (no sweep due at the start of a call). */
  readonly fastPath: boolean;
  /** The controls of a decorated method's cache in its manager (set by the manager). */
  controls: CacheControls<unknown> | null = null;
  #generation = 0;
  #lastSweep = 0;
  /** `close()` is running: a fetch that completes now disposes at once ('unbound'). */
  closing = false;
  readonly #setup: CoreSetup;
  readonly #store: EntryStore | null;
  readonly #plain: PlainLayout | null;
  readonly #rich: RichLayout | null;
  readonly #reaper: InstanceReaper | null;
  /** A shared cache's shared-tier side (`shared` option), or `null`. */
  readonly #shared: SharedCache | null;
  /** Every instance of a shared method shares this binding: a shared key never includes `this`. */
  #sharedBinding: InstanceBinding | null = null;
  /** A decorated method's default key includes `this` (not for shared caches). */
  readonly #keysByInstance: boolean;
  /** The composite keys of this cache, interned. */
  readonly #composites = new CompositeKeys();
  /** A decorated method's primary instance (see `InstanceBinding`), once one is bound. */
  #primary: WeakRef<object> | null = null;
  readonly runner: FetchRunner;

  constructor(setup: CoreSetup) {
    this.#setup = setup;
    const { options } = setup;
    this.parameters = options.parameters;
    this.async = setup.async;
    this.name = options.parameters.name ?? setup.name;
    this.enabled = options.parameters.enabled && options.parameters.maxsize !== 0;
    this.inlineKey = setup.keyStrategy === null;
    this.fastPath = options.autoRemovalPeriodMs === null;
    this.staleWindowMs = options.staleWhileRevalidateMs ?? 0;
    const ownsMethodKeys = setup.isMethod && this.inlineKey;
    const store = this.enabled ? this.#createStore(setup) : null;
    this.#store = store;
    const slotted = store?.slotted ?? null;
    this.rich = RichLayout.needed(options, slotted !== null);
    this.runner = new FetchRunner(setup, this.counters);
    const shared =
      store !== null && setup.shared ? new SharedCache(this, setup.shared, store, this.runner, setup) : null;
    this.#shared = shared;
    this.#keysByInstance = setup.isMethod && shared === null;
    this.#rich = store !== null && this.rich ? new RichLayout(this, store, this.runner, setup, shared) : null;
    const expiresAt = expiresAtOf(options.expiration);
    const deadlines =
      slotted !== null && !this.rich && expiresAt !== null && expiresAt(0) !== Number.POSITIVE_INFINITY
        ? new SlotDeadlines(slotted, expiresAt, setup.clock)
        : null;
    this.#plain =
      store !== null && !this.rich ? new PlainLayout(this, store, this.runner, deadlines, options.tagsOf) : null;
    // A rich cache whose values never expire (rich for its tags, cacheIf, resources…) needs no clock on a hit.
    // Not a shared one: its entries carry their record's times (L1 never outlives L2).
    const forever = this.rich && shared === null && RichLayout.neverExpires(options);
    this.lookup = buildHitLookup(this, store, setup.clock, false, forever, deadlines);
    this.lookupMethodKey =
      slotted !== null ? buildHitLookup(this, store, setup.clock, true, forever, deadlines) : this.lookup;
    this.#reaper =
      ownsMethodKeys && store !== null
        ? new InstanceReaper(store, (key, value) => this.#removed(key, value, 'evicted'))
        : null;
    watchScopes(this);
  }

  /**
   * The table and its store: built by the `eviction` option's policy (else the container's) for
   * `maxsize`; a weight bound without `maxsize` gets a table whose own bound never binds
   * (`Number.MAX_SAFE_INTEGER`), so that it still orders its entries for eviction. With neither
   * bound, the container's policy builds an unbounded table (`eviction` has nothing to evict).
   */
  #createStore(setup: CoreSetup): EntryStore {
    const { maxsize, maxWeight } = setup.options.parameters;
    const onEvicted = (key: CacheKey, value: unknown): void => this.#evicted(key, value);
    if (maxWeight === null) {
      const policy = maxsize === null ? setup.eviction : (setup.options.eviction ?? setup.eviction);
      return new EntryStore(policy.createTable<CacheKey, unknown>(maxsize), onEvicted);
    }
    const policy = setup.options.eviction ?? setup.eviction;
    const table = policy.createTable<CacheKey, unknown>(maxsize ?? Number.MAX_SAFE_INTEGER);
    return new WeighedEntryStore(table, onEvicted, maxWeight, maxsize !== null);
  }

  /** The number of `clear()`s so far: a fetch that started before the last one keeps nothing. */
  get generation(): number {
    return this.#generation;
  }

  /** The manager and name a fetch's trace and a report carry. */
  get setup(): CoreSetup {
    return this.#setup;
  }

  /**
   * Binds a decorated method's instance (its key prefix, and cleanup once it is collected). The first
   * instance bound is the cache's primary instance for good (see `InstanceBinding`).
   */
  bindInstance(instance: object): InstanceBinding {
    if (!this.inlineKey) return new InstanceBinding(this, null, false);
    // Instances of a class share a shared method's entries: every one is keyed as the primary one.
    if (this.#shared !== null) return (this.#sharedBinding ??= new InstanceBinding(this, '', true));
    const prefix = instancePrefix(instance);
    this.#primary ??= new WeakRef(instance);
    const primary = this.#primary.deref() === instance;
    this.#reaper?.register(instance, prefix, primary);
    return new InstanceBinding(this, prefix, primary);
  }

  /**
   * The table key of a call: a primitive stays itself (a string whatever its characters), anything
   * encoded becomes an interned `CompositeKey`. Throws `KeyEncodingError` (or the key function's error).
   */
  keyOf(thisArg: unknown, args: ArrayLike<unknown>, binding: InstanceBinding | null): CacheKey | MethodKey {
    const shared = this.#shared;
    if (shared === null) return this.#keyOf(thisArg, args, binding);
    // Every process must compute the same key: identity (instances, functions) fails instead.
    return shared.keyOf(() => this.#keyOf(thisArg, args, binding));
  }

  #keyOf(thisArg: unknown, args: ArrayLike<unknown>, binding: InstanceBinding | null): CacheKey | MethodKey {
    const strategy = this.#setup.keyStrategy;
    if (strategy === null) {
      if (binding !== null ? !binding.primary && binding.prefix !== null : this.#keysByInstance) {
        // Another instance than the primary one (or no object `this`): keys carry their prefix.
        const prefix = binding === null ? NO_INSTANCE_PREFIX : binding.prefix!;
        const arg = args[0];
        if (binding !== null && args.length === 1 && (typeof arg === 'string' || typeof arg === 'number')) {
          return binding.keyOf(arg);
        }
        return this.#composites.intern(methodKey(prefix, args) as string);
      }
      return args.length === 1 ? this.#ownKey(args[0], 0) : this.#composites.intern(encodeArgs(args));
    }
    const raw = strategy.keyFor({
      thisArg: this.#setup.isMethod ? thisArg : undefined,
      args: Array.prototype.slice.call(args) as unknown[],
    });
    return this.#ownKey(raw, -1);
  }

  /** The key of one value: a string as it is, other primitives as `encodeKey` gives them, the rest interned. */
  #ownKey(value: unknown, position: number): CacheKey {
    if (typeof value === 'string') return value;
    const key = encodeKey(value, position);
    return typeof key === 'string' ? this.#composites.intern(key) : key;
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
   * flight or computing, and no scope to obey, skips straight to the fetch: `lookup` has proven the
   * key absent.
   */
  callKeyed(thisArg: unknown, arg: string | number): unknown {
    const plain = this.#plain;
    if (plain !== null && this.inflightCount !== 0 && !this.scoped && this.fastPath) {
      // A stampede on one key: join its flight without the general slow path (no argument array).
      const joined = plain.joinEarly(arg === 0 ? 0 : arg);
      if (joined !== undefined) return joined;
    }
    if (
      plain === null ||
      plain.deadlines !== null ||
      this.async ||
      this.inflightCount !== 0 ||
      plain.computing.length !== 0 ||
      this.scoped
    ) {
      return this.call(thisArg, [arg], null);
    }
    this.misses++;
    return plain.fetchSync(arg === 0 ? 0 : arg, thisArg, null, arg);
  }

  /** `call` for a decorated method's own arguments, passed spread (see `MethodDefinition`). */
  callMethodSpread(thisArg: unknown, binding: InstanceBinding, ...args: unknown[]): unknown {
    return this.call(thisArg, args, binding);
  }

  /** The slow path of a call: everything the hit lookup did not answer. */
  call(thisArg: unknown, args: ArrayLike<unknown>, binding: InstanceBinding | null): unknown {
    let scope: ActiveScope | undefined;
    let aborted: AbortSignal | null = null;
    if (this.scoped && (scope = currentScope()) !== undefined) {
      if (scope.bypass) return outsideScope(() => this.#setup.fn.apply(thisArg, args as never));
      if (scope.signal?.aborted) {
        // Only a fresh hit answers an already-aborted signal (it waits for nothing), as on the hit path.
        if (this.#store === null || scope.forceRefresh) return this.fail(scope.signal.reason);
        aborted = scope.signal;
      }
    }
    if (this.#store === null) {
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
      return this.fail(aborted === null ? error : aborted.reason);
    }
    if (aborted !== null) {
      const hit = this.#rich !== null ? this.#rich.freshHit(key) : this.#plain!.freshHit(key);
      return hit !== MISS ? hit : this.fail(aborted.reason);
    }
    if (this.#reentrant(key)) {
      this.counters.waits++;
      return this.fail(new ReentrantCallError(this.#setup.name, keyForReport(key)));
    }
    return this.#rich !== null
      ? this.#rich.call(key, thisArg, args, scope)
      : this.#plain!.call(key, thisArg, args, scope);
  }

  /** True when a call for `key` now would wait for its own computation. */
  #reentrant(key: CacheKey): boolean {
    const flight = this.inflightCount === 0 ? undefined : this.inflight.get(key);
    if (flight !== undefined && ((flight.promise === null && !flight.deferred) || isComputingFlight(flight)))
      return true;
    const computing = this.#plain?.computing;
    return computing !== undefined && computing.length !== 0 && includesKey(computing, key);
  }

  /** Registers a fetch in progress (single flight; async re-entry tracking). */
  beginFlight(flight: Flight): void {
    this.inflight.set(flight.key, flight);
    this.inflightCount = this.inflight.size;
    if (this.async) flight.release = trackFlight();
  }

  /** Ends a fetch: its key takes new flights again. */
  endFlight(flight: Flight): void {
    flight.release();
    flight.settled();
    this.#forgetFlight(flight);
  }

  /** Takes a flight out of the single-flight map (ended or dropped); later calls start a new one. */
  #forgetFlight(flight: Flight): void {
    if (this.inflight.get(flight.key) === flight) {
      this.inflight.delete(flight.key);
      this.inflightCount = this.inflight.size;
    }
  }

  /** Marks a flight as storing nothing (invalidated, replaced by `set`): it still answers its waiters. */
  dropFlight(flight: Flight, reason: RemovalReason): void {
    flight.dropped = reason;
    this.#forgetFlight(flight);
  }

  /** Counts a removal from the table (an entry, never a flight) and publishes it. */
  noteRemoval(key: CacheKey, reason: RemovalReason): void {
    this.counters.evictions[reason]++;
    if (removalChannel.hasSubscribers) removalChannel.publish({ cache: this.name, key: keyForReport(key), reason });
  }

  /** Reports an error nobody awaits to the manager's `CacheErrorHandler` (a throw from it is dropped). */
  report(error: unknown, operation: 'cacheIf' | 'refresh' | 'weigh', key: CacheKey): void {
    try {
      this.#setup.errorHandler.handle(error, { operation, key: keyForReport(key), cache: this.name });
    } catch {
      // A failing handler must never reach the cache or a caller (DESIGN.md §1.1).
    }
  }

  /** An entry the table evicted (size bound) or the reaper removed. */
  #evicted(key: CacheKey, value: unknown): void {
    this.#removed(key, value, 'evicted');
  }

  /**
   * Accounts for `value` having left the table under `key`: an `Entry` is retired; a plain value is
   * counted, unless it is the promise of the flight (`flight`, or the key's flight in progress),
   * which is no entry yet: then that flight stores nothing.
   */
  #removed(key: CacheKey, value: unknown, reason: RemovalReason, flight?: Flight): void {
    if (value instanceof Entry) {
      void this.#rich?.retire(value, reason);
      return;
    }
    const pending = flight ?? (this.inflightCount === 0 ? undefined : this.inflight.get(key));
    if (pending !== undefined && pending.promise === value) this.dropFlight(pending, reason);
    else this.noteRemoval(key, reason);
  }

  // ---- per-entry controls (entries-and-tags.md) ----

  /**
   * The key of a per-entry control's arguments; `undefined` when a method's one-argument key has no
   * `MethodKey` (then nothing is stored for it) and `create` is false.
   * @throws what `keyOf` throws; {@link InvalidCacheConfigError} when the key needs an instance.
   */
  entryKey(target: EntryTarget, args: ArrayLike<unknown>, create: boolean): CacheKey | undefined {
    const { thisArg, binding } = target;
    if (binding === null && this.#keysByInstance && this.inlineKey) {
      throw new InvalidCacheConfigError(
        `${this.#setup.name} uses the default key, which includes the instance: use cacheOf(instance, 'method') ` +
          'for per-entry controls, or give the method a key option that does not depend on `this`',
      );
    }
    if (binding !== null && binding.prefix !== null && !binding.primary && args.length === 1) {
      const arg = args[0];
      if (typeof arg === 'string' || typeof arg === 'number')
        return create ? binding.keyOf(arg) : binding.keys.get(arg);
    }
    return this.keyOf(thisArg, args, binding);
  }

  /** {@inheritDoc CacheControls.peek} */
  peek(target: EntryTarget, args: ArrayLike<unknown>): unknown {
    const key = this.#store === null ? undefined : this.entryKey(target, args, false);
    if (key === undefined) return undefined;
    return this.#rich !== null ? this.#rich.peek(key) : this.#plain!.peek(key);
  }

  /** {@inheritDoc CacheControls.has} */
  has(target: EntryTarget, args: ArrayLike<unknown>): boolean {
    const key = this.#store === null ? undefined : this.entryKey(target, args, false);
    if (key === undefined) return false;
    return this.#rich !== null ? this.#rich.has(key) : this.#plain!.has(key);
  }

  /**
   * {@inheritDoc CacheControls.invalidate}
   * A shared cache's answer is a promise, settled once the record is deleted and the deletion published.
   */
  invalidate(target: EntryTarget, args: ArrayLike<unknown>): boolean | Promise<boolean> {
    const key = this.#store === null ? undefined : this.entryKey(target, args, false);
    if (key === undefined) return false;
    const dropped = this.invalidateKey(key, false);
    return this.#shared === null ? dropped : this.#shared.invalidated(key, dropped);
  }

  /** {@inheritDoc SharedHost.invalidateKey} */
  invalidateKey(key: CacheKey, settledOnly: boolean): boolean {
    const store = this.#store;
    if (store === null) return false;
    const held = store.table.peek(key);
    if (settledOnly && held instanceof Entry && held.flight !== null) return false;
    const flight = settledOnly ? undefined : this.inflight.get(key);
    if (flight !== undefined) this.dropFlight(flight, 'invalidated');
    const computing = this.#plain !== null && this.#plain.dropComputing(key);
    const removed = store.take(key);
    if (removed !== undefined) this.#removed(key, removed, 'invalidated', flight);
    return flight !== undefined || computing || removed !== undefined;
  }

  /** {@inheritDoc SharedHost.compositeKey} */
  compositeKey(text: string): CacheKey {
    return this.#composites.intern(text);
  }

  /** {@inheritDoc CacheControls.refresh} */
  refresh(target: EntryTarget, args: ArrayLike<unknown>): unknown {
    if (this.#store === null) {
      this.counters.loads++;
      return this.#setup.fn.apply(target.thisArg, args as never);
    }
    let key: CacheKey;
    try {
      key = this.entryKey(target, args, true)!;
    } catch (error) {
      return this.fail(error);
    }
    if (this.#reentrant(key)) return this.fail(new ReentrantCallError(this.#setup.name, keyForReport(key)));
    return this.#rich !== null
      ? this.#rich.refresh(key, target.thisArg, args, undefined)
      : this.#plain!.refresh(key, target.thisArg, args, undefined);
  }

  /** {@inheritDoc CacheControls.set} */
  set(target: EntryTarget, value: unknown, args: ArrayLike<unknown>): Promise<void> | undefined {
    if (this.#store === null) return this.async ? Promise.resolve() : undefined;
    let key: CacheKey;
    try {
      key = this.entryKey(target, args, true)!;
    } catch (error) {
      return this.fail(error);
    }
    const flight = this.inflight.get(key);
    if (flight !== undefined) {
      this.dropFlight(flight, 'replaced');
      // A plain cache stored the flight's promise at once: it is no entry, and no call may hit it now.
      if (this.#plain !== null && flight.promise !== null) this.#store.deleteIfHolding(key, flight.promise);
    }
    this.#plain?.dropComputing(key);
    const stored =
      this.#rich !== null
        ? this.#rich.set(key, value, target.thisArg, args)
        : this.#plain!.set(key, value, target.thisArg, args, flight?.promise ?? null);
    return this.#shared === null || stored === undefined ? stored : this.#shared.afterSet(key, stored);
  }

  /** Removes every entry carrying one of `tags` (reason `'invalidated'`); drops tagged flights. Returns the count. */
  invalidateTags(tags: ReadonlySet<string>): number {
    if (this.#rich !== null) return this.#rich.invalidateTags(tags);
    return this.#plain === null ? 0 : this.#plain.invalidateTags(tags);
  }

  /** Removes every entry (reason `'invalidated'`) and drops every flight and computation; statistics stay. */
  invalidateAll(): Promise<void> {
    const plain = this.#plain;
    if (plain !== null) for (const key of plain.computing) plain.dropComputing(key);
    const emptied = this.#empty('invalidated');
    // A shared cache's records go too, in every process (`@CacheEvict({ allEntries: true })`).
    return this.#shared === null ? emptied : Promise.all([emptied, this.#shared.cleared()]).then(noop);
  }

  /** {@inheritDoc SharedHost.dropMemory} */
  dropMemory(): void {
    void this.#empty('invalidated');
  }

  // ---- whole-cache controls ----

  /** Removes expired entries now (disposing their resources) and records the sweep. */
  sweep(now: number = this.#setup.clock.now()): Promise<void> {
    this.#lastSweep = now;
    this.#plain?.sweep(now);
    const disposals = this.#rich === null ? [] : this.#rich.sweep(now);
    return Promise.all(disposals).then(noop);
  }

  /** Removes every entry (disposing resources) and resets `cacheInfo()`'s figures. */
  clear(reason: RemovalReason = 'cleared'): Promise<void> {
    const counters = this.counters;
    counters.infoHitsBase = this.hits + counters.staleHits + counters.waits;
    counters.infoMissesBase = this.misses;
    counters.infoStaleBase = counters.staleHits;
    this.#generation++;
    this.#plain?.stale.clear();
    const emptied = this.#empty(reason);
    this.#composites.clear();
    // A user's clear reaches the shared tier and every process; closing the manager does not.
    if (reason !== 'cleared' || this.#shared === null) return emptied;
    return Promise.all([emptied, this.#shared.cleared()]).then(noop);
  }

  /** Drops every flight and removes every entry for `reason` (a flight's stored promise is no entry). */
  #empty(reason: RemovalReason): Promise<void> {
    let pending: Set<unknown> | null = null;
    for (const flight of this.inflight.values()) {
      flight.dropped = reason;
      if (flight.promise !== null) (pending ??= new Set()).add(flight.promise);
    }
    this.inflight.clear();
    this.inflightCount = 0;
    if (this.#store === null) return Promise.resolve();
    const disposals: Promise<void>[] = [];
    for (const [key, value] of this.#store.clear()) {
      if (value instanceof Entry) {
        const settled = this.#rich!.retire(value, reason);
        if (settled !== undefined) disposals.push(settled);
      } else if (pending === null || !pending.has(value)) {
        this.noteRemoval(key, reason);
      }
    }
    return Promise.all(disposals).then(noop);
  }

  /** Aborts every flight's signal (`manager.close()`). */
  abortFlights(reason: unknown): void {
    for (const flight of this.inflight.values()) flight.abort(reason);
  }

  /** Statistics, as `cacheInfo()` reports them (aquiche's counting, since the last clear). */
  info(): CacheInfo {
    const counters = this.counters;
    return Object.freeze({
      hits: this.hits + counters.staleHits + counters.waits - counters.infoHitsBase,
      misses: this.misses - counters.infoMissesBase,
      maxsize: this.parameters.maxsize,
      currentSize: this.size,
      currentWeight: this.parameters.maxWeight === null ? null : (this.#store?.currentWeight ?? 0),
      lastExpirationCheck: DateTime.fromMillis(this.#lastSweep, { zone: 'utc' }),
      staleHits: counters.staleHits - counters.infoStaleBase,
    });
  }

  /** Lifetime statistics, as `cacheStats()` reports them. */
  stats(): CacheStats {
    const counters = this.counters;
    return Object.freeze({
      name: this.name,
      hits: this.hits + counters.staleHits,
      misses: this.misses + counters.waits,
      staleHits: counters.staleHits,
      loads: counters.loads,
      loadFailures: counters.loadFailures,
      loadTimeMs: counters.loadTimeMs,
      evictions: Object.freeze({ ...counters.evictions }),
      currentSize: this.size,
      ...(this.#shared === null ? undefined : { shared: this.#shared.stats() }),
    });
  }

  /** Entries in the table (in-flight and stale included). */
  get size(): number {
    return this.#store === null ? 0 : this.#store.table.size;
  }

  /** Composite keys interned now (released at once by `clear()`). */
  get internedKeys(): number {
    return this.#composites.size;
  }

  /** The epoch ms of the last sweep (0 before any). */
  get lastSweepMs(): number {
    return this.#lastSweep;
  }
}
