import { DateTimeParseError } from '../../../../src/contracts/errors/DateTimeParseError';
import { parseDate } from '../../../../src/policies/expiration/parsing/parseDate';

function expectRejected(value: unknown): DateTimeParseError {
  let caught: unknown;
  try {
    parseDate(value as string);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DateTimeParseError);
  return caught as DateTimeParseError;
}

describe(parseDate.name, () => {
  it.each<[string, string | number, string]>([
    // aquiche's table
    ['fractional seconds as a string', '1494012444.883309', '2017-05-05'],
    ['fractional seconds', 1_494_012_444.883_309, '2017-05-05'],
    ['seconds as a string', '1494012444', '2017-05-05'],
    ['seconds', 1_494_012_444, '2017-05-05'],
    ['zero', 0, '1970-01-01'],
    ['a zero-padded date', '2012-04-23', '2012-04-23'],
    ['a date without padding', '2012-4-9', '2012-04-09'],
    ['seconds just before the watershed', 19_999_999_999, '2603-10-11'],
    ['milliseconds just after the watershed', 20_000_000_001, '1970-08-20'],
    ['seconds of 2019', 1_549_316_052, '2019-02-04'],
    ['milliseconds of 2019', 1_549_316_052_104, '2019-02-04'],
    ['microseconds of 2019', 1_549_316_052_104_324, '2019-02-04'],
    ['nanoseconds of 2019', 1_549_316_052_104_324_096, '2019-02-04'],
    ['"infinity"', 'infinity', '9999-12-31'],
    ['"inf"', 'inf', '9999-12-31'],
    ['Infinity', Number.POSITIVE_INFINITY, '9999-12-31'],
    ['"infinity " (trimmed)', 'infinity ', '9999-12-31'],
    ['1e100', 1e100, '9999-12-31'],
    ['"-infinity"', '-infinity', '0001-01-01'],
    ['"-inf"', '-inf', '0001-01-01'],
    // extra
    ['a leap day', '2012-02-29', '2012-02-29'],
    ['a negative Unix time', -1, '1969-12-31'],
    ['a padded string', '  2012-04-23 ', '2012-04-23'],
    ['the first day of year 1', '0001-01-01', '0001-01-01'],
  ])('parses %s (%p) as 00:00 UTC of that date', (_, input, expectedDate) => {
    const parsed = parseDate(input);
    expect(parsed.toISO()).toBe(`${expectedDate}T00:00:00.000Z`);
    expect(parsed.zoneName).toBe('UTC');
  });

  it.each<[string, unknown]>([
    // aquiche's table
    ['a leading letter', 'x20120423'],
    ['day 56', '2012-04-56'],
    ['"nan"', 'nan'],
    // extra
    ['NaN', Number.NaN],
    ['29 February of a common year', '2013-02-29'],
    ['month 13', '2012-13-01'],
    ['year 0', '0000-01-01'],
    ['a two-digit year', '12-04-23'],
    ['a datetime', '2012-04-23T00:00'],
    ['slashes', '2012/04/23'],
    ['an empty string', ''],
    ['null', null],
    ['a Date', new Date(0)],
  ])('rejects %s', (_, input) => {
    const error = expectRejected(input);
    expect(error.code).toBe('E_PARSE');
    expect(error.input).toBe(input);
  });
});
