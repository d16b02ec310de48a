import { DateTime } from 'luxon';
import { DateTimeParseError } from '../../../contracts/errors/DateTimeParseError';
import { clockTextToDateTime, TIME_RE } from './dateTimeGrammar';
import { parseNumericString } from './parseUnixNumber';

const TIME_FORM =
  "a time of day: H:m[:s[.ffffff]][Z|±HH[[:]MM]] ('09:15', '11:05:00-0530', '10:20:30.400Z') " +
  'or seconds after midnight from 0 to below 86400 (3610)';

/** Seconds in a day: a number of seconds after midnight must stay below it. */
const SECONDS_PER_DAY = 86_400;

/**
 * Parses a time of day the way aquiche (after pydantic v1) does.
 *
 * - A number, or a string Python's `float()` reads (`'3610'`, `'3600.5'`), is seconds after
 *   midnight and must satisfy `0 ≤ n < 86400`: `3610` → 01:00:10, `86399` → 23:59:59; `86400`,
 *   negatives, `NaN` and infinities are rejected. The result is UTC.
 * - Otherwise the trimmed string must be `H:m[:s[.ffffff]][Z|±HH[[:]MM]]` with hour 0–23, minute
 *   and second 0–59 and an offset below 24 h (`'09:15:90'`, `'11:05:00-25:00'`, `'091500'` rejected).
 *   Without an offset the time is UTC; with one, the result is in that fixed-offset zone
 *   (`'11:05:00-0530'` → offset −330 minutes).
 *
 * The result is a `DateTime` whose time-of-day fields (`hour`, `minute`, `second`, `millisecond`)
 * and `offset` are the time. Its date is **not** part of the contract: it is currently 1970-01-01
 * in the result's own offset (1970-01-02 when a fraction rounds a number up to 86400 s, which
 * Python shows as 00:00). JS holds milliseconds: microseconds are truncated (`.400999` → 400 ms).
 * @throws {@link DateTimeParseError} for anything else, including values that are neither strings
 * nor numbers.
 * @example parseTime('11:05:00-0530').toFormat('HH:mm:ss ZZ') // '11:05:00 -05:30'
 * @example parseTime(3610).toFormat('HH:mm:ss') // '01:00:10'
 */
export function parseTime(value: string | number): DateTime {
  const input: unknown = value;
  let parsed: DateTime | undefined;
  if (typeof input === 'number') {
    parsed = secondsAfterMidnight(input);
  } else if (typeof input === 'string') {
    const text = input.trim();
    const numeric = parseNumericString(text);
    if (numeric !== undefined) {
      parsed = secondsAfterMidnight(numeric);
    } else {
      const groups = TIME_RE.exec(text)?.groups;
      if (groups !== undefined) parsed = clockTextToDateTime(groups);
    }
  }
  if (parsed === undefined) throw new DateTimeParseError(value, TIME_FORM);
  return parsed;
}

/** `0 ≤ seconds < 86400` as 1970-01-01 UTC plus that many seconds, rounded to µs then cut to ms. */
function secondsAfterMidnight(seconds: number): DateTime | undefined {
  if (!(seconds >= 0 && seconds < SECONDS_PER_DAY)) return undefined;
  const micros = Math.round(seconds * 1_000_000);
  return DateTime.fromMillis(Math.floor(micros / 1000), { zone: 'utc' });
}
