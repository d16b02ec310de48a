import { types } from 'node:util';
import type { Clock } from '../contracts/Clock';
import { SystemClock } from '../policies/clock/SystemClock';
import type { SlottedTable } from '../policies/eviction/SlottedTable';
import type { LayoutHost } from './LayoutHost';
import type { Entry } from './Entry';
import type { EntryStore } from './EntryStore';
import type { CacheKey, MethodKey } from './MethodKey';
import { currentScope } from './scope/cacheScope';
import { MISS, UNDEFINED_VALUE } from './sentinels';

/** A hit lookup: the value a call may return at once, or `MISS` (the slow path decides). @internal */
export type HitLookup = (key: CacheKey) => unknown;

const NOT_FOUND = MISS; // module constants: an imported binding would be a property load per call
const UNDEFINED = UNDEFINED_VALUE;

/**
 * Builds a cache's hit lookup for its layout (plain or rich) and clock, by key or (for a
 * `MethodKey` stored in a built-in bounded table, a `SlottedTable`) by the value and slot the key
 * carries. Each variant calls methods and module functions only (no captured closure), so V8
 * inlines the same optimised code for every cache, however many are wrapped. `SystemClock` (exact class, no Proxy) is inlined as
 * `Date.now()` (DESIGN.md §1.1).
 * @internal
 */
export function buildHitLookup(
  core: LayoutHost,
  store: EntryStore | null,
  clock: Clock,
  byMethodKey: boolean,
): HitLookup {
  if (store === null) return () => NOT_FOUND;
  const table = store.table;
  const slotted = store.slotted!;
  if (!core.rich) {
    return byMethodKey
      ? (key) => {
          if (core.inflightCount !== 0 || (core.scoped && scopeSkipsEntries())) return NOT_FOUND;
          const stored = (key as MethodKey).stored;
          if (stored !== undefined) slotted.refresh((key as MethodKey).slot);
          return plainHit(core, stored);
        }
      : (key) =>
          core.inflightCount !== 0 || (core.scoped && scopeSkipsEntries()) ? NOT_FOUND : plainHit(core, table.get(key));
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

/** A plain table's stored value as a hit (counted), or `MISS`. */
function plainHit(core: LayoutHost, value: unknown): unknown {
  if (value === undefined) return NOT_FOUND;
  core.hits++;
  // `fromStored`, inlined by hand: an imported function is a property load per call (measured: A
  // 248M → 217M ops/s through it).
  return value === UNDEFINED ? undefined : value;
}

/** A rich entry's value if it is fresh by `Date.now()` (the inlined `SystemClock`), else `MISS`. */
function freshNow(core: LayoutHost, entry: Entry | undefined): unknown {
  if (entry === undefined || !(Date.now() < entry.until) || (core.scoped && scopeSkipsEntries())) return NOT_FOUND;
  core.hits++;
  return entry.value;
}

/** A rich entry's value if it is fresh by the bound `Clock`, else `MISS`. */
function freshByClock(core: LayoutHost, clock: Clock, entry: Entry | undefined): unknown {
  if (entry === undefined || !(clock.now() < entry.until) || (core.scoped && scopeSkipsEntries())) return NOT_FOUND;
  core.hits++;
  return entry.value;
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
