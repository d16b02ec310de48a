import type { RemovalReason } from '../contracts/RemovalReason';
import type { ExpirationPolicy } from '../contracts/ExpirationPolicy';
import { expiresAtOf } from '../policies/expiration/inlineExpiry';
import type { LayoutHost } from './LayoutHost';
import type { CoreSetup } from './CoreSetup';
import { keyForReport } from './CompositeKey';
import { Entry } from './Entry';
import type { EntryStore } from './EntryStore';
import type { ExpiryRule } from './ExpiryRule';
import type { FetchRunner } from './FetchRunner';
import { Flight } from './Flight';
import type { CacheKey } from './MethodKey';
import { isThenable, markHandled, noop } from './thenable';

/**
 * The slow path of a *rich* cache, whose table holds `Entry`s: expiry (resolved once per stored
 * value), the negative cache, refetches that keep serving until they settle, and the resources an
 * entry owns (`wrapAsyncExitStack`), disposed whenever the entry leaves.
 * @internal
 */
export class RichLayout {
  readonly #storeErrors: boolean;
  readonly #rethrow: boolean;

  constructor(
    private readonly core: LayoutHost,
    private readonly store: EntryStore,
    private readonly runner: FetchRunner,
    private readonly setup: CoreSetup,
    private readonly expiry: ExpiryRule,
    private readonly negativeExpiry: ExpiryRule,
  ) {
    this.#storeErrors = setup.options.parameters.negativeCache !== false;
    this.#rethrow = setup.options.parameters.negativeCache === 'rethrow';
  }

  /** A call the hit lookup did not answer (its key not re-entrant). */
  call(key: CacheKey, thisArg: unknown, args: ArrayLike<unknown>): unknown {
    const core = this.core;
    const entry = this.store.table.get(key) as Entry | undefined;
    if (entry !== undefined) {
      core.hits++;
      if (entry.flight !== null) return entry.flight.promise;
      let fresh: boolean;
      try {
        fresh = this.isFresh(entry, this.setup.clock.now());
      } catch (error) {
        this.store.deleteIfHolding(entry.key, entry);
        void this.retire(entry, 'expired');
        return core.fail(error);
      }
      if (fresh) return this.#deliver(entry);
      return this.#fetch(key, thisArg, args, entry);
    }
    core.misses++;
    return this.#fetch(key, thisArg, args, null);
  }

  /** Whether a settled entry is still fresh at `now` (a custom policy may throw). */
  isFresh(entry: Entry, now: number): boolean {
    return entry.policy === null ? now < entry.expiresAt : !entry.policy.isExpired(entry.item(), now);
  }

  /** Marks an entry gone and disposes what it owns (or what it was replacing, if still pending). */
  retire(entry: Entry, reason: RemovalReason): Promise<void> | undefined {
    entry.removed = true;
    entry.removedFor = reason;
    let settled: Promise<void> | undefined;
    if (entry.parts !== null) {
      const delay = reason === 'unbound' ? null : this.setup.options.closeDelayMs;
      settled = this.setup.disposals.schedule(entry.parts, reason, keyForReport(entry.key), delay);
      entry.parts = null;
    }
    const previous = entry.previous;
    if (previous !== null) {
      entry.previous = null;
      const more = this.retire(previous, reason);
      if (more !== undefined) settled = settled === undefined ? more : Promise.all([settled, more]).then(noop);
    }
    return settled;
  }

  #deliver(entry: Entry): unknown {
    if (entry.isError && this.#rethrow && !isThenable(entry.value)) throw entry.outcome;
    return entry.value;
  }

  #fetch(key: CacheKey, thisArg: unknown, args: ArrayLike<unknown>, previous: Entry | null): unknown {
    const flight = new Flight(key, this.core.generation);
    const entry = new Entry(key, flight);
    entry.previous = previous;
    this.core.beginFlight(flight);
    this.store.put(key, entry);
    let result: unknown;
    try {
      result = this.runner.invoke(flight, thisArg, args);
    } catch (error) {
      return this.#settleSync(entry, error, true);
    }
    if (isThenable(result)) {
      const promise = this.#settle(entry, result, thisArg, args);
      markHandled(promise);
      flight.promise = promise;
      entry.value = promise;
      return promise;
    }
    return this.#settleSync(entry, result, false);
  }

  /** Stores the outcome of a synchronous call (value or error) and returns or throws it. */
  #settleSync(entry: Entry, outcome: unknown, failed: boolean): unknown {
    this.core.endFlight(entry.flight!);
    if (failed && !this.#storeErrors) {
      this.#drop(entry, 'failed');
      throw outcome;
    }
    if (!entry.removed) {
      const now = this.setup.clock.now();
      try {
        const policy = (failed ? this.negativeExpiry : this.expiry).resolveSync(outcome, failed, now);
        this.#fill(entry, outcome, failed, policy, now);
      } catch (error) {
        this.#drop(entry, 'failed');
        throw error;
      }
      entry.value = outcome;
    }
    if (failed && this.#rethrow) throw outcome;
    return outcome;
  }

  async #settle(
    entry: Entry,
    first: PromiseLike<unknown>,
    thisArg: unknown,
    args: ArrayLike<unknown>,
  ): Promise<unknown> {
    const flight = entry.flight!;
    const { options, disposals } = this.setup;
    let value: unknown;
    let failed = false;
    try {
      value = await this.runner.awaitWithRetries(flight, first, thisArg, args);
    } catch (error) {
      value = error;
      failed = true;
    }
    const adopted: unknown[] = [];
    let parts: unknown[] | null = null;
    try {
      if (failed && !this.#storeErrors) throw value;
      // Adopt first: whatever fails after this (an expiration that cannot be resolved) disposes it.
      if (!failed && options.adoption !== null) parts = options.adoption(value, this.setup.lifecycle, adopted);
      const now = this.setup.clock.now();
      const policy = await (failed ? this.negativeExpiry : this.expiry).resolveAsync(value, failed, now);
      this.core.endFlight(flight);
      if (entry.removed) {
        // Evicted or cleared while in flight: answer the callers, keep nothing. After close() or an
        // unbind, dispose at once ('unbound'): the manager is shutting down.
        if (parts !== null) {
          const closing = entry.removedFor === 'unbound';
          void disposals.schedule(
            parts,
            closing ? 'unbound' : 'evicted',
            keyForReport(entry.key),
            closing ? null : options.closeDelayMs,
          );
        }
      } else {
        entry.parts = parts;
        this.#fill(entry, value, failed, policy, now);
      }
    } catch (error) {
      this.core.endFlight(flight);
      this.#drop(entry, 'failed');
      const orphans = parts ?? adopted;
      if (orphans.length > 0) void disposals.schedule(orphans, 'failed', keyForReport(entry.key), options.closeDelayMs);
      throw error;
    }
    if (failed && this.#rethrow) throw value;
    return value;
  }

  /** Fills a pending entry with its outcome and policy, and retires the entry it replaced. */
  #fill(entry: Entry, outcome: unknown, isError: boolean, policy: ExpirationPolicy, now: number): void {
    entry.outcome = outcome;
    entry.isError = isError;
    entry.fetchedAt = now;
    const inline = expiresAtOf(policy);
    if (inline !== null) {
      entry.policy = null;
      entry.expiresAt = inline(now);
      entry.until = isError && this.#rethrow && !this.core.async ? Number.NaN : entry.expiresAt;
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
      void this.retire(previous, 'replaced');
    }
  }

  /** Removes a failed pending entry (nothing stored) and retires what it replaced. */
  #drop(entry: Entry, reason: RemovalReason): void {
    entry.flight = null;
    if (!entry.removed) this.store.deleteIfHolding(entry.key, entry);
    entry.removed = true;
    const previous = entry.previous;
    entry.previous = null;
    if (previous !== null) void this.retire(previous, reason);
  }
}
