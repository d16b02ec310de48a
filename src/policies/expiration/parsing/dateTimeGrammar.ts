import { DateTime, FixedOffsetZone } from 'luxon';

/**
 * aquiche's (pydantic's) time-of-day grammar: `H:m[:s[.ffffff]][Z|±HH[[:]MM]]`. Hours, minutes and
 * seconds take one or two digits; the fraction keeps its first six digits and ignores up to six more.
 */
const TIME_EXPR =
  String.raw`(?<hour>\d{1,2}):(?<minute>\d{1,2})` +
  String.raw`(?::(?<second>\d{1,2})(?:\.(?<fraction>\d{1,6})\d{0,6})?)?` +
  String.raw`(?<offset>Z|[+-]\d{2}(?::?\d{2})?)?`;
const DATE_EXPR = String.raw`(?<year>\d{4})-(?<month>\d{1,2})-(?<day>\d{1,2})`;

/** `YYYY-M-D`. @internal */
export const DATE_RE = new RegExp(`^${DATE_EXPR}$`);
/** `H:m[:s[.f]][offset]`. @internal */
export const TIME_RE = new RegExp(`^${TIME_EXPR}$`);
/** `YYYY-M-D[T ]H:m[:s[.f]][offset]`. @internal */
export const DATETIME_RE = new RegExp(`^${DATE_EXPR}[T ]${TIME_EXPR}$`);

/** Python's `timezone` accepts offsets strictly inside ±24 h. */
const MINUTES_PER_DAY = 1440;

/**
 * Reads an offset matched by the grammar: `Z` → 0; `±HH` → ±HH h; `±HHMM` / `±HH:MM` → ±(60·HH + MM)
 * minutes. As in aquiche, `MM` is not limited to 59 (`+00:75` is 75 minutes); only the total is
 * checked: offsets of 24 h or more are rejected.
 * @returns the offset in minutes east of UTC, 0 when `text` is undefined (naive input is UTC), or
 * `undefined` when the offset is out of range.
 * @internal
 */
export function readOffsetMinutes(text: string | undefined): number | undefined {
  if (text === undefined || text === 'Z') return 0;
  const minutes = 60 * Number(text.slice(1, 3)) + (text.length > 3 ? Number(text.slice(-2)) : 0);
  if (minutes >= MINUTES_PER_DAY) return undefined;
  return text.startsWith('-') ? -minutes : minutes;
}

/** Proleptic Gregorian month lengths, as Python's `date` uses. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function between(value: number, min: number, max: number): boolean {
  return value >= min && value <= max;
}

/** The named groups of {@link DATE_RE}, {@link TIME_RE} or {@link DATETIME_RE}, as matched. */
export interface ClockText {
  readonly year?: string | undefined;
  readonly month?: string | undefined;
  readonly day?: string | undefined;
  readonly hour?: string | undefined;
  readonly minute?: string | undefined;
  readonly second?: string | undefined;
  readonly fraction?: string | undefined;
  readonly offset?: string | undefined;
}

/**
 * Builds the `DateTime` of matched fields, validating them as Python's `datetime` does (year
 * 1–9999, real month days with leap years, hour 0–23 — luxon would accept `24:00` —, minute and
 * second 0–59) and the offset as {@link readOffsetMinutes} does. A missing date is 1970-01-01; a
 * missing offset is UTC. Only the first three fraction digits are kept (JS holds milliseconds;
 * `.400123` → 400 ms, the microseconds are truncated).
 * @returns the value in a fixed-offset zone (UTC for `Z`, `+00` or no offset), or `undefined` when
 * a field is out of range.
 * @internal
 */
export function clockTextToDateTime(text: ClockText): DateTime | undefined {
  const year = Number(text.year ?? 1970);
  const month = Number(text.month ?? 1);
  const day = Number(text.day ?? 1);
  const hour = Number(text.hour ?? 0);
  const minute = Number(text.minute ?? 0);
  const second = Number(text.second ?? 0);
  const millisecond = Number((text.fraction ?? '').padEnd(3, '0').slice(0, 3));
  const offset = readOffsetMinutes(text.offset);
  const valid =
    between(year, 1, 9999) &&
    between(month, 1, 12) &&
    between(day, 1, daysInMonth(year, month)) &&
    between(hour, 0, 23) &&
    between(minute, 0, 59) &&
    between(second, 0, 59);
  if (!valid || offset === undefined) return undefined;
  const result = DateTime.fromObject(
    { year, month, day, hour, minute, second, millisecond },
    { zone: FixedOffsetZone.instance(offset) },
  );
  return result.isValid ? result : undefined;
}
