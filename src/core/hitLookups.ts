import { types } from 'node:util';
import type { Clock } from '../contracts/Clock';
import { SystemClock } from '../policies/clock/SystemClock';
import type { SmallIntegerKeyedMap } from '../policies/eviction/SmallIntegerKeyedMap';
import { NO_SLOT, type SlottedTable } from '../policies/eviction/SlottedTable';
import type { LayoutHost } from './LayoutHost';
import { REFRESHING, type Entry } from './Entry';
import { staleChannel } from './events/channels';
import type { EntryStore } from './EntryStore';
import type { SlotDeadlines } from './SlotDeadlines';
import type { CacheKey, MethodKey } from './MethodKey';
import { currentScope } from './scope/cacheScope';
import { MISS, UNDEFINED_VALUE } from './sentinels';

/** A hit lookup: the value a call may return at once, or `MISS` (the slow path decides). @internal */
export type HitLookup = (key: CacheKey) => unknown;

const NOT_FOUND = MISS; // module constants: an imported binding would be a property load per call
const UNDEFINED = UNDEFINED_VALUE;
const FOREVER = Number.POSITIVE_INFINITY;
const ABSENT = NO_SLOT;

/**
 * Builds a cache's hit lookup for its layout (plain or rich) and clock, by key or (for a
 * `MethodKey` stored in a built-in bounded table, a `SlottedTable`) by the value and slot the key
 * carries. Each variant calls methods and module functions only (no captured closure), so V8
 * inlines the same optimised code for every cache, however many are wrapped. `SystemClock` (exact
 * class, no Proxy) is inlined as `Date.now()` (DESIGN.md §1.1). A rich cache whose values never
 * expire (`forever`: rich for its tags, `cacheIf`, resources or negative cache) reads no clock: its
 * fresh entries are those fresh until `Infinity`, and any other (a stored error, a custom policy's)
 * goes to the slow path.
 * @internal
 */
export function buildHitLookup(
  core: LayoutHost,
  store: EntryStore | null,
  clock: Clock,
  byMethodKey: boolean,
  forever = false,
  deadlines: SlotDeadlines | null = null,
): HitLookup {
  if (store === null) return () => NOT_FOUND;
  const table = store.table;
  const slotted = store.slotted!;
  if (deadlines !== null) return timedLookup(core, slotted, deadlines, clock, byMethodKey);
  if (!core.rich) {
    return byMethodKey
      ? (key) => {
          if (core.inflightCount !== 0 || (core.scoped && scopeSkipsEntries())) return NOT_FOUND;
          const stored = (key as MethodKey).stored;
          if (stored !== undefined) slotted.refresh((key as MethodKey).slot);
          return plainHit(core, stored);
        }
      : slotted !== null
        ? slottedPlainLookup(core, slotted)
        : (key) =>
            core.inflightCount !== 0 || (core.scoped && scopeSkipsEntries())
              ? NOT_FOUND
              : plainHit(core, table.get(key));
  }
  if (forever) {
    return byMethodKey
      ? (key) =>
          refreshed(slotted, key as MethodKey, freshForever(core, (key as MethodKey).stored as Entry | undefined))
      : (key) => freshForever(core, table.get(key) as Entry | undefined);
  }
  if (clock.constructor === SystemClock && !types.isProxy(clock)) {
    return byMethodKey
      ? (key) => refreshed(slotted, key as MethodKey, freshNow(core, (key as MethodKey).stored as Entry | undefined))
      : (key) => freshNow(core, table.get(key) as Entry | undefined);
  }
  return byMethodKey
    ? (key) =>
        refreshed(slotted, key as MethodKey, freshByClock(core, clock, (key as MethodKey).stored as Entry | undefined))
    : (key) => freshByClock(core, clock, table.get(key) as Entry | undefined);
}

/**
 * The hit lookup of a plain cache in a built-in bounded table, by key: the slot from the table's key
 * index (a string key straight from its `Map`), then the hit recorded by slot. What the table's `get`
 * does, with two objects and a type test fewer between the call and the `Map`.
 */
function slottedPlainLookup(core: LayoutHost, slotted: SlottedTable<CacheKey, unknown>): HitLookup {
  const index = slotted.keyIndex;
  const byString = index.others;
  return (key) => {
    if (core.inflightCount !== 0 || (core.scoped && scopeSkipsEntries())) return NOT_FOUND;
    // `slotIn` inline, without its NO_SLOT conversion: through it, As measured 94M -> 89M ops/s.
    const slot = typeof key === 'string' ? byString.get(key) : index.get(key);
    if (slot === undefined) return NOT_FOUND;
    slotted.refresh(slot);
    return plainHit(core, slotted.valueAt(slot));
  };
}

/**
 * The hit lookup of a timed plain cache (`SlotDeadlines`): the key's slot (found in the table, or
 * carried by a `MethodKey`), its deadline against now, its value. A slot in flight holds a `NaN`
 * deadline, which is never fresh: such calls join the flight in the slow path.
 */
function timedLookup(
  core: LayoutHost,
  slotted: SlottedTable<CacheKey, unknown>,
  deadlines: SlotDeadlines,
  clock: Clock,
  byMethodKey: boolean,
): HitLookup {
  const index = slotted.keyIndex;
  const byString = index.others;
  if (clock.constructor === SystemClock && !types.isProxy(clock)) {
    return byMethodKey
      ? (key) => {
          const stored = (key as MethodKey).stored;
          return stored === undefined ? NOT_FOUND : timedNow(core, slotted, deadlines, (key as MethodKey).slot);
        }
      : (key) => timedNow(core, slotted, deadlines, slotIn(index, byString, key));
  }
  return byMethodKey
    ? (key) => {
        const stored = (key as MethodKey).stored;
        return stored === undefined
          ? NOT_FOUND
          : timedByClock(core, slotted, deadlines, clock, (key as MethodKey).slot);
      }
    : (key) => timedByClock(core, slotted, deadlines, clock, slotIn(index, byString, key));
}

/** The slot of `key` in a table's key index (a string read from its `Map` directly), or `NO_SLOT`. */
function slotIn(index: SmallIntegerKeyedMap<CacheKey, number>, byString: Map<CacheKey, number>, key: CacheKey): number {
  const slot = typeof key === 'string' ? byString.get(key) : index.get(key);
  return slot === undefined ? ABSENT : slot;
}

/** The value in `slot` if its deadline is after `Date.now()` (the inlined `SystemClock`), else `MISS`. */
function timedNow(
  core: LayoutHost,
  slotted: SlottedTable<CacheKey, unknown>,
  deadlines: SlotDeadlines,
  slot: number,
): unknown {
  if (slot < 0 || !(Date.now() < deadlines.at[slot]) || (core.scoped && scopeSkipsEntries())) return NOT_FOUND;
  slotted.refresh(slot);
  return plainHit(core, slotted.valueAt(slot));
}

/** The value in `slot` if its deadline is after the bound `Clock`'s now, else `MISS`. */
function timedByClock(
  core: LayoutHost,
  slotted: SlottedTable<CacheKey, unknown>,
  deadlines: SlotDeadlines,
  clock: Clock,
  slot: number,
): unknown {
  if (slot < 0 || !(clock.now() < deadlines.at[slot]) || (core.scoped && scopeSkipsEntries())) return NOT_FOUND;
  slotted.refresh(slot);
  return plainHit(core, slotted.valueAt(slot));
}

/** A plain table's stored value as a hit (counted), or `MISS`. */
function plainHit(core: LayoutHost, value: unknown): unknown {
  if (value === undefined) return NOT_FOUND;
  core.hits++;
  // `fromStored`, inlined by hand: an imported function is a property load per call (measured: A
  // 248M → 217M ops/s through it).
  return value === UNDEFINED ? undefined : value;
}

/** A rich entry's value if it is fresh by `Date.now()` (the inlined `SystemClock`), or stale and servable at once; else `MISS`. */
function freshNow(core: LayoutHost, entry: Entry | undefined): unknown {
  if (entry === undefined) return NOT_FOUND;
  const now = Date.now();
  if (!(now < entry.until)) return staleNow(core, entry, now);
  if (core.scoped && scopeSkipsEntries()) return NOT_FOUND;
  core.hits++;
  return entry.value;
}

/** A rich entry's value if it never expires (fresh until `Infinity`), else `MISS`: no clock read. */
function freshForever(core: LayoutHost, entry: Entry | undefined): unknown {
  if (entry === undefined || entry.until !== FOREVER || (core.scoped && scopeSkipsEntries())) return NOT_FOUND;
  core.hits++;
  return entry.value;
}

/** A rich entry's value if it is fresh by the bound `Clock`, or stale and servable at once; else `MISS`. */
function freshByClock(core: LayoutHost, clock: Clock, entry: Entry | undefined): unknown {
  if (entry === undefined) return NOT_FOUND;
  const now = clock.now();
  if (!(now < entry.until)) return staleNow(core, entry, now);
  if (core.scoped && scopeSkipsEntries()) return NOT_FOUND;
  core.hits++;
  return entry.value;
}

/**
 * An expired entry's value as a stale hit (counted) when the slow path would serve it at once and
 * start nothing: inside its `staleWhileRevalidate` window (which an entry without a built-in expiry
 * instant, `until` NaN, never is), with its refresh already in flight or held back by a
 * `staleIfError` backoff, no scope forcing, bypassing or with an aborted signal, and nobody listening
 * on the stale channel (the slow path publishes). Anything else is `MISS`: the slow path decides.
 */
function staleNow(core: LayoutHost, entry: Entry, now: number): unknown {
  if (!(now < entry.until + core.staleWindowMs)) return NOT_FOUND;
  if ((entry.flags & REFRESHING) === 0) {
    const extra = entry.extra;
    if (extra === null || !(now < extra.backoffUntil)) return NOT_FOUND;
  }
  if (staleChannel.hasSubscribers || (core.scoped && scopeRefusesStale())) return NOT_FOUND;
  core.counters.staleHits++;
  return entry.value;
}

/**
 * The current `withCacheScope` forces a refresh or a bypass, or its signal has aborted: only a fresh
 * hit answers a call whose signal has aborted (the slow path rejects the others).
 */
function scopeRefusesStale(): boolean {
  const scope = currentScope();
  return scope !== undefined && (scope.skipsEntries || scope.signal?.aborted === true);
}

/** A rich hit found through a `MethodKey`: refreshes its recency (as the table's `get` would). */
function refreshed(slotted: SlottedTable<CacheKey, unknown>, key: MethodKey, value: unknown): unknown {
  if (value !== NOT_FOUND) slotted.refresh(key.slot);
  return value;
}

/** The current `withCacheScope` forces a refresh or a bypass (only read once a scope has been entered). */
function scopeSkipsEntries(): boolean {
  return currentScope()?.skipsEntries === true;
}
