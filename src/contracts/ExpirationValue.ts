import type { DateTime, Duration } from 'luxon';
import type { CachedItem } from './CachedItem';
import type { ExpirationPolicy } from './ExpirationPolicy';

/** A wall-clock time of day in a named IANA zone, e.g. `{ time: '11:05', zone: 'Europe/Prague' }`. */
export interface TimeOfDayValue {
  /** `H:m[:s[.f]]`, optionally with an offset. */
  readonly time: string;
  /** An IANA zone name; UTC when omitted. */
  readonly zone?: string;
}
/** A callback expiration: receives the stored item, returns any other expiration value. */
export type ExpirationCallback = (item: CachedItem) => ExpirationValue | PromiseLike<ExpirationValue>;
/**
 * Everything `expiration` and `negativeExpiration` accept (DESIGN.md §5.1): `null`/`undefined`
 * (never), booleans, numbers (seconds, or a Unix deadline above 100,000,000), strings (durations,
 * datetimes, dates, times of day, `$.` data pointers), `Date`, luxon `DateTime`/`Duration`,
 * `{ time, zone }`, callbacks, and `ExpirationPolicy` instances.
 */
export type ExpirationValue =
  | null
  | undefined
  | boolean
  | number
  | string
  | Date
  | DateTime
  | Duration
  | TimeOfDayValue
  | ExpirationPolicy
  | ExpirationCallback;
