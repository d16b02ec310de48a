import { DateTimeParseError } from '../../../../src/contracts/errors/DateTimeParseError';
import { parseTime } from '../../../../src/policies/expiration/parsing/parseTime';

function expectRejected(value: unknown): DateTimeParseError {
  let caught: unknown;
  try {
    parseTime(value as string);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DateTimeParseError);
  return caught as DateTimeParseError;
}

/** The time-of-day fields and offset: the part of parseTime's result that is its contract. */
function timeOfDay(input: string | number): string {
  return parseTime(input).toFormat('HH:mm:ss.SSS ZZ');
}

describe(parseTime.name, () => {
  it.each<[string | number, string]>([
    // aquiche's table
    ['09:15:00', '09:15:00.000 +00:00'],
    ['10:10', '10:10:00.000 +00:00'],
    ['10:20:30.400', '10:20:30.400 +00:00'],
    ['4:8:16', '04:08:16.000 +00:00'],
    [3610, '01:00:10.000 +00:00'],
    [3600.5, '01:00:00.500 +00:00'],
    [86_400 - 1, '23:59:59.000 +00:00'],
    ['11:05:00-05:30', '11:05:00.000 -05:30'],
    ['11:05:00-0530', '11:05:00.000 -05:30'],
    ['11:05:00Z', '11:05:00.000 +00:00'],
    ['11:05:00+00', '11:05:00.000 +00:00'],
    ['11:05-06', '11:05:00.000 -06:00'],
    ['11:05+06', '11:05:00.000 +06:00'],
    // extra
    [0, '00:00:00.000 +00:00'],
    ['3610', '01:00:10.000 +00:00'],
    ['09', '00:00:09.000 +00:00'], // numeric, so seconds as in aquiche
    ['  09:15  ', '09:15:00.000 +00:00'],
    ['23:59:59.999999', '23:59:59.999 +00:00'],
    ['00:00+23:59', '00:00:00.000 +23:59'],
  ])('parses %p', (input, expected) => {
    expect(timeOfDay(input)).toBe(expected);
  });

  it('truncates the microseconds of "10:20:30.400999" to 400 ms because JS holds milliseconds', () => {
    expect(parseTime('10:20:30.400999').millisecond).toBe(400);
  });

  it('reads a time without an offset as UTC, not the local zone (tests run in America/New_York)', () => {
    expect(parseTime('09:15').zoneName).toBe('UTC');
    expect(parseTime(3610).zoneName).toBe('UTC');
  });

  it('keeps a fixed offset in the result', () => {
    expect(parseTime('11:05:00-0530').offset).toBe(-330);
  });

  it.each<[string, unknown]>([
    // aquiche's table
    ['86400 seconds (a whole day)', 86_400],
    ['"xxx"', 'xxx'],
    ['"091500" (numeric: 91500 s is past a day)', '091500'],
    ['second 90', '09:15:90'],
    ['zone Y', '11:05:00Y'],
    ['an offset of 25 h', '11:05:00-25:00'],
    // extra
    ['an offset of 24 h', '11:05:00+24:00'],
    ['hour 24', '24:00'],
    ['minute 60', '09:60'],
    ['three-digit hours', '100:00'],
    ['a negative number', -1],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['"nan"', 'nan'],
    ['a datetime', '2012-04-23T09:15'],
    ['hours and a colon only', '09:'],
    ['an empty string', ''],
    ['null', null],
  ])('rejects %s', (_, input) => {
    const error = expectRejected(input);
    expect(error.code).toBe('E_PARSE');
    expect(error.input).toBe(input);
  });
});
