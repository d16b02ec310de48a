import { DateTime } from 'luxon';
import type { CachedItem } from '../../../src/contracts/CachedItem';

/** 2024-03-30T12:00:00.000Z: a Saturday, the day before Europe's spring DST change. */
export const T0 = Date.UTC(2024, 2, 30, 12, 0, 0, 0);

/** A `CachedItem` stored at `lastFetchedMs` (epoch ms) holding `value`. */
export function itemStoredAt<T = unknown>(lastFetchedMs: number, value?: T, isError = false): CachedItem<T> {
  return {
    value: value as T,
    lastFetched: DateTime.fromMillis(lastFetchedMs, { zone: 'utc' }),
    lastFetchedMs,
    isError,
  };
}

/** Epoch ms of an ISO instant (must carry its offset). */
export function at(iso: string): number {
  const ms = DateTime.fromISO(iso, { setZone: true }).toMillis();
  if (!Number.isFinite(ms)) throw new Error(`bad test instant ${iso}`);
  return ms;
}
