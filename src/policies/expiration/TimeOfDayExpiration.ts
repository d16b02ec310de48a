import { DateTime, Info, type Zone } from 'luxon';
import { InvalidExpirationError } from '../../contracts/errors/InvalidExpirationError';
import type { CachedItem } from '../../contracts/CachedItem';
import { ExpirationPolicy } from '../../contracts/ExpirationPolicy';

/** A wall-clock time of day and the zone it is read in. */
export interface TimeOfDayFields {
  /** 0–23. */
  readonly hour: number;
  /** 0–59. @defaultValue `0` */
  readonly minute?: number;
  /** 0–59. @defaultValue `0` */
  readonly second?: number;
  /** 0–999. @defaultValue `0` */
  readonly millisecond?: number;
  /**
   * An IANA zone name (`'Europe/Prague'`), a fixed offset luxon understands (`'UTC+2'`), or a luxon
   * `Zone`. @defaultValue `'UTC'`
   */
  readonly zone?: string | Zone;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * A daily refresh: a value expires at the **next occurrence** of a wall-clock time strictly after it
 * was stored (a value stored exactly at that time lives until the next day's). The time is read in
 * its zone: a fixed offset, or a named IANA zone, where daylight-saving days work: on a day the time
 * is skipped (spring forward) it expires when the clock would have shown it (02:30 → 03:30 new
 * time); on a day it occurs twice (fall back) the next of the two occurrences after the fetch counts.
 * aquiche fixed the date when the record was created, so every call after that time refetched; this
 * does not.
 * @example
 * // every day at 11:05 Prague time
 * new TimeOfDayExpiration({ hour: 11, minute: 5, zone: 'Europe/Prague' });
 * // from parseTime('11:05:00+02:00'): every day at 09:05 UTC
 * new TimeOfDayExpiration(parseTime('11:05:00+02:00'));
 */
export class TimeOfDayExpiration extends ExpirationPolicy {
  /** 0–23. */
  readonly hour: number;
  /** 0–59. */
  readonly minute: number;
  /** 0–59. */
  readonly second: number;
  /** 0–999. */
  readonly millisecond: number;
  /** The zone the wall-clock time is read in. */
  readonly zone: Zone;
  // Plain `private` (not `#`) so a Proxy over a policy still works on the generic path (DESIGN §1.1).
  private readonly timeOfDayMs: number;
  private readonly fixedOffsetMs: number | null;
  private memoFetchedMs = NaN;
  private memoExpiresAtMs = NaN;

  /**
   * @param time - A luxon `DateTime` whose time-of-day fields and zone are the time (as `parseTime`
   *   returns; its date is ignored), or the fields and a zone.
   * @throws {@link InvalidExpirationError} for an invalid `DateTime`, fields out of range or not
   *   integers, or a zone luxon does not know.
   */
  constructor(time: DateTime | TimeOfDayFields) {
    super();
    let fields: TimeOfDayFields;
    if (DateTime.isDateTime(time)) {
      if (!time.isValid) throw new InvalidExpirationError(time, 'a valid luxon DateTime as the time of day');
      fields = {
        hour: time.hour,
        minute: time.minute,
        second: time.second,
        millisecond: time.millisecond,
        zone: time.zone,
      };
    } else if (typeof time === 'object' && time !== null) {
      fields = time;
    } else {
      throw new InvalidExpirationError(
        time,
        'a time of day: a luxon DateTime or { hour, minute, second, millisecond, zone }',
      );
    }
    this.hour = checkField(time, 'hour', fields.hour, 23);
    this.minute = checkField(time, 'minute', fields.minute ?? 0, 59);
    this.second = checkField(time, 'second', fields.second ?? 0, 59);
    this.millisecond = checkField(time, 'millisecond', fields.millisecond ?? 0, 999);
    const zone = Info.normalizeZone(fields.zone ?? 'UTC');
    if (!zone.isValid) {
      throw new InvalidExpirationError(
        time,
        `a known zone (an IANA name such as 'Europe/Prague', or 'UTC+2'), not ${JSON.stringify(typeof fields.zone === 'string' ? fields.zone : fields.zone?.name)}`,
      );
    }
    this.zone = zone;
    this.timeOfDayMs = ((this.hour * 60 + this.minute) * 60 + this.second) * 1000 + this.millisecond;
    this.fixedOffsetMs = zone.isUniversal ? zone.offset(0) * MINUTE_MS : null;
  }

  /**
   * True when `item` must be fetched again at `now` (epoch ms): from the next occurrence of the time after the fetch on.
   */
  override isExpired(item: CachedItem, now: number): boolean {
    return now >= this.expiresAtMs(item.lastFetchedMs);
  }

  /**
   * The first epoch-ms instant at which a value stored at `lastFetchedMs` is expired: the earliest
   * occurrence of the wall-clock time strictly after `lastFetchedMs`.
   * @internal
   */
  expiresAtMs(lastFetchedMs: number): number {
    if (!Number.isFinite(lastFetchedMs)) return lastFetchedMs;
    const offsetMs = this.fixedOffsetMs;
    if (offsetMs !== null) {
      const dayStart = Math.floor((lastFetchedMs + offsetMs) / DAY_MS) * DAY_MS;
      const at = dayStart + this.timeOfDayMs - offsetMs;
      return at > lastFetchedMs ? at : at + DAY_MS;
    }
    if (lastFetchedMs === this.memoFetchedMs) return this.memoExpiresAtMs;
    const expiresAt = this.nextInZone(lastFetchedMs);
    this.memoFetchedMs = lastFetchedMs;
    this.memoExpiresAtMs = expiresAt;
    return expiresAt;
  }

  /** Walks calendar days from the day before the fetch's local date; the first occurrence after it wins. */
  private nextInZone(lastFetchedMs: number): number {
    const zone = this.zone;
    const localFetched = lastFetchedMs + zone.offset(lastFetchedMs) * MINUTE_MS;
    let dayStart = Math.floor(localFetched / DAY_MS) * DAY_MS - DAY_MS;
    for (let day = 0; day < 8; day++, dayStart += DAY_MS) {
      const wallMs = dayStart + this.timeOfDayMs; // the wall-clock reading, as if it were UTC
      const before = zone.offset(wallMs - DAY_MS);
      const after = zone.offset(wallMs + DAY_MS);
      const first = wallMs - Math.max(before, after) * MINUTE_MS;
      const second = wallMs - Math.min(before, after) * MINUTE_MS;
      const valid: number[] = [];
      if (zone.offset(first) * MINUTE_MS === wallMs - first) valid.push(first);
      if (second !== first && zone.offset(second) * MINUTE_MS === wallMs - second) valid.push(second);
      // Skipped by a forward shift: the instant the clock would have shown it (read with the old offset).
      if (valid.length === 0) valid.push(wallMs - before * MINUTE_MS);
      for (const at of valid) if (at > lastFetchedMs) return at;
    }
    /* istanbul ignore next: no zone skips a week */
    throw new InvalidExpirationError(this.zone.name, 'a zone in which the time of day occurs within a week');
  }
}

function checkField(input: unknown, name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new InvalidExpirationError(
      input,
      `a time of day with ${name} an integer from 0 to ${max}, not ${String(value)}`,
    );
  }
  return value;
}
