import { DateTime } from 'luxon';
import { DateTimeParseError } from '../../../contracts/errors/DateTimeParseError';

/**
 * Above this magnitude a Unix number is read as milliseconds, then microseconds, then nanoseconds
 * (aquiche's and pydantic's watershed): `2e10` seconds is 2603-10-11, `2e10` ms is 1970-08-20.
 * Exactly `2e10` is still seconds.
 */
export const UNIX_WATERSHED = 2e10;

/** Beyond this magnitude (`3e20`, aquiche's `MAX_NUMBER`) a Unix number clamps to the bounds. */
export const UNIX_MAX_NUMBER = 3e20;

/** Python's `datetime.max` held in milliseconds: 9999-12-31T23:59:59.999Z (UTC). */
export const LATEST_DATE_TIME: DateTime = DateTime.fromMillis(253_402_300_799_999, { zone: 'utc' });

/** Python's `datetime.min`: 0001-01-01T00:00:00.000Z (UTC). */
export const EARLIEST_DATE_TIME: DateTime = DateTime.fromMillis(-62_135_596_800_000, { zone: 'utc' });

const UNIX_FORM = 'a Unix time (seconds, milliseconds, microseconds or nanoseconds)';

/**
 * Python's `float()` grammar for decimal strings: optional sign, digits with single underscores
 * between them, an optional fraction and exponent (`'1494012444.883309'`, `'.5'`, `'1_000'`, `'1e3'`).
 */
const DECIMAL_RE = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const SPECIAL_RE = /^([+-]?)(inf|infinity|nan)$/i;

/**
 * Reads an already trimmed string the way Python's `float()` does, as aquiche's `get_numeric`
 * does before trying the date/time grammars: decimals, `'inf'`, `'infinity'`, `'nan'` (any case,
 * optionally signed). Only ASCII digits are accepted.
 * @returns the number (possibly `NaN` or ±`Infinity`), or `undefined` when `text` is not numeric.
 * @example parseNumericString('1_494_012_444') // 1494012444
 * @example parseNumericString('-inf') // -Infinity
 * @example parseNumericString('2012-04-23') // undefined
 * @internal
 */
export function parseNumericString(text: string): number | undefined {
  if (DECIMAL_RE.test(text)) return Number(text.replaceAll('_', ''));
  const special = SPECIAL_RE.exec(text);
  if (special === null) return undefined;
  if (special[2]?.toLowerCase() === 'nan') return Number.NaN;
  return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

/**
 * Turns a Unix number into a UTC `DateTime`, by aquiche's rule:
 * - `n > 3e20` (and `+Infinity`) → {@link LATEST_DATE_TIME} 9999-12-31T23:59:59.999Z;
 *   `n < -3e20` (and `-Infinity`) → {@link EARLIEST_DATE_TIME} 0001-01-01T00:00:00.000Z;
 * - otherwise `n` is divided by 1000 while `|n| > 2e10`, so it is read as seconds
 *   (`|n| ≤ 2e10`), milliseconds, microseconds or nanoseconds.
 *
 * Like Python, the instant is first rounded to the microsecond; JS keeps milliseconds, so the
 * microseconds are then dropped (rounded down on the timeline, i.e. the clock's sub-millisecond
 * digits are cut: `-1494012444000.883309` → 1922-08-29T04:32:35.999Z, Python's `.999117`).
 * Fractions are accepted, although the expiration factory passes integers.
 * @param n - seconds, ms, µs or ns since 1970-01-01T00:00:00Z.
 * @throws {@link DateTimeParseError} when `n` is `NaN`.
 * @example unixNumberToDateTime(1_549_316_052_104) // 2019-02-04T21:34:12.104Z (ms)
 * @example unixNumberToDateTime(20_000_000_001) // 1970-08-20T11:33:20.001Z (just past the watershed)
 */
export function unixNumberToDateTime(n: number): DateTime {
  if (Number.isNaN(n)) throw new DateTimeParseError(n, UNIX_FORM);
  if (n > UNIX_MAX_NUMBER) return LATEST_DATE_TIME;
  if (n < -UNIX_MAX_NUMBER) return EARLIEST_DATE_TIME;
  let seconds = n;
  let divisions = 0;
  while (Math.abs(seconds) > UNIX_WATERSHED) {
    seconds /= 1000;
    divisions += 1;
  }
  // n / 1000^(divisions - 1) is the value in ms, computed with one operation to keep integers exact.
  const ms = divisions === 0 ? n * 1000 : n / 1000 ** (divisions - 1);
  const micros = Math.round(ms * 1000);
  return DateTime.fromMillis(Math.floor(micros / 1000), { zone: 'utc' });
}
