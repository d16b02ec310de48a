import fc from 'fast-check';
import { DateTime, FixedOffsetZone } from 'luxon';
import { InvalidExpirationError } from '../../../src/contracts/errors/InvalidExpirationError';
import { TimeOfDayExpiration } from '../../../src/policies/expiration/TimeOfDayExpiration';
import { at, itemStoredAt, T0 } from './cachedItem';
import { describeExpirationPolicyContract } from './expirationPolicyContract';

const DAY = 86_400_000;

function expectExpiry(policy: TimeOfDayExpiration, fetched: number, expiresAt: number): void {
  expect(new Date(policy.expiresAtMs(fetched)).toISOString()).toBe(new Date(expiresAt).toISOString());
  expect(policy.isExpired(itemStoredAt(fetched), expiresAt - 1)).toBe(false);
  expect(policy.isExpired(itemStoredAt(fetched), expiresAt)).toBe(true);
}

describe(TimeOfDayExpiration.name, () => {
  describe('constructor', () => {
    it('takes the time-of-day fields and zone of a DateTime, ignoring its date', () => {
      const policy = new TimeOfDayExpiration(
        DateTime.fromObject(
          { year: 1999, month: 5, day: 3, hour: 11, minute: 5, second: 7, millisecond: 9 },
          { zone: FixedOffsetZone.instance(120) },
        ),
      );
      expect([policy.hour, policy.minute, policy.second, policy.millisecond, policy.zone.name]).toEqual([
        11,
        5,
        7,
        9,
        'UTC+2',
      ]);
    });

    it('reads fields in UTC when no zone is given', () => {
      expect(new TimeOfDayExpiration({ hour: 6 }).zone.name).toBe('UTC');
    });

    it.each<[string, unknown]>([
      ['an unknown zone', { hour: 11, zone: 'Fantasia/Castle' }],
      ['an empty zone', { hour: 11, zone: '' }],
      ['hour 24', { hour: 24 }],
      ['minute 60', { hour: 1, minute: 60 }],
      ['second -1', { hour: 1, second: -1 }],
      ['millisecond 1000', { hour: 1, millisecond: 1000 }],
      ['a fractional hour', { hour: 1.5 }],
      ['an invalid DateTime', DateTime.invalid('broken')],
      ['a string', '11:05'],
    ])('throws InvalidExpirationError for %s', (_label, input) => {
      expect(() => new TimeOfDayExpiration(input as never)).toThrow(InvalidExpirationError);
    });

    it('names the bad zone in the message', () => {
      expect(() => new TimeOfDayExpiration({ hour: 11, zone: 'Fantasia/Castle' })).toThrow(/Fantasia\/Castle/);
    });
  });

  describe('expiresAtMs()', () => {
    describe('in UTC and fixed offsets', () => {
      const utc = new TimeOfDayExpiration({ hour: 11, minute: 5 });
      it.each([
        ['earlier that day', '2024-03-30T10:00:00Z', '2024-03-30T11:05:00Z'],
        ['one ms before the time', '2024-03-30T11:04:59.999Z', '2024-03-30T11:05:00Z'],
        ['exactly at the time (next day)', '2024-03-30T11:05:00Z', '2024-03-31T11:05:00Z'],
        ['after the time', '2024-03-30T23:59:59.999Z', '2024-03-31T11:05:00Z'],
        ['at midnight', '2024-03-31T00:00:00Z', '2024-03-31T11:05:00Z'],
        ['before the epoch', '1969-12-31T12:00:00Z', '1970-01-01T11:05:00Z'],
      ])('expires a value stored %s at the next 11:05 UTC', (_label, fetched, expected) => {
        expectExpiry(utc, at(fetched), at(expected));
      });

      it.each([
        [120, '2024-03-30T08:00:00Z', '2024-03-30T09:05:00Z'],
        [120, '2024-03-30T09:05:00Z', '2024-03-31T09:05:00Z'],
        [-330, '2024-03-30T12:00:00Z', '2024-03-30T16:35:00Z'],
        [-330, '2024-03-30T16:35:00Z', '2024-03-31T16:35:00Z'],
        [840, '2024-03-30T22:00:00Z', '2024-03-31T21:05:00Z'],
      ])('reads the time at offset %p minutes (stored %s → %s)', (offset, fetched, expected) => {
        const policy = new TimeOfDayExpiration(
          DateTime.fromObject({ hour: 11, minute: 5 }, { zone: FixedOffsetZone.instance(offset) }),
        );
        expectExpiry(policy, at(fetched), at(expected));
      });

      it('refreshes daily: each expiry, taken as the next fetch, gives the next day', () => {
        const policy = new TimeOfDayExpiration({ hour: 3, minute: 30, second: 15, millisecond: 500, zone: 'UTC+1' });
        let fetched = T0;
        const expiries: string[] = [];
        for (let i = 0; i < 3; i++) {
          fetched = policy.expiresAtMs(fetched);
          expiries.push(new Date(fetched).toISOString());
        }
        expect(expiries).toEqual(['2024-03-31T02:30:15.500Z', '2024-04-01T02:30:15.500Z', '2024-04-02T02:30:15.500Z']);
      });
    });

    describe("in 'Europe/Prague' (DST changes on 2024-03-31 and 2024-10-27)", () => {
      const elevenOFive = new TimeOfDayExpiration({ hour: 11, minute: 5, zone: 'Europe/Prague' });
      const twoThirty = new TimeOfDayExpiration({ hour: 2, minute: 30, zone: 'Europe/Prague' });

      it.each([
        ['before the time, in winter time', elevenOFive, '2024-03-30T10:00:00Z', '2024-03-30T11:05:00+01:00'],
        [
          'exactly at the time, across spring forward (23 h later)',
          elevenOFive,
          '2024-03-30T11:05:00+01:00',
          '2024-03-31T11:05:00+02:00',
        ],
        ['after the time, across spring forward', elevenOFive, '2024-03-30T12:00:00Z', '2024-03-31T11:05:00+02:00'],
        [
          'exactly at the time, across fall back (25 h later)',
          elevenOFive,
          '2024-10-26T11:05:00+02:00',
          '2024-10-27T11:05:00+01:00',
        ],
        ['in summer time', elevenOFive, '2024-07-01T00:00:00Z', '2024-07-01T11:05:00+02:00'],
        [
          'the day before a skipped 02:30 (expires at 03:30 new time)',
          twoThirty,
          '2024-03-30T12:00:00Z',
          '2024-03-31T03:30:00+02:00',
        ],
        [
          'the day before a repeated 02:30 (its first occurrence)',
          twoThirty,
          '2024-10-26T12:00:00Z',
          '2024-10-27T02:30:00+02:00',
        ],
        [
          'at the first of two 02:30s (the second follows)',
          twoThirty,
          '2024-10-27T02:30:00+02:00',
          '2024-10-27T02:30:00+01:00',
        ],
        [
          'at the second of two 02:30s (the next day)',
          twoThirty,
          '2024-10-27T02:30:00+01:00',
          '2024-10-28T02:30:00+01:00',
        ],
      ])('expires a value stored %s', (_label, policy, fetched, expected) => {
        expectExpiry(policy, at(fetched), at(expected));
      });

      it('answers the same when asked twice for one storing time', () => {
        const fetched = at('2024-03-30T12:00:00Z');
        expect(elevenOFive.expiresAtMs(fetched)).toBe(elevenOFive.expiresAtMs(fetched));
        expect(elevenOFive.expiresAtMs(fetched + 1)).toBe(at('2024-03-31T11:05:00+02:00'));
      });

      it('gives the next wall-clock occurrence for any storing time, DST days included (fast-check)', () => {
        const zones = ['Europe/Prague', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Apia'];
        // Instants near offset changes of those zones, so skipped and repeated times come up often.
        const transitions = [
          '2024-03-31T01:00:00Z',
          '2024-10-27T01:00:00Z',
          '2024-03-10T07:00:00Z',
          '2024-11-03T06:00:00Z',
          '2024-04-06T15:00:00Z',
          '2024-10-05T15:30:00Z',
          '2011-12-30T10:00:00Z',
        ].map(at);
        const fetchedTime = fc.oneof(
          fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }),
          fc.tuple(fc.constantFrom(...transitions), fc.integer({ min: -2 * DAY, max: DAY })).map(([t, d]) => t + d),
        );
        fc.assert(
          fc.property(
            fc.constantFrom(...zones),
            fc.integer({ min: 0, max: 23 }),
            fc.integer({ min: 0, max: 59 }),
            fetchedTime,
            (zone, hour, minute, fetched) => {
              const policy = new TimeOfDayExpiration({ hour, minute, zone });
              const expiresAt = policy.expiresAtMs(fetched);
              expect(expiresAt).toBeGreaterThan(fetched);
              expect(expiresAt - fetched).toBeLessThanOrEqual(DAY + 3_600_000);
              const target = hour * 60 + minute;
              const wallMinuteAt = (t: number) =>
                ((Math.floor((t + policy.zone.offset(t) * 60_000) / 60_000) % 1440) + 1440) % 1440;
              // On a day the time is skipped, it fires when the clock would have shown it (shifted by the jump).
              const jump = policy.zone.offset(expiresAt) - policy.zone.offset(expiresAt - DAY);
              const shown = wallMinuteAt(expiresAt);
              expect([target, (target + jump + 1440) % 1440]).toContain(shown);
              if (shown !== target) expect(jump).toBeGreaterThan(0);
              // No earlier instant after the fetch shows the time on the clock.
              for (let t = expiresAt - 60_000; t > fetched; t -= 60_000) {
                if (wallMinuteAt(t) === target)
                  throw new Error(
                    `${zone} shows the time at ${new Date(t).toISOString()}, before ${new Date(expiresAt).toISOString()}`,
                  );
              }
            },
          ),
          { numRuns: 150 },
        );
      });
    });
  });

  describe('isExpired()', () => {
    it('refreshes a value stored at the time only at the next day', () => {
      const policy = new TimeOfDayExpiration({ hour: 12 });
      expect(policy.isExpired(itemStoredAt(T0), T0)).toBe(false);
      expect(policy.isExpired(itemStoredAt(T0), T0 + DAY - 1)).toBe(false);
      expect(policy.isExpired(itemStoredAt(T0), T0 + DAY)).toBe(true);
    });
  });
});

describeExpirationPolicyContract('TimeOfDayExpiration (UTC)', () => new TimeOfDayExpiration({ hour: 11, minute: 5 }));
describeExpirationPolicyContract(
  'TimeOfDayExpiration (Europe/Prague)',
  () => new TimeOfDayExpiration({ hour: 2, minute: 30, zone: 'Europe/Prague' }),
);
