import fc from 'fast-check';
import { DateTime } from 'luxon';
import { DateTimeParseError } from '../../../../src/contracts/errors/DateTimeParseError';
import { parseDateTime } from '../../../../src/policies/expiration/parsing/parseDateTime';

const LATEST = '9999-12-31T23:59:59.999Z';
const EARLIEST = '0001-01-01T00:00:00.000Z';

function expectRejected(value: unknown): DateTimeParseError {
  let caught: unknown;
  try {
    parseDateTime(value as string);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DateTimeParseError);
  return caught as DateTimeParseError;
}

describe(parseDateTime.name, () => {
  describe('Unix numbers and numeric strings', () => {
    it.each<[string, string | number, string]>([
      // aquiche's table
      ['seconds as a string', '1494012444', '2017-05-05T19:27:24.000Z'],
      ['seconds', 1_494_012_444, '2017-05-05T19:27:24.000Z'],
      ['milliseconds', 1_494_012_444_000, '2017-05-05T19:27:24.000Z'],
      ['zero', 0, '1970-01-01T00:00:00.000Z'],
      ['seconds just before the watershed', 19_999_999_999, '2603-10-11T11:33:19.000Z'],
      ['milliseconds just after the watershed', 20_000_000_001, '1970-08-20T11:33:20.001Z'],
      ['seconds of 2019', 1_549_316_052, '2019-02-04T21:34:12.000Z'],
      ['milliseconds of 2019', 1_549_316_052_104, '2019-02-04T21:34:12.104Z'],
      ['"inf"', 'inf', LATEST],
      ['"infinity"', 'infinity', LATEST],
      ['"inf " (trimmed)', 'inf ', LATEST],
      ['1e50', 1e50, LATEST],
      ['Infinity', Number.POSITIVE_INFINITY, LATEST],
      ['"-infinity"', '-infinity', EARLIEST],
      ['"-inf"', '-inf', EARLIEST],
      // extra
      ['"+inf"', '+inf', LATEST],
      ['"INFINITY"', 'INFINITY', LATEST],
      ['-Infinity', Number.NEGATIVE_INFINITY, EARLIEST],
      ['exactly 2e10 as seconds', 2e10, '2603-10-11T11:33:20.000Z'],
      ['3e20, the last number not clamped (ns)', 3e20, '1979-07-05T05:20:00.000Z'],
      ['just above 3e20', 3.0000001e20, LATEST],
      ['just below -3e20', -3.0000001e20, EARLIEST],
      ['a negative number of seconds', -86_400, '1969-12-31T00:00:00.000Z'],
      ['underscored digits, as Python float() reads them', '1_494_012_444', '2017-05-05T19:27:24.000Z'],
      ['an exponent', '1.494012444e9', '2017-05-05T19:27:24.000Z'],
      ['a leading dot', '.5', '1970-01-01T00:00:00.500Z'],
    ])('reads %s (%p)', (_, input, expectedIso) => {
      expect(parseDateTime(input).toISO()).toBe(expectedIso);
    });

    it.each<[string, string | number, string]>([
      ['"1494012444.883309" (µs 883309)', '1494012444.883309', '2017-05-05T19:27:24.883Z'],
      ['1494012444.883309 (µs 883309)', 1_494_012_444.883_309, '2017-05-05T19:27:24.883Z'],
      ['"1494012444000.883309" ms (µs 000883)', '1494012444000.883309', '2017-05-05T19:27:24.000Z'],
      ['"-1494012444000.883309" ms (Python .999117)', '-1494012444000.883309', '1922-08-29T04:32:35.999Z'],
      ['µs of 2019 (104324)', 1_549_316_052_104_324, '2019-02-04T21:34:12.104Z'],
      ['ns of 2019 (104324096)', 1_549_316_052_104_324_096, '2019-02-04T21:34:12.104Z'],
    ])('truncates the microseconds of %s to milliseconds because JS holds milliseconds', (_, input, expectedIso) => {
      expect(parseDateTime(input).toISO()).toBe(expectedIso);
    });

    it('returns the 9999 bound for Python datetime.max (…59.999999), cut to milliseconds', () => {
      expect(parseDateTime('inf').toMillis()).toBe(Date.UTC(9999, 11, 31, 23, 59, 59, 999));
    });

    it.each<[string, unknown]>([
      ['"nan"', 'nan'],
      ['"NaN"', 'NaN'],
      ['NaN', Number.NaN],
      ['a double-underscored number', '1__494'],
      ['a trailing underscore', '1494_'],
    ])('rejects %s', (_, input) => {
      expectRejected(input);
    });
  });

  describe('YYYY-M-D[T ]H:m[:s[.ffffff]][Z|±HH[[:]MM]]', () => {
    it.each<[string, string, number]>([
      // aquiche's table
      ['2012-04-23T09:15:00', '2012-04-23T09:15:00.000Z', 0],
      ['2012-4-9 4:8:16', '2012-04-09T04:08:16.000Z', 0],
      ['2012-04-23T09:15:00Z', '2012-04-23T09:15:00.000Z', 0],
      ['2012-4-9 4:8:16-0320', '2012-04-09T04:08:16.000-03:20', -200],
      ['2012-04-23T10:20:30.400+02:30', '2012-04-23T10:20:30.400+02:30', 150],
      ['2012-04-23T10:20:30.400+02', '2012-04-23T10:20:30.400+02:00', 120],
      ['2012-04-23T10:20:30.400-02', '2012-04-23T10:20:30.400-02:00', -120],
      // extra
      ['2012-04-23 09:15', '2012-04-23T09:15:00.000Z', 0],
      ['  2012-04-23T09:15  ', '2012-04-23T09:15:00.000Z', 0],
      ['2012-04-23T09:15:00+00', '2012-04-23T09:15:00.000Z', 0],
      ['2012-04-23T09:15:00+0530', '2012-04-23T09:15:00.000+05:30', 330],
      ['2012-04-23T09:15:00+23:59', '2012-04-23T09:15:00.000+23:59', 1439],
      ['2012-04-23T09:15:00+00:75', '2012-04-23T09:15:00.000+01:15', 75],
      ['2012-02-29T23:59:59', '2012-02-29T23:59:59.000Z', 0],
      ['2000-02-29T00:00', '2000-02-29T00:00:00.000Z', 0],
      ['0001-01-01T00:00', EARLIEST, 0],
      ['9999-12-31T23:59:59.999999', '9999-12-31T23:59:59.999Z', 0],
      ['2012-04-23T09:15:00.123456789012', '2012-04-23T09:15:00.123Z', 0],
    ])('parses %p', (input, expectedIso, expectedOffset) => {
      const parsed = parseDateTime(input);
      expect(parsed.toISO()).toBe(expectedIso);
      expect(parsed.offset).toBe(expectedOffset);
    });

    it('truncates the microseconds of ".400999" to 400 ms because JS holds milliseconds', () => {
      expect(parseDateTime('2012-04-23T10:20:30.400999').millisecond).toBe(400);
    });

    it('reads input without an offset as UTC, not the local zone (tests run in America/New_York)', () => {
      const parsed = parseDateTime('2012-04-23T09:15:00');
      expect(parsed.zoneName).toBe('UTC');
      expect(parsed.toMillis()).toBe(Date.UTC(2012, 3, 23, 9, 15));
    });

    it('returns Unix times in UTC', () => {
      expect(parseDateTime(1_494_012_444).zoneName).toBe('UTC');
    });

    it.each([
      // aquiche's table
      'x20120423091500',
      '2012-04-56T09:15:90',
      '2012-04-23T11:05:00-25:00',
      // extra
      '2012-04-23T11:05:00+24:00',
      '2012-04-23T24:00',
      '2012-04-23T09:60',
      '2012-04-23T09:15:60',
      '2013-02-29T00:00',
      '1900-02-29T00:00',
      '2012-13-01T00:00',
      '2012-00-01T00:00',
      '2012-04-00T00:00',
      '0000-01-01T00:00',
      '2012-04-23',
      '2012-04-23T09',
      '2012-04-23t09:15',
      '2012-04-23  09:15',
      '12-04-23T09:15',
      '2012-04-23T09:15:00.1234567890123',
      '2012-04-23T09:15:00Y',
      '2012-04-23T09:15:00+5',
      '2012-04-23T09:15:00.',
      '',
    ])('rejects %p', (input) => {
      const error = expectRejected(input);
      expect(error.code).toBe('E_PARSE');
      expect(error.input).toBe(input);
      expect(error.message).toContain(JSON.stringify(input));
    });
  });

  describe('Date and DateTime', () => {
    it('returns a valid DateTime unchanged', () => {
      const value = DateTime.fromISO('2017-05-05T00:00:00+02:00', { setZone: true });
      expect(parseDateTime(value)).toBe(value);
    });

    it('turns a Date into a UTC DateTime of the same instant', () => {
      const parsed = parseDateTime(new Date(Date.UTC(2017, 4, 5)));
      expect(parsed.toISO()).toBe('2017-05-05T00:00:00.000Z');
    });

    it('rejects an invalid DateTime', () => {
      expectRejected(DateTime.invalid('broken'));
    });

    it('rejects an invalid Date', () => {
      expectRejected(new Date(Number.NaN));
    });
  });

  describe('other input', () => {
    it.each([null, undefined, true, {}, [0]])('rejects %p', (input) => {
      expect(expectRejected(input).input).toBe(input);
    });

    it('throws nothing but DateTimeParseError on arbitrary strings', () => {
      const unit = fc.constantFrom(...'0123456789-:.TZ +_einf'.split(''));
      fc.assert(
        fc.property(fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit, maxLength: 30 })), (input) => {
          try {
            return parseDateTime(input).isValid;
          } catch (error) {
            return error instanceof DateTimeParseError;
          }
        }),
        { numRuns: 2000 },
      );
    });
  });
});
