import type { ExpirationPolicy } from '../../contracts/ExpirationPolicy';
import { keyForReport } from '../CompositeKey';
import type { CoreSetup } from '../CoreSetup';
import { Entry, REFRESHING } from '../Entry';
import type { EntryStore } from '../EntryStore';
import { ExpiryRule } from '../ExpiryRule';
import type { FetchRunner } from '../FetchRunner';
import { Flight } from '../Flight';
import type { LayoutHost } from '../LayoutHost';
import type { CacheKey } from '../MethodKey';
import type { ActiveScope } from '../scope/cacheScope';
import { outsideScope } from '../scope/cacheScope';
import type { SharedCache } from '../shared/SharedCache';
import { isThenable, markHandled } from '../thenable';
import type { EntryRules } from './EntryRules';
import type { EntryWriter } from './EntryWriter';
import type { FlightWaits } from './FlightWaits';
import type { ResultGate } from './ResultGate';

/** What starts a flight: a call, a background revalidation, or an explicit refresh. @internal */
export interface StartMode {
  readonly background: boolean;
  readonly keepOnFailure: boolean;
}
/** A call's flight. @internal */
export const CALL: StartMode = { background: false, keepOnFailure: false };
/** A stale-while-revalidate refresh (nobody waits for it). @internal */
export const BACKGROUND: StartMode = { background: true, keepOnFailure: false };
/** An explicit `refresh()` (a failure keeps the current entry). @internal */
export const REFRESH: StartMode = { background: false, keepOnFailure: true };

/** What a failed fetch does (see `RichFlights.failureRoute`). @internal */
export type FailureRoute = 'dropped' | 'stale' | 'keep' | 'store' | 'remove';

/**
 * The flights of a rich cache, from start to store: a miss stores a pending entry first; a refetch
 * (`current` set) runs beside the stored entry. The outcome is concluded by its route — stored
 * (expiry resolved once per value, resources adopted), served stale (`staleIfError`), kept out
 * (`cacheIf`, weights, a dropped flight), stored as an error (negative cache) or removed.
 * @internal
 */
export class RichFlights {
  readonly #expiry: ExpiryRule;
  readonly #negativeExpiry: ExpiryRule;

  constructor(
    private readonly core: LayoutHost,
    private readonly store: EntryStore,
    private readonly runner: FetchRunner,
    private readonly setup: CoreSetup,
    private readonly rules: EntryRules,
    private readonly writer: EntryWriter,
    private readonly gate: ResultGate,
    private readonly waits: FlightWaits,
    /** A shared cache's shared-tier side (its flights read and fill the shared tier), or `null`. */
    private readonly shared: SharedCache | null,
  ) {
    const options = setup.options;
    const context = { async: setup.async, name: setup.name, factory: setup.expirationFactory };
    this.#expiry = new ExpiryRule(options.expiration, options.parameters.expiration, context);
    this.#negativeExpiry = new ExpiryRule(options.negativeExpiration, options.parameters.negativeExpiration, context);
  }

  /** How values are resolved into policies (`expiration`). */
  get expiry(): ExpiryRule {
    return this.#expiry;
  }

  /**
   * Starts a flight for `key`: a miss stores a pending entry first; a refetch (`current` set) runs
   * beside the stored entry. Returns what the starting caller gets.
   */
  start(
    key: CacheKey,
    thisArg: unknown,
    args: ArrayLike<unknown>,
    current: Entry | null,
    scope: ActiveScope | undefined,
    mode: StartMode,
  ): unknown {
    const core = this.core;
    const options = this.setup.options;
    const flight = new Flight<Entry>(key, core.generation);
    flight.current = current;
    flight.background = mode.background;
    flight.keepOnFailure = mode.keepOnFailure && current !== null;
    if (options.cacheIf !== null || options.weigh !== null) flight.args = Array.prototype.slice.call(args) as unknown[];
    const tagsOf = options.tagsOf;
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
      if (stale instanceof Entry && stale !== placeholder) void this.writer.retire(stale, 'replaced');
    }
    core.beginFlight(flight);
    if (core.async) this.waits.armSoftTimeout(flight);
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
      const answer = mode.background ? promise : this.waits.join(flight, scope, key);
      if (core.async) this.waits.armHardTimeout(flight);
      return answer;
    }
    return this.#settleSync(flight, result, false);
  }

  /** Starts the one background refresh of a stale entry (sync functions: after the call returns). */
  revalidate(key: CacheKey, entry: Entry, thisArg: unknown, args: ArrayLike<unknown>): void {
    // Until the refresh ends, hits serve the entry stale at once (the hit lookup reads this flag).
    entry.flags |= REFRESHING;
    if (this.core.async) {
      try {
        this.start(key, thisArg, args, entry, undefined, BACKGROUND);
      } catch (error) {
        // A method typed async that throws synchronously: start() has reported it; the caller gets the stale result.
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
          this.start(key, thisArg, copied, entry, undefined, BACKGROUND);
        } catch (error) {
          // start() reports a background failure itself; what reaches here is nobody's to answer.
          void error;
        }
      });
    });
  }

  /** Ends a flight (its key takes new flights again); the entry it refetched is no longer refreshing. */
  #end(flight: Flight<Entry>): void {
    this.core.endFlight(flight);
    const current = flight.current;
    if (current !== null) current.flags &= ~REFRESHING;
  }

  /** Concludes a sync run (value or throw) and returns or throws what the caller gets. */
  #settleSync(flight: Flight<Entry>, outcome: unknown, failed: boolean): unknown {
    this.#end(flight);
    const now = this.setup.clock.now();
    if (failed) return this.#failed(flight, outcome, now, () => this.#negativeExpiry.resolveSync(outcome, true, now));
    if (!this.writer.storable(flight)) return outcome;
    if (!this.gate.cacheable(flight, outcome)) return outcome;
    const weight = this.gate.weighed(flight, outcome);
    if (weight < 0) return outcome;
    let policy: ExpirationPolicy;
    try {
      policy = this.#expiry.resolveSync(outcome, false, now);
    } catch (error) {
      this.writer.discard(flight, 'failed');
      throw error;
    }
    this.writer.storeFlight(flight, { outcome, isError: false, policy, now, parts: null, value: outcome, weight });
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
      if (this.failureRoute(flight, now) === 'store') {
        try {
          policy = await this.#negativeExpiry.resolveAsync(error, true, now);
        } catch (expiryError) {
          this.#end(flight);
          this.writer.discard(flight, 'failed');
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
      if (!this.writer.storable(flight)) {
        // Evicted, cleared or invalidated while in flight: answer the callers, keep nothing, and
        // dispose the value's resources as if it had been stored and evicted (at once on close).
        this.#end(flight);
        if (options.adoption !== null) parts = options.adoption(value, this.setup.lifecycle, adopted);
        this.writer.disposeLate(flight, parts);
        return value;
      }
      if (!this.gate.cacheable(flight, value)) {
        this.#end(flight);
        return value;
      }
      const weight = this.gate.weighed(flight, value);
      if (weight < 0) {
        this.#end(flight);
        return value;
      }
      // Adopt first: whatever fails after this (an expiration that cannot be resolved) disposes it.
      if (options.adoption !== null) parts = options.adoption(value, this.setup.lifecycle, adopted);
      const now = this.setup.clock.now();
      const policy = this.shared?.recordPolicy(flight) ?? (await this.#expiry.resolveAsync(value, false, now));
      this.#end(flight);
      if (!this.writer.storable(flight)) {
        this.writer.disposeLate(flight, parts);
        return value;
      }
      const entry = this.writer.storeFlight(flight, {
        outcome: value,
        isError: false,
        policy,
        now,
        parts,
        value: flight.promise,
        weight,
      });
      if (this.shared?.stored(flight, entry, now) === true) this.revalidate(flight.key, entry, thisArg, args);
    } catch (error) {
      this.#end(flight);
      this.writer.discard(flight, 'failed');
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
  failureRoute(flight: Flight<Entry>, now: number): FailureRoute {
    if (!this.writer.storable(flight)) return 'dropped';
    const current = flight.current;
    if (flight.keepOnFailure) return 'keep';
    if (current !== null && !current.removed && this.rules.withinErrorWindow(current, now)) return 'stale';
    return this.rules.storeErrors ? 'store' : 'remove';
  }

  /** Concludes a failed fetch by its route; returns or throws what its callers get. */
  #failed(flight: Flight<Entry>, error: unknown, now: number, negativePolicy: () => ExpirationPolicy): unknown {
    const core = this.core;
    switch (this.failureRoute(flight, now)) {
      case 'dropped':
        this.writer.discard(flight, null);
        return this.rules.failure(error);
      case 'stale': {
        const current = flight.current!;
        current.more().backoffUntil = now + (this.setup.options.staleIfErrorBackoffMs ?? 0);
        core.report(error, 'refresh', flight.key);
        // One message per caller served the stale result: a sync flight's caller, or the callers
        // still waiting on an async one (none for a background refresh).
        const served = flight.promise !== null ? flight.waiting : flight.background ? 0 : 1;
        for (let i = 0; i < served; i++) this.waits.publishStale(flight.key, 'error');
        return this.rules.deliver(current);
      }
      case 'keep':
        return this.rules.failure(error);
      case 'store': {
        let policy: ExpirationPolicy;
        try {
          policy = negativePolicy();
        } catch (expiryError) {
          this.writer.discard(flight, 'failed');
          throw expiryError;
        }
        const promised = flight.promise !== null;
        const value = promised ? flight.promise : error;
        const stored = this.writer.storeFlight(flight, {
          outcome: error,
          isError: true,
          policy,
          now,
          parts: null,
          value,
          weight: 0,
        });
        if (flight.background) core.report(error, 'refresh', flight.key);
        // A promise flight's callers get its own promise: it must settle with the error, not adopt itself.
        return promised ? this.rules.failure(error) : this.rules.deliver(stored);
      }
      case 'remove':
        this.writer.discard(flight, 'failed');
        if (flight.background) core.report(error, 'refresh', flight.key);
        throw error;
    }
  }
}
