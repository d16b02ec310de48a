import type { DateTime } from 'luxon';
import { DateTimeParseError } from '../../../contracts/errors/DateTimeParseError';
import { clockTextToDateTime, DATE_RE } from './dateTimeGrammar';
import { parseNumericString, unixNumberToDateTime } from './parseUnixNumber';

const DATE_FORM = "a date: YYYY-M-D ('2012-04-23', '2012-4-9') or a Unix time (1494012444, 'inf', '-inf')";

/**
 * Parses a calendar date the way aquiche (after pydantic v1) does, and returns 00:00 UTC of it.
 *
 * - A number, or a string Python's `float()` reads (`'1494012444.883309'`, `'inf'`, `'-inf'`), is a
 *   Unix time (s/ms/µs/ns watershed, see `unixNumberToDateTime`); the result is the start of
 *   its UTC day: `0` → 1970-01-01, `'inf'` → 9999-12-31, `'-inf'` → 0001-01-01.
 * - Otherwise the trimmed string must be `YYYY-M-D` (four-digit year, one- or two-digit month and
 *   day) naming a real day: `'2012-04-56'`, `'2013-02-29'` and year `0000` are rejected.
 * @throws {@link DateTimeParseError} for anything else, including `NaN`, `'nan'` and values that are
 * neither strings nor numbers.
 * @example parseDate('2012-4-9').toISO() // '2012-04-09T00:00:00.000Z'
 * @example parseDate(1_494_012_444).toISODate() // '2017-05-05'
 */
export function parseDate(value: string | number): DateTime {
  const input: unknown = value;
  let parsed: DateTime | undefined;
  if (typeof input === 'number') {
    if (!Number.isNaN(input)) parsed = unixNumberToDateTime(input).startOf('day');
  } else if (typeof input === 'string') {
    const text = input.trim();
    const numeric = parseNumericString(text);
    if (numeric !== undefined) {
      if (!Number.isNaN(numeric)) parsed = unixNumberToDateTime(numeric).startOf('day');
    } else {
      const groups = DATE_RE.exec(text)?.groups;
      if (groups !== undefined) parsed = clockTextToDateTime(groups);
    }
  }
  if (parsed === undefined) throw new DateTimeParseError(value, DATE_FORM);
  return parsed;
}
