import type { ExpirationPolicy } from '../../contracts/ExpirationPolicy';
import type { RemovalReason } from '../../contracts/RemovalReason';
import { expiresAtOf } from '../../policies/expiration/inlineExpiry';
import { keyForReport } from '../CompositeKey';
import type { CoreSetup } from '../CoreSetup';
import { Entry, IS_ERROR, REMOVED } from '../Entry';
import type { EntryStore } from '../EntryStore';
import type { Flight } from '../Flight';
import type { LayoutHost } from '../LayoutHost';
import type { CacheKey } from '../MethodKey';
import { carriesAny, TagIndex } from '../TagIndex';
import { isThenable } from '../thenable';
import type { EntryRules } from './EntryRules';

/** A settled outcome as it is stored: the value, its error flag, policy, time, resources and weight. */
export interface StoredOutcome {
  readonly outcome: unknown;
  readonly isError: boolean;
  readonly policy: ExpirationPolicy;
  readonly now: number;
  readonly parts: unknown[] | null;
  /** What a hit returns: the outcome, or the promise of it for promise-returning functions. */
  readonly value: unknown;
  readonly weight: number;
}

/**
 * Writes and removes a rich cache's entries: fills a flight's outcome into its pending entry (or a
 * new one replacing the entry it refetched), stores what `set` gives, and retires whatever leaves
 * the table — counted and published, its tags forgotten, its resources disposed. Owns the cache's
 * tag index (`tags` option).
 * @internal
 */
export class EntryWriter {
  /** The entries by tag; `null` without the `tags` option. */
  readonly tags: TagIndex | null;

  constructor(
    private readonly core: LayoutHost,
    private readonly store: EntryStore,
    private readonly setup: CoreSetup,
    private readonly rules: EntryRules,
  ) {
    this.tags = setup.options.tagsOf === null ? null : new TagIndex();
  }

  /** The flight may still store (not dropped, not cleared since, its pending entry not evicted). */
  storable(flight: Flight<Entry>): boolean {
    return flight.dropped === null && flight.generation === this.core.generation && !flight.placeholder?.removed;
  }

  /** Stores a flight's outcome as the key's entry (its pending one, or a new one replacing `current`). */
  storeFlight(flight: Flight<Entry>, stored: StoredOutcome): Entry {
    const placeholder = flight.placeholder;
    // A refetch beside a stored entry stores late: under the key's live form (its entry may have left meanwhile).
    const key = placeholder === null ? this.store.liveKey(flight.key) : flight.key;
    const entry = placeholder ?? new Entry(key, null);
    this.#fill(entry, stored, flight.tags);
    const previous = placeholder === null ? this.store.table.peek(key) : undefined;
    this.store.put(key, entry, false, stored.weight);
    const current = flight.current;
    if (current !== null && current !== entry && !current.removed) {
      keepShared(current, stored.parts);
      void this.retire(current, 'replaced');
    }
    // What a call stored after the refetched entry left (another flight's pending entry) is replaced too.
    if (previous instanceof Entry && previous !== entry && previous !== current) void this.retire(previous, 'replaced');
    return entry;
  }

  /** Stores a new settled entry under `key` (what `set` gives), retiring whatever the table held there ('replaced'). */
  replace(stale: CacheKey, stored: StoredOutcome, tags: readonly string[] | null): void {
    const key = this.store.liveKey(stale);
    const previous = this.store.table.peek(key);
    const entry = new Entry(key, null);
    this.#fill(entry, stored, tags);
    this.store.put(key, entry, false, stored.weight);
    if (previous instanceof Entry && previous !== entry) {
      keepShared(previous, stored.parts);
      void this.retire(previous, 'replaced');
    }
  }

  /** Fills `entry` with a settled outcome, its expiry, resources and tags. */
  #fill(entry: Entry, stored: StoredOutcome, tags: readonly string[] | null): void {
    const { outcome, isError, policy, now, parts, value } = stored;
    entry.flight = null;
    entry.outcome = outcome;
    entry.value = value;
    entry.flags = isError ? IS_ERROR : 0;
    const inline = expiresAtOf(policy);
    if (inline !== null) {
      const expiresAt = inline(now);
      if (isError && this.rules.rethrow && !isThenable(value)) {
        // A sync stored error under 'rethrow' is thrown by the slow path: the hit path never serves it.
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
    if (tags !== null && this.tags !== null) {
      entry.more().tags = tags;
      this.tags.add(entry, tags);
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
    if (extra.tags !== null) this.tags?.remove(entry, extra.tags);
    const parts = extra.parts;
    if (parts === null) return undefined;
    extra.parts = null;
    const delay = reason === 'unbound' ? null : this.setup.options.closeDelayMs;
    return this.setup.disposals.schedule(parts, reason, keyForReport(entry.key), delay);
  }

  /** Removes `entry` from the table and retires it (when the table still holds it there). */
  remove(entry: Entry, reason: RemovalReason): Promise<void> | undefined {
    this.store.deleteIfHolding(entry.key, entry);
    return this.retire(entry, reason);
  }

  /**
   * Nothing is stored for `flight`: its pending entry leaves the table (uncounted: a flight is no
   * entry), and with `reason` the entry it refetched is removed too (a failed refetch: `'failed'`).
   */
  discard(flight: Flight<Entry>, reason: RemovalReason | null): void {
    const placeholder = flight.placeholder;
    if (placeholder !== null && !placeholder.removed) {
      placeholder.flags |= REMOVED;
      placeholder.flight = null;
      this.store.deleteIfHolding(placeholder.key, placeholder);
    }
    const current = flight.current;
    if (reason !== null && current !== null && !current.removed) void this.remove(current, reason);
  }

  /** Resources of a result that may no longer be stored: disposed as if evicted (or at once on close). */
  disposeLate(flight: Flight<Entry>, parts: unknown[] | null): void {
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

  /** Removes every entry carrying one of `tags` and drops tagged flights; returns the entries removed. */
  invalidateTags(tags: ReadonlySet<string>): number {
    if (this.tags === null) return 0;
    let removed = 0;
    for (const entry of this.tags.carrying(tags)) {
      if (entry.removed) continue;
      void this.remove(entry, 'invalidated');
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
}

/**
 * A new value may hand back the very resource of the entry it replaces (a shared client, a `set` of
 * the stored value): that part stays with the new entry and is not disposed with the old one.
 */
function keepShared(replaced: Entry, parts: readonly unknown[] | null): void {
  const old = replaced.extra?.parts ?? null;
  if (parts !== null && old !== null) replaced.extra!.parts = old.filter((part) => !parts.includes(part));
}
