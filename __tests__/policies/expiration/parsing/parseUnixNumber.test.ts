import { DateTimeParseError } from '../../../../src/contracts/errors/DateTimeParseError';
import {
  EARLIEST_DATE_TIME,
  LATEST_DATE_TIME,
  parseNumericString,
  unixNumberToDateTime,
} from '../../../../src/policies/expiration/parsing/parseUnixNumber';

describe('parseUnixNumber', () => {
  describe(unixNumberToDateTime.name, () => {
    it.each<[string, number, string]>([
      ['seconds', 1_549_316_052, '2019-02-04T21:34:12.000Z'],
      ['milliseconds', 1_549_316_052_104, '2019-02-04T21:34:12.104Z'],
      ['microseconds', 1_549_316_052_104_324, '2019-02-04T21:34:12.104Z'],
      ['nanoseconds', 1_549_316_052_104_324_096, '2019-02-04T21:34:12.104Z'],
      ['2e10 as seconds', 2e10, '2603-10-11T11:33:20.000Z'],
      ['2e10 + 1 as milliseconds', 20_000_000_001, '1970-08-20T11:33:20.001Z'],
      ['negative milliseconds', -1_494_012_444_000, '1922-08-29T04:32:36.000Z'],
      ['3e20 as nanoseconds', 3e20, '1979-07-05T05:20:00.000Z'],
      ['above 3e20 as the 9999 bound', 3e20 + 1e5, '9999-12-31T23:59:59.999Z'],
      ['below -3e20 as the 0001 bound', -3e20 - 1e5, '0001-01-01T00:00:00.000Z'],
      ['Infinity as the 9999 bound', Number.POSITIVE_INFINITY, '9999-12-31T23:59:59.999Z'],
      ['-Infinity as the 0001 bound', Number.NEGATIVE_INFINITY, '0001-01-01T00:00:00.000Z'],
    ])('reads %s (%p)', (_, input, expectedIso) => {
      const parsed = unixNumberToDateTime(input);
      expect(parsed.toISO()).toBe(expectedIso);
      expect(parsed.zoneName).toBe('UTC');
    });

    it('rounds to the microsecond before cutting to milliseconds, as Python timedelta does', () => {
      // 1.005 s is 1.00499999999999989… in binary: Python rounds it to 1.005000 s.
      expect(unixNumberToDateTime(1.005).toMillis()).toBe(1005);
    });

    it('rejects NaN', () => {
      expect(() => unixNumberToDateTime(Number.NaN)).toThrow(DateTimeParseError);
    });

    it('exposes the bounds as Python datetime.min and datetime.max held in milliseconds', () => {
      expect(LATEST_DATE_TIME.toISO()).toBe('9999-12-31T23:59:59.999Z');
      expect(EARLIEST_DATE_TIME.toISO()).toBe('0001-01-01T00:00:00.000Z');
    });
  });

  describe(parseNumericString.name, () => {
    it.each<[string, number]>([
      ['30', 30],
      ['+30', 30],
      ['-30.5', -30.5],
      ['.5', 0.5],
      ['5.', 5],
      ['1e3', 1000],
      ['1E-3', 0.001],
      ['1_000', 1000],
      ['inf', Number.POSITIVE_INFINITY],
      ['+Infinity', Number.POSITIVE_INFINITY],
      ['-INF', Number.NEGATIVE_INFINITY],
    ])('reads %p as Python float() does', (input, expected) => {
      expect(parseNumericString(input)).toBe(expected);
    });

    it('reads "nan" as NaN', () => {
      expect(parseNumericString('NaN')).toBeNaN();
    });

    it.each(['', '.', '1__0', '_1', '1_', '1e', '0x10', '2012-04-23', '10:10', 'infinit', '١٢'])(
      'returns undefined for the non-numeric %p',
      (input) => {
        expect(parseNumericString(input)).toBeUndefined();
      },
    );
  });
});
