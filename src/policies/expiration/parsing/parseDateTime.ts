import { DateTime } from 'luxon';
import { DateTimeParseError } from '../../../contracts/errors/DateTimeParseError';
import { clockTextToDateTime, DATETIME_RE } from './dateTimeGrammar';
import { parseNumericString, unixNumberToDateTime } from './parseUnixNumber';

const DATETIME_FORM =
  "a datetime: YYYY-M-D[T ]H:m[:s[.ffffff]][Z|±HH[[:]MM]] ('2012-04-23T10:20:30.400+02:30', " +
  "'2012-4-9 4:8:16'), a Unix time in s, ms, µs or ns (1494012444), 'inf' or '-inf'";

/**
 * Parses a point in time the way aquiche (after pydantic v1) does.
 *
 * - A luxon `DateTime` is returned unchanged; a JS `Date` becomes a UTC `DateTime` of the same instant.
 * - A number, or a string Python's `float()` reads (`'1494012444.883309'`, `'1_494_012_444'`,
 *   `'inf'`, `'+infinity'`, `'-inf'`, any case), is a Unix time: see `unixNumberToDateTime`
 *   (s/ms/µs/ns watershed at `2e10`; beyond `±3e20`, and ±infinity, the bounds
 *   9999-12-31T23:59:59.999Z and 0001-01-01T00:00:00Z).
 * - Otherwise the trimmed string must be `YYYY-M-D[T ]H:m[:s[.ffffff]][Z|±HH[[:]MM]]`: a `T` or a
 *   space between date and time, one- or two-digit fields, up to 6 fraction digits kept (6 more
 *   ignored), an optional offset below 24 h. Fields are range-checked as Python's `datetime` does
 *   (`'2012-02-30 0:00'`, `'2012-04-23T24:00'` and second `60` are rejected).
 *
 * The result is in UTC unless the input had an offset, in which case it is in that fixed-offset
 * zone (`'2012-4-9 4:8:16-0320'` → offset −200 minutes). Input without an offset is UTC, never the
 * process's local zone. JS holds milliseconds: microseconds are truncated (`.883309` → 883 ms).
 * @throws {@link DateTimeParseError} for anything else, including `NaN`, `'nan'`, invalid `Date`s
 * and `DateTime`s, and values that are neither strings, numbers, `Date`s nor `DateTime`s.
 * @example parseDateTime('2012-04-23T10:20:30.400+02:30').offset // 150
 * @example parseDateTime('2012-04-23 09:15').toISO() // '2012-04-23T09:15:00.000Z'
 * @example parseDateTime(1_549_316_052_104).toISO() // '2019-02-04T21:34:12.104Z'
 */
export function parseDateTime(value: string | number | Date | DateTime): DateTime {
  const input: unknown = value;
  if (DateTime.isDateTime(input)) {
    if (input.isValid) return input;
  } else if (input instanceof Date) {
    const ms = input.getTime();
    if (!Number.isNaN(ms)) return DateTime.fromMillis(ms, { zone: 'utc' });
  } else if (typeof input === 'number') {
    if (!Number.isNaN(input)) return unixNumberToDateTime(input);
  } else if (typeof input === 'string') {
    const parsed = parseDateTimeString(input.trim());
    if (parsed !== undefined) return parsed;
  }
  throw new DateTimeParseError(value, DATETIME_FORM);
}

function parseDateTimeString(text: string): DateTime | undefined {
  const numeric = parseNumericString(text);
  if (numeric !== undefined) return Number.isNaN(numeric) ? undefined : unixNumberToDateTime(numeric);
  const match = DATETIME_RE.exec(text);
  return match?.groups === undefined ? undefined : clockTextToDateTime(match.groups);
}
