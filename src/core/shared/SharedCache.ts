import type { SharedCacheStats } from '../../contracts/CacheStats';
import type { ExpirationPolicy } from '../../contracts/ExpirationPolicy';
import { SharedTierError, type SharedTierOperation } from '../../contracts/errors/SharedTierError';
import { expiresAtOf } from '../../policies/expiration/inlineExpiry';
import { InstantExpiration } from '../../policies/expiration/InstantExpiration';
import type { SharedLease } from '../../policies/shared/SharedLease';
import type { SharedRecord } from '../../policies/shared/SharedRecord';
import type { SharedTier } from '../../policies/shared/SharedTier';
import type { SharedBusMessage } from '../../policies/shared/types';
import { encodeDeterministically } from '../../strategies/encoding/encodeKey';
import { keyForReport } from '../CompositeKey';
import type { CoreSetup } from '../CoreSetup';
import { Entry } from '../Entry';
import type { EntryStore } from '../EntryStore';
import { staleChannel } from '../events/channels';
import type { FetchRunner } from '../FetchRunner';
import type { Flight } from '../Flight';
import type { CacheKey } from '../MethodKey';
import { trackFlight } from '../reentrancy';
import { isThenable } from '../thenable';
import { reportShared } from './reportShared';
import type { SharedHost } from './SharedHost';
import type { SharedBusTarget, SharedLink } from './SharedLink';
import type { SharedSetup } from './SharedSetup';
import { FOREIGN_KEY, sharedRecordKeyOf, tableKeyOfRecord } from './sharedTableKeys';

/** A wait that ends `vacant` (no record, no lease) tries the lease again this many times in all. */
const LEASE_ATTEMPTS = 3;

/** What one flight of a shared cache learned on its way (kept beside the flight, by the flight). */
interface FlightState {
  readonly key: CacheKey;
  readonly recordKey: string;
  /** The value came from this record: the memory tier keeps it with the record's times. */
  record: SharedRecord | null;
  /** This process holds the key's lease: it fills the record once the value is stored. */
  lease: SharedLease | null;
  /** The lease was filled or failed. */
  settled: boolean;
  /** A record existed before: the store that replaces it is published (`replace`). */
  existed: boolean;
  /** An explicit refresh: the value is written (no lease) and published once stored. */
  write: boolean;
  /** A stale record inside `staleWhileRevalidate` answered: a background refresh starts once stored. */
  revalidate: boolean;
  /** A stale record answered after the fetch failed (`staleIfError`): its backoff starts once stored. */
  backoff: boolean;
  /** When the fetch started here (the record's `createdAt`, compared with tag times). */
  startedAt: number;
  /** The `createdAt` of the newest record seen and not taken (stale, tag-invalidated): a wait ignores it. */
  seen: number;
}

/**
 * The shared-tier side of one shared cache (`shared` option, design/shared-tier.md), for the
 * `CacheCore` and `RichLayout` that own it. The memory tier (L1) stays the cache's table; this adds:
 *
 * - **keys**: table keys are computed with deterministic encoding (`keyOf`), and each maps to one
 *   record key `namespace:name:version:{args}` (`sharedRecordKeyOf`) and back;
 * - **the read path** of a flight (`run`, instead of calling the function): one `read` of the record;
 *   a usable record answers (with its own times: `recordPolicy`; a stale one inside
 *   `staleWhileRevalidate` answers and starts one background refresh, whose lease decides who
 *   refreshes); else the lease: its holder runs the function (retries, timeouts as usual) and fills
 *   the record once the value is stored (`stored`), without delaying its callers; every other
 *   process waits for the fill notification, and fetches itself (degraded) when the wait ends without
 *   a value. A stale record inside `staleIfError` answers when the fetch fails. Failures are not
 *   shared: the lease is failed, and negative-cache entries stay in memory;
 * - **controls** that reach the shared tier and every other process: `invalidated` (delete and
 *   publish), `afterSet` (write and publish), `cleared` (delete by prefix and publish), and an
 *   explicit refresh's write;
 * - **the bus's effects** on the memory tier (`SharedBusTarget`, routed by the manager's link).
 *
 * A call never fails or hangs because of the tier: every tier call is bounded by the tier's
 * command timeout, a failure makes that call behave as memory-only and is reported once
 * (`CacheErrorHandler`, operation `'shared-*'`), and a skipped tier (`available` false) is not
 * touched at all.
 * @internal
 */
export class SharedCache implements SharedBusTarget {
  readonly prefix: string;
  readonly #host: SharedHost;
  readonly #tier: SharedTier;
  readonly #link: SharedLink;
  readonly #store: EntryStore;
  readonly #runner: FetchRunner;
  readonly #setup: CoreSetup;
  /** The longer stale window: a record stays usable this long after its fresh-until. */
  readonly #usableMs: number;

  constructor(host: SharedHost, shared: SharedSetup, store: EntryStore, runner: FetchRunner, setup: CoreSetup) {
    this.#host = host;
    this.#tier = shared.tier;
    this.#link = shared.link;
    this.prefix = shared.prefix;
    this.#store = store;
    this.#runner = runner;
    this.#setup = setup;
    const { staleWhileRevalidateMs, staleIfErrorMs } = setup.options;
    this.#usableMs = Math.max(staleWhileRevalidateMs ?? 0, staleIfErrorMs ?? 0);
    shared.link.register(this);
  }

  // ---- keys ----

  /** Runs a table-key computation with deterministic encoding: identity fails with `KeyEncodingError`. */
  keyOf<K>(compute: () => K): K {
    return encodeDeterministically(compute);
  }

  /** The record key of a table key. */
  recordKey(key: CacheKey): string {
    return sharedRecordKeyOf(this.prefix, key);
  }

  // ---- the read path ----

  /**
   * What a flight awaits instead of the function's own promise (with its retries already applied).
   * `explicit`: a `refresh()` (or `forceRefresh`), which runs the function now and writes its value.
   */
  run(flight: Flight, key: CacheKey, thisArg: unknown, args: ArrayLike<unknown>, explicit: boolean): Promise<unknown> {
    const state: FlightState = {
      key,
      recordKey: this.recordKey(key),
      record: null,
      lease: null,
      settled: false,
      existed: false,
      write: explicit,
      revalidate: false,
      backoff: false,
      startedAt: Number.NaN,
      seen: Number.NEGATIVE_INFINITY,
    };
    flight.shared = state;
    if (explicit) return this.#runLocal(flight, state, thisArg, args, null);
    // Until the function runs here (if ever), nothing can re-enter this flight: re-entry tracking,
    // whose promise hooks tax every promise of the process, starts with the run (see #runLocal).
    flight.release();
    return this.#fetch(flight, state, thisArg, args);
  }

  /** The expiration of a value that came from a record: its own fresh-until (L1 never outlives L2). */
  recordPolicy(flight: Flight): ExpirationPolicy | undefined {
    const record = (flight.shared as FlightState | null)?.record;
    if (record === null || record === undefined) return undefined;
    return new InstantExpiration(Math.min(record.freshUntil, record.usableUntil - this.#usableMs));
  }

  /**
   * A flight's value was stored as `entry`: the lease holder fills the record (an explicit refresh
   * writes it), publishing `replace` when a record existed; a stale-if-error answer starts its
   * backoff. True when a stale record answered inside `staleWhileRevalidate`: the caller starts
   * the background refresh.
   */
  stored(flight: Flight, entry: Entry, now: number): boolean {
    const state = flight.shared as FlightState | null;
    if (state === null) return false;
    if (state.backoff) entry.more().backoffUntil = now + (this.#setup.options.staleIfErrorBackoffMs ?? 0);
    if (state.record !== null) return state.revalidate;
    const lease = state.lease;
    if (lease !== null) {
      if (!state.settled) {
        state.settled = true;
        void this.#fill(lease, this.#recordOf(entry, state.startedAt, state.recordKey), state);
      }
    } else if (state.write) {
      const record = this.#recordOf(entry, state.startedAt, state.recordKey);
      if (record !== undefined) void this.#write(state.recordKey, record);
    }
    return false;
  }

  async #fetch(flight: Flight, state: FlightState, thisArg: unknown, args: ArrayLike<unknown>): Promise<unknown> {
    this.#link.listen();
    const tier = this.#tier;
    if (!tier.available) return this.#degraded(flight, state, thisArg, args, null);
    let record: SharedRecord | undefined;
    try {
      record = await tier.read(state.recordKey);
    } catch (error) {
      this.#report(error, 'shared-read', state.recordKey);
      return this.#degraded(flight, state, thisArg, args, null);
    }
    let stale: SharedRecord | null = null;
    if (record !== undefined) {
      state.seen = record.createdAt;
      const valid = record.tags.length === 0 || (await this.#tagsValid(record));
      if (valid === undefined) return this.#degraded(flight, state, thisArg, args, null);
      if (valid) {
        const now = this.#setup.clock.now();
        if (now < record.freshUntil) {
          this.#host.counters.sharedHits++;
          return this.#answer(state, record);
        }
        state.existed = true;
        if (flight.current === null) {
          const { staleWhileRevalidateMs, staleIfErrorMs } = this.#setup.options;
          const age = now - record.freshUntil;
          if (staleWhileRevalidateMs !== null && age < staleWhileRevalidateMs) {
            // Served stale at once; the background refresh that follows takes the lease or not.
            this.#host.counters.sharedHits++;
            state.revalidate = true;
            return this.#answer(state, record);
          }
          if (staleIfErrorMs !== null && age < staleIfErrorMs) stale = record;
        }
      }
    }
    return this.#leaseOrWait(flight, state, thisArg, args, stale);
  }

  /** The cross-process single flight: take the lease and fetch, or wait for the holder's fill. */
  async #leaseOrWait(
    flight: Flight,
    state: FlightState,
    thisArg: unknown,
    args: ArrayLike<unknown>,
    stale: SharedRecord | null,
  ): Promise<unknown> {
    const tier = this.#tier;
    for (let attempt = 0; attempt < LEASE_ATTEMPTS && tier.available; attempt++) {
      let lease: SharedLease | null;
      try {
        lease = await tier.acquireLease(state.recordKey);
      } catch (error) {
        this.#report(error, 'shared-lock', state.recordKey);
        break;
      }
      if (lease !== null) {
        state.lease = lease;
        // Once the flight has settled (the value stored or not), a lease neither filled nor failed is
        // failed, so no waiter waits in vain (`flight.promise` is set: the layout set it on return).
        const done = (): void => this.#finish(state);
        flight.promise?.then(done, done);
        return this.#runLocal(flight, state, thisArg, args, stale);
      }
      const hardTimeoutMs = this.#setup.options.hardTimeoutMs;
      let outcome;
      try {
        outcome = await tier.waitForFill(state.recordKey, {
          timeoutMs: hardTimeoutMs ?? undefined,
          signal: flight.signal,
          newerThan: state.seen,
        });
      } catch (error) {
        this.#report(error, 'shared-read', state.recordKey);
        break;
      }
      if (outcome.kind === 'aborted') throw outcome.reason;
      if (outcome.kind === 'filled') {
        const record = outcome.record;
        const valid = await this.#tagsValid(record);
        if (valid === undefined) break;
        if (valid && this.#setup.clock.now() < record.freshUntil) {
          this.#host.counters.sharedNotified++;
          return this.#answer(state, record);
        }
        // Filled with something already stale or invalidated since: the key is free again.
        state.seen = Math.max(state.seen, record.createdAt);
        continue;
      }
      if (outcome.kind !== 'vacant') break; // failed, timeout, lost: fetch here
    }
    return this.#degraded(flight, state, thisArg, args, stale);
  }

  /** Runs the function here without the cross-process single flight (counted), keeping nothing in L2. */
  #degraded(
    flight: Flight,
    state: FlightState,
    thisArg: unknown,
    args: ArrayLike<unknown>,
    stale: SharedRecord | null,
  ): Promise<unknown> {
    this.#host.counters.sharedDegraded++;
    return this.#runLocal(flight, state, thisArg, args, stale);
  }

  /**
   * Runs the function (its retries included, counted and traced by the runner). With a stale record
   * inside `staleIfError`, a failure answers with the record instead (reported, as locally).
   */
  #runLocal(
    flight: Flight,
    state: FlightState,
    thisArg: unknown,
    args: ArrayLike<unknown>,
    stale: SharedRecord | null,
  ): Promise<unknown> {
    state.startedAt = this.#setup.clock.now();
    // The function may re-enter its own flight from now on: track it (once; releasing is idempotent).
    flight.release();
    flight.release = trackFlight();
    let settled: Promise<unknown>;
    try {
      const first = this.#runner.invoke(flight, state.key, thisArg, args);
      settled = isThenable(first)
        ? this.#runner.awaitWithRetries(flight, first, thisArg, args)
        : Promise.resolve(first);
    } catch (error) {
      // The function threw synchronously (its retries are done): the flight fails with it.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the function's own thrown value
      settled = Promise.reject(error);
    }
    return stale === null ? settled : settled.catch((error: unknown) => this.#staleAfter(error, state, stale));
  }

  /** `staleIfError` across tiers: the stale record answers a failed fetch while its window lasts. */
  #staleAfter(error: unknown, state: FlightState, stale: SharedRecord): unknown {
    const window = this.#setup.options.staleIfErrorMs;
    const now = this.#setup.clock.now();
    if (window === null || now - stale.freshUntil >= window || now >= stale.usableUntil) throw error;
    state.backoff = true;
    const name = this.#host.name;
    const key = keyForReport(state.key);
    try {
      this.#setup.errorHandler.handle(error, { operation: 'refresh', key, cache: name });
    } catch {
      // A failing handler must never reach the cache or a caller (DESIGN.md §1.1).
    }
    if (staleChannel.hasSubscribers) staleChannel.publish({ cache: name, key, cause: 'error' });
    return this.#answer(state, stale);
  }

  #answer(state: FlightState, record: SharedRecord): unknown {
    state.record = record;
    return record.value;
  }

  /** A record is valid when it was created after each of its tags' latest invalidation (`undefined`: unknown). */
  async #tagsValid(record: SharedRecord): Promise<boolean | undefined> {
    if (record.tags.length === 0) return true;
    const times = await this.#link.tagTimes(record.tags, this.#host.name);
    if (times === undefined) return undefined;
    return times.every((time) => record.createdAt > time);
  }

  /** The record of a stored entry, or `undefined` (reported) when its expiry is no instant. */
  #recordOf(entry: Entry, createdAt: number, recordKey: string): SharedRecord | undefined {
    const freshUntil = entry.until;
    if (Number.isNaN(freshUntil) || entry.isError) {
      this.#report(
        new SharedTierError(
          'shared-write',
          'record',
          'the value expires by a custom ExpirationPolicy, which gives no instant to store: it stays in this process',
          { key: recordKey },
        ),
        'shared-write',
        recordKey,
      );
      return undefined;
    }
    return {
      value: entry.outcome,
      createdAt: Number.isNaN(createdAt) ? this.#setup.clock.now() : createdAt,
      freshUntil,
      usableUntil: freshUntil === Infinity ? Infinity : freshUntil + this.#usableMs,
      tags: entry.extra?.tags ?? [],
    };
  }

  /** Fills the held lease (or fails it), then publishes `replace` over an existing record. */
  async #fill(lease: SharedLease, record: SharedRecord | undefined, state: FlightState): Promise<void> {
    try {
      if (record === undefined) {
        await lease.fail();
        return;
      }
      await lease.fill(record);
    } catch (error) {
      this.#report(error, record === undefined ? 'shared-lock' : 'shared-write', state.recordKey);
      return;
    }
    if (state.existed) await this.#publish({ type: 'replace', keys: [state.recordKey] }, state.recordKey);
  }

  /** A flight ended: a lease neither filled nor failed (nothing stored, a failure) is failed now. */
  #finish(state: FlightState): void {
    const lease = state.lease;
    if (lease === null || state.settled) return;
    state.settled = true;
    lease.fail().catch((error: unknown) => this.#report(error, 'shared-lock', state.recordKey));
  }

  /** Writes a record without a lease and publishes `replace` (`set`, `refresh`). */
  async #write(recordKey: string, record: SharedRecord): Promise<void> {
    if (!this.#tier.available) return;
    try {
      await this.#tier.write(recordKey, record);
    } catch (error) {
      this.#report(error, 'shared-write', recordKey);
      return;
    }
    await this.#publish({ type: 'replace', keys: [recordKey] }, recordKey);
  }

  async #publish(message: SharedBusMessage, key: string | undefined): Promise<void> {
    if (!this.#tier.available) return;
    try {
      await this.#tier.publish(message);
    } catch (error) {
      this.#report(error, 'shared-bus', key);
    }
  }

  #report(error: unknown, operation: SharedTierOperation, key: string | undefined): void {
    reportShared(this.#setup.errorHandler, error, operation, key, this.#host.name);
  }

  // ---- controls ----

  /** After `invalidate`: deletes the record and publishes it; resolves `dropped` once both are done. */
  async invalidated(key: CacheKey, dropped: boolean): Promise<boolean> {
    const recordKey = this.recordKey(key);
    if (!this.#tier.available) return dropped;
    try {
      await this.#tier.delete([recordKey]);
    } catch (error) {
      this.#report(error, 'shared-write', recordKey);
    }
    await this.#publish({ type: 'invalidate', keys: [recordKey] }, recordKey);
    return dropped;
  }

  /** After `set`: once the value is stored, writes its record and publishes `replace`. */
  async afterSet(key: CacheKey, storing: Promise<void>): Promise<void> {
    const createdAt = this.#setup.clock.now();
    await storing;
    const entry = this.#store.table.peek(key);
    if (!(entry instanceof Entry) || entry.flight !== null || entry.removed) return;
    const recordKey = this.recordKey(key);
    const record = this.#recordOf(entry, createdAt, recordKey);
    if (record !== undefined) await this.#write(recordKey, record);
  }

  /** After `clearCache()`: deletes every record of the cache (by prefix) and publishes `clear`. */
  async cleared(): Promise<void> {
    if (!this.#tier.available) return;
    try {
      await this.#tier.deletePrefix(this.prefix);
    } catch (error) {
      this.#report(error, 'shared-write', this.prefix);
    }
    await this.#publish({ type: 'clear', prefix: this.prefix }, this.prefix);
  }

  /** The shared-tier counters of `cacheStats()`. */
  stats(): SharedCacheStats {
    const { sharedHits, sharedNotified, sharedDegraded } = this.#host.counters;
    return Object.freeze({ hits: sharedHits, notified: sharedNotified, degraded: sharedDegraded });
  }

  // ---- the bus (SharedBusTarget) ----

  /** {@inheritDoc SharedBusTarget.recordLifeMs} */
  recordLifeMs(now: number): number {
    const inline = expiresAtOf(this.#setup.options.expiration);
    if (inline === null) return Infinity; // a callback or a pointer: any instant
    const freshUntil = inline(now);
    return freshUntil === Infinity ? Infinity : Math.max(0, freshUntil - now) + this.#usableMs;
  }

  /** {@inheritDoc SharedBusTarget.dropRecords} */
  dropRecords(recordKeys: readonly string[], settledOnly: boolean): void {
    for (const recordKey of recordKeys) {
      const key = tableKeyOfRecord(recordKey, this.prefix, (text) => this.#host.compositeKey(text));
      if (key !== FOREIGN_KEY) this.#host.invalidateKey(key, settledOnly);
    }
  }

  /** {@inheritDoc SharedBusTarget.dropAll} */
  dropAll(): void {
    this.#host.dropMemory();
  }

  /** {@inheritDoc SharedBusTarget.dropTags} */
  dropTags(tags: ReadonlySet<string>): void {
    if (this.#setup.options.tagsOf !== null) this.#host.invalidateTags(tags);
  }
}
