import { DateTime } from 'luxon';
import type { CacheControls, CacheInfo } from '../contracts/CacheControls';
import type { CacheParameters } from '../contracts/CacheOptions';
import type { RemovalReason } from '../contracts/RemovalReason';
import { ReentrantCallError } from '../contracts/errors/ReentrantCallError';
import { encodeArgs, encodeKey } from '../strategies/encoding/encodeKey';
import type { CoreSetup } from './CoreSetup';
import { Entry } from './Entry';
import { CompositeKeys, keyForReport } from './CompositeKey';
import { EntryStore } from './EntryStore';
import { ExpiryRule } from './ExpiryRule';
import { FetchRunner } from './FetchRunner';
import type { Flight } from './Flight';
import { buildHitLookup, type HitLookup } from './hitLookups';
import { InstanceBinding, type InstanceCache } from './InstanceBinding';
import type { LayoutHost } from './LayoutHost';
import { instancePrefix, methodKey } from './instanceKeys';
import { InstanceReaper } from './InstanceReaper';
import type { CacheKey, MethodKey } from './MethodKey';
import { PlainLayout } from './PlainLayout';
import { isComputingFlight, trackFlight } from './reentrancy';
import { RichLayout } from './RichLayout';
import { noop } from './thenable';

/**
 * The cache of one wrapped function (or one decorated method in one manager): its statistics, the
 * flights in progress, the dispatch of every call the hit lookup did not answer (key, re-entry,
 * then the layout's slow path), sweeps and clearing.
 *
 * Two table layouts, chosen at wrap time: a *plain* cache (no expiry, no negative cache, no
 * resources) stores raw values ({@link PlainLayout}); a *rich* one stores `Entry`s
 * ({@link RichLayout}). The table and its bookkeeping are an {@link EntryStore}.
 * @internal
 */
export class CacheCore implements LayoutHost, InstanceCache {
  hits = 0;
  misses = 0;
  /** Flights whose function has not settled, by key. */
  readonly inflight = new Map<CacheKey, Flight>();
  /** `inflight.size`, kept as a plain field for the hit path. */
  inflightCount = 0;
  /** The hit lookup, specialised for the layout and clock: a value, or `MISS`. */
  readonly lookup: HitLookup;
  /** `lookup` for a decorated method's `MethodKey` (by the value it carries, in the built-in LRU). */
  readonly lookupMethodKey: (key: MethodKey) => unknown;
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
  readonly #store: EntryStore | null;
  readonly #plain: PlainLayout | null;
  readonly #rich: RichLayout | null;
  readonly #reaper: InstanceReaper | null;
  /** A sync function's plain cache (see `callKeyed`). */
  readonly #plainSync: boolean;
  /** The composite keys of this cache, interned. */
  readonly #composites = new CompositeKeys();

  constructor(setup: CoreSetup) {
    this.#setup = setup;
    const { options } = setup;
    this.parameters = options.parameters;
    this.async = setup.async;
    this.enabled = options.parameters.enabled && options.parameters.maxsize !== 0;
    this.inlineKey = setup.keyStrategy === null;
    this.fastPath = options.autoRemovalPeriodMs === null;
    const context = { async: setup.async, name: setup.name, factory: setup.expirationFactory };
    const expiry = new ExpiryRule(options.expiration, options.parameters.expiration, context);
    const negativeExpiry = new ExpiryRule(options.negativeExpiration, options.parameters.negativeExpiration, context);
    this.rich = !(expiry.never && options.parameters.negativeCache === false && options.adoption === null);
    const ownsMethodKeys = setup.isMethod && this.inlineKey;
    const retireEvicted = (entry: Entry): void => void this.#rich?.retire(entry, 'evicted');
    const table = this.enabled ? setup.eviction.createTable<CacheKey, unknown>(options.parameters.maxsize) : null;
    const store = table === null ? null : new EntryStore(table, this.rich || ownsMethodKeys, retireEvicted);
    this.#store = store;
    const runner = new FetchRunner(setup);
    this.#rich =
      store !== null && this.rich ? new RichLayout(this, store, runner, setup, expiry, negativeExpiry) : null;
    this.#plain = store !== null && !this.rich ? new PlainLayout(this, store, runner, setup) : null;
    this.#plainSync = !this.rich && !this.async;
    this.lookup = buildHitLookup(this, store, setup.clock, false);
    this.lookupMethodKey = store?.lru ? buildHitLookup(this, store, setup.clock, true) : this.lookup;
    this.#reaper = ownsMethodKeys && store !== null ? new InstanceReaper(store, retireEvicted) : null;
  }

  /** The number of `clear()`s so far: a fetch that started before the last one keeps nothing. */
  get generation(): number {
    return this.#generation;
  }

  /** Binds a decorated method's instance (its key prefix, and cleanup once it is collected). */
  bindInstance(instance: object): InstanceBinding {
    if (!this.inlineKey) return new InstanceBinding(this, null);
    const prefix = instancePrefix(instance);
    this.#reaper?.register(instance, prefix);
    return new InstanceBinding(this, prefix);
  }

  /**
   * The table key of a call: a primitive stays itself (a string whatever its characters), anything
   * encoded becomes an interned `CompositeKey`. Throws `KeyEncodingError` (or the key function's error).
   */
  keyOf(thisArg: unknown, args: ArrayLike<unknown>, binding: InstanceBinding | null): CacheKey | MethodKey {
    const strategy = this.#setup.keyStrategy;
    if (strategy === null) {
      if (binding !== null && binding.prefix !== null) {
        const arg = args[0];
        if (args.length === 1 && (typeof arg === 'string' || typeof arg === 'number')) return binding.keyOf(arg);
        return this.#composites.intern(methodKey(binding.prefix, args) as string);
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
   * flight or computing skips straight to the fetch: `lookup` has proven the key absent.
   */
  callKeyed(thisArg: unknown, arg: string | number): unknown {
    const plain = this.#plain;
    if (!this.#plainSync || this.inflightCount !== 0 || plain!.computing.length !== 0) {
      return this.call(thisArg, [arg], null);
    }
    this.misses++;
    return plain!.fetchSync(arg === 0 ? 0 : arg, thisArg, null, arg);
  }

  /** `call` for a decorated method's own arguments, passed spread (see `MethodDefinition`). */
  callMethodSpread(thisArg: unknown, binding: InstanceBinding, ...args: unknown[]): unknown {
    return this.call(thisArg, args, binding);
  }

  /** The slow path of a call: everything the hit lookup did not answer. */
  call(thisArg: unknown, args: ArrayLike<unknown>, binding: InstanceBinding | null): unknown {
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
      return this.fail(error);
    }
    const flight = this.inflight.get(key);
    const computing = this.#plain?.computing;
    if (
      (flight !== undefined && (flight.promise === null || isComputingFlight(flight))) ||
      (computing !== undefined && computing.length !== 0 && includesKey(computing, key))
    ) {
      this.hits++;
      return this.fail(new ReentrantCallError(this.#setup.name, keyForReport(key)));
    }
    return this.#rich !== null ? this.#rich.call(key, thisArg, args) : this.#plain!.call(key, thisArg, args);
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
    if (this.inflight.get(flight.key) === flight) {
      this.inflight.delete(flight.key);
      this.inflightCount = this.inflight.size;
    }
  }

  /** Removes expired entries now (disposing their resources) and records the sweep. */
  sweep(now: number = this.#setup.clock.now()): Promise<void> {
    this.#lastSweep = now;
    const store = this.#store;
    const rich = this.#rich;
    if (store === null || rich === null) return Promise.resolve();
    const disposals: Promise<void>[] = [];
    for (const [, value] of Array.from(store.table.entries())) {
      const entry = value as Entry;
      if (entry.flight !== null) continue;
      let fresh: boolean;
      try {
        fresh = rich.isFresh(entry, now);
      } catch {
        // A failing custom expiry check counts as expired: the entry goes rather than hang the key.
        fresh = false;
      }
      if (!fresh) {
        store.delete(entry.key);
        const settled = rich.retire(entry, 'expired');
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
    if (this.#store === null) return Promise.resolve();
    const disposals: Promise<void>[] = [];
    for (const [, value] of this.#store.clear()) {
      if (value instanceof Entry) {
        const settled = this.#rich!.retire(value, reason);
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
      currentSize: this.#store === null ? 0 : this.#store.table.size,
      lastExpirationCheck: DateTime.fromMillis(this.#lastSweep, { zone: 'utc' }),
    });
  }

  /** The epoch ms of the last sweep (0 before any). */
  get lastSweepMs(): number {
    return this.#lastSweep;
  }
}

/** `keys.includes(key)` by SameValueZero, as a `Map` compares keys (NaN finds NaN). */
function includesKey(keys: readonly CacheKey[], key: CacheKey): boolean {
  for (let i = keys.length - 1; i >= 0; i--) {
    const candidate = keys[i];
    if (candidate === key || (candidate !== candidate && key !== key)) return true;
  }
  return false;
}
