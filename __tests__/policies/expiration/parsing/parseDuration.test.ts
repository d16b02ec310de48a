import fc from 'fast-check';
import { Duration } from 'luxon';
import { DurationParseError } from '../../../../src/contracts/errors/DurationParseError';
import { parseDuration } from '../../../../src/policies/expiration/parsing/parseDuration';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function expectRejected(value: unknown): DurationParseError {
  let caught: unknown;
  try {
    parseDuration(value as string);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DurationParseError);
  return caught as DurationParseError;
}

describe(parseDuration.name, () => {
  describe('numbers (seconds)', () => {
    it.each<[string, number, number]>([
      // aquiche's table
      ['an integer', 30, 30 * SECOND],
      ['a decimal fraction', 30.1, 30 * SECOND + 100],
      ['a negative decimal fraction', -30.1, -(30 * SECOND + 100)],
      // extra
      ['zero', 0, 0],
      ['a value Python prints with six decimals as 1.005000', 1.005, 1005],
      ['a whole day', 86_400, DAY],
    ])('reads %s (%p) as seconds', (_, input, expectedMs) => {
      expect(parseDuration(input).toMillis()).toBe(expectedMs);
    });

    it('truncates 9.9e-5 s (99 µs in aquiche) to 0 ms because JS holds milliseconds', () => {
      expect(parseDuration(9.9e-5).toMillis()).toBe(0);
    });

    it('returns +0, not -0, when a tiny negative number truncates to zero', () => {
      expect(Object.is(parseDuration(-1e-7).toMillis(), 0)).toBe(true);
    });

    it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e21, 1e15])(
      'rejects the number %p',
      (input) => {
        expect(expectRejected(input).input).toBe(input);
      },
    );
  });

  describe('standard form [-]D [days, ][[-]H:][-]M:][-]S[.ffffff]', () => {
    it.each<[string, number]>([
      // aquiche's table
      ['30', 30 * SECOND],
      ['15:30', 15 * MINUTE + 30 * SECOND],
      ['5:30', 5 * MINUTE + 30 * SECOND],
      ['10:15:30', 10 * HOUR + 15 * MINUTE + 30 * SECOND],
      ['1:15:30', HOUR + 15 * MINUTE + 30 * SECOND],
      ['100:200:300', 100 * HOUR + 200 * MINUTE + 300 * SECOND],
      ['4 15:30', 4 * DAY + 15 * MINUTE + 30 * SECOND],
      ['4 10:15:30', 4 * DAY + 10 * HOUR + 15 * MINUTE + 30 * SECOND],
      ['15:30.1', 15 * MINUTE + 30 * SECOND + 100],
      ['15:30.01', 15 * MINUTE + 30 * SECOND + 10],
      ['15:30.001', 15 * MINUTE + 30 * SECOND + 1],
      ['-4 15:30', -4 * DAY + 15 * MINUTE + 30 * SECOND],
      ['-172800', -2 * DAY],
      ['-15:30', -15 * MINUTE + 30 * SECOND],
      ['-1:15:30', -HOUR + 15 * MINUTE + 30 * SECOND],
      ['-30.1', -(30 * SECOND + 100)],
      // Python's str(timedelta) (aquiche's round-trip table)
      ['4 days, 0:15:30.100000', 4 * DAY + 15 * MINUTE + 30 * SECOND + 100],
      ['4 days, 0:15:30', 4 * DAY + 15 * MINUTE + 30 * SECOND],
      ['1 day, 0:00:00', DAY],
      ['-4 days, 0:15:30', -4 * DAY + 15 * MINUTE + 30 * SECOND],
      ['0:15:30', 15 * MINUTE + 30 * SECOND],
      ['0:00:30', 30 * SECOND],
      // extra
      ['0:00:00.5', 500],
      ['1 2', DAY + 2 * SECOND],
      ['  15:30  ', 15 * MINUTE + 30 * SECOND],
      ['15:30.123456789012', 15 * MINUTE + 30 * SECOND + 123],
    ])('parses %p', (input, expectedMs) => {
      expect(parseDuration(input).toMillis()).toBe(expectedMs);
    });

    it.each<[string, number]>([
      ['15:30.0001', 15 * MINUTE + 30 * SECOND],
      ['15:30.00001', 15 * MINUTE + 30 * SECOND],
      ['15:30.000001', 15 * MINUTE + 30 * SECOND],
      ['0:00:00.0009', 0],
      ['-0.0015', -1],
    ])('truncates the microseconds of %p toward zero (JS holds milliseconds)', (input, expectedMs) => {
      expect(parseDuration(input).toMillis()).toBe(expectedMs);
    });

    it.each<[string, number]>([
      ['-0.5', -500],
      ['1 -0.5', DAY - 500],
      ['-1 0:0:0.5', -DAY + 500],
      ['1 -0.0005', DAY - 1],
    ])('gives the fraction of %p the sign of the seconds, not of the days', (input, expectedMs) => {
      expect(parseDuration(input).toMillis()).toBe(expectedMs);
    });

    it.each(['4 days 0:15:30', '1:2:3:4', '--15:30', '15:30.1234567890123', '1:-15:30', '15:30:'])(
      'rejects %p',
      (input) => {
        expectRejected(input);
      },
    );
  });

  describe('ISO 8601 (days, hours, minutes and seconds only)', () => {
    it.each<[string, number]>([
      // aquiche's table
      ['P4D', 4 * DAY],
      ['P0.5D', 12 * HOUR],
      ['PT5H', 5 * HOUR],
      ['PT5M', 5 * MINUTE],
      ['PT5S', 5 * SECOND],
      // extra
      ['P1DT2H', DAY + 2 * HOUR],
      ['P1DT2H3M4.5S', DAY + 2 * HOUR + 3 * MINUTE + 4500],
      ['PT870S', 870 * SECOND],
      ['PT0.5S', 500],
      ['PT1.005S', 1005],
      ['PT0.5M', 30 * SECOND],
      ['-P1D', -DAY],
      ['+PT5M', 5 * MINUTE],
      ['P1DT', DAY],
      ['PT9007199254740.991S', Number.MAX_SAFE_INTEGER],
    ])('parses %p', (input, expectedMs) => {
      expect(parseDuration(input).toMillis()).toBe(expectedMs);
    });

    it('truncates PT0.000005S (5 µs in aquiche) to 0 ms because JS holds milliseconds', () => {
      expect(parseDuration('PT0.000005S').toMillis()).toBe(0);
    });

    it.each(['P4Y', 'P4M', 'P4W', 'P1Y2DT3H', 'p4d', 'P1x5D', 'P1,5D', 'PT5H4D', 'P', 'PT', '-P', 'P-1D'])(
      'rejects %p',
      (input) => {
        expectRejected(input);
      },
    );

    it('rejects a duration one millisecond beyond Number.MAX_SAFE_INTEGER', () => {
      expectRejected('PT9007199254740.992S');
    });
  });

  describe('unit sums (N unit …)', () => {
    it.each<[string, number]>([
      // aquiche's table
      ['1m 10h 10s', 36_070 * SECOND],
      ['1minute 10hour 10second', 36_070 * SECOND],
      ['1minutes 10hours 10seconds', 36_070 * SECOND],
      ['1 minutes 2 days 10 hours 10 seconds', 208_870 * SECOND],
      ['1 m 2 d 10 h 10 s', 208_870 * SECOND],
      ['1 minute 2 day 10 hours 10 seconds', 208_870 * SECOND],
      // aquiche's sum-expression parser table
      ['1m', MINUTE],
      ['1s', SECOND],
      ['1h', HOUR],
      ['1seconds 2   minutes 1000 hours', 3_600_121 * SECOND],
      ['    1seconds 2   minutes 1000 hours     ', 3_600_121 * SECOND],
      ['1000 HoUrs 2 MiNUTeS 1 SecOnDs', 3_600_121 * SECOND],
      // extra
      ['1 day 42 minutes 6 seconds', 88_926 * SECOND],
      ['1d42m6s', 88_926 * SECOND],
      ['10minutes', 10 * MINUTE],
      ['1D 1H', DAY + HOUR],
      ['1m\t10s', MINUTE + 10 * SECOND],
      ['1m 1m', 2 * MINUTE],
    ])('parses %p', (input, expectedMs) => {
      expect(parseDuration(input).toMillis()).toBe(expectedMs);
    });

    it.each([
      '1.5h',
      '5 weeks',
      '1w',
      '1 sec',
      '1 min',
      '1 hr',
      'm1',
      '1 2m',
      '1m 2',
      '1e3',
      '1 constructor',
      '1m, 10s',
      '1m\u00a010s',
      '-1m',
    ])('rejects %p', (input) => {
      expectRejected(input);
    });

    it('rejects a count of 400 digits, which is too large to hold', () => {
      expectRejected(`${'9'.repeat(400)}s`);
    });
  });

  describe('luxon Durations', () => {
    it('returns an equal Duration normalized to milliseconds', () => {
      const parsed = parseDuration(Duration.fromObject({ minutes: 15, seconds: 30 }));
      expect(parsed.toObject()).toEqual({ milliseconds: 930_000 });
    });

    it('truncates sub-millisecond Durations toward zero', () => {
      expect(parseDuration(Duration.fromObject({ milliseconds: -1.5 })).toMillis()).toBe(-1);
    });

    it('rejects an invalid Duration', () => {
      expectRejected(Duration.invalid('broken'));
    });
  });

  describe('results', () => {
    it.each(['15:30', 'P4D', '1d42m6s', 90])('normalizes %p to milliseconds only', (input) => {
      expect(Object.keys(parseDuration(input).toObject())).toEqual(['milliseconds']);
    });

    it('keeps the sign of a negative duration', () => {
      expect(parseDuration('-15:30').toMillis()).toBe(-870_000);
    });
  });

  describe('rejected input', () => {
    it.each(['', '   ', 'abc', 'nan', 'inf', '10:10:10:10', '1 day,0:00'])('rejects the string %p', (input) => {
      const error = expectRejected(input);
      expect(error.code).toBe('E_PARSE');
      expect(error.input).toBe(input);
      expect(error.message).toContain(JSON.stringify(input));
    });

    it.each([null, undefined, true, {}, [30], new Date(0)])('rejects the non-string non-number %p', (input) => {
      expect(expectRejected(input).input).toBe(input);
    });
  });

  describe('properties', () => {
    function onlyDurationOrParseError(input: string): boolean {
      try {
        const parsed = parseDuration(input);
        return parsed.isValid && Number.isSafeInteger(parsed.toMillis());
      } catch (error) {
        return error instanceof DurationParseError;
      }
    }

    it('throws nothing but DurationParseError on arbitrary strings', () => {
      fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), onlyDurationOrParseError), {
        numRuns: 2000,
      });
    });

    it('throws nothing but DurationParseError on strings of duration-like characters', () => {
      const unit = fc.constantFrom(...'0123456789 :.,-+PTDHMSWYdhmswayinuteorcEe\t'.split(''));
      fc.assert(fc.property(fc.string({ unit, maxLength: 30 }), onlyDurationOrParseError), { numRuns: 3000 });
    });

    it('round-trips non-negative millisecond Durations through toISO()', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 1e15 }), (ms) => {
          const duration = Duration.fromMillis(ms);
          return parseDuration(duration.toISO() ?? '').equals(duration);
        }),
        { numRuns: 2000 },
      );
    });

    it('round-trips non-negative day/hour/minute/second Durations through toISO()', () => {
      const component = fc.integer({ min: 0, max: 10_000 });
      fc.assert(
        fc.property(component, component, component, component, component, (days, hours, minutes, seconds, ms) => {
          const duration = Duration.fromObject({ days, hours, minutes, seconds, milliseconds: ms });
          return parseDuration(duration.toISO() ?? '').toMillis() === duration.toMillis();
        }),
        { numRuns: 1000 },
      );
    });
  });
});
