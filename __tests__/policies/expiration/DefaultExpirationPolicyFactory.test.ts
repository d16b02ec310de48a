import { Container } from 'inversify';
import { DateTime, Duration } from 'luxon';
import { InvalidCacheConfigError } from '../../../src/contracts/errors/InvalidCacheConfigError';
import { InvalidExpirationError } from '../../../src/contracts/errors/InvalidExpirationError';
import type { ExpirationValue } from '../../../src/contracts/ExpirationValue';
import { AlwaysExpiration } from '../../../src/policies/expiration/AlwaysExpiration';
import { CallbackExpiration } from '../../../src/policies/expiration/CallbackExpiration';
import { DataPointerExpiration } from '../../../src/policies/expiration/DataPointerExpiration';
import { DeadlineExpiration } from '../../../src/policies/expiration/DeadlineExpiration';
import { DefaultExpirationPolicyFactory } from '../../../src/policies/expiration/DefaultExpirationPolicyFactory';
import { ExpirationPolicy } from '../../../src/contracts/ExpirationPolicy';
import { ExpirationPolicyFactory } from '../../../src/policies/expiration/ExpirationPolicyFactory';
import { expiresAtOf } from '../../../src/policies/expiration/inlineExpiry';
import { NeverExpiration } from '../../../src/policies/expiration/NeverExpiration';
import { RefreshIntervalExpiration } from '../../../src/policies/expiration/RefreshIntervalExpiration';
import { TimeOfDayExpiration } from '../../../src/policies/expiration/TimeOfDayExpiration';
import { at, itemStoredAt, T0 } from './cachedItem';

const factory = new DefaultExpirationPolicyFactory();
const sync = { async: false };
const custom = new (class Custom extends ExpirationPolicy {
  override isExpired(): boolean {
    return false;
  }
})();

function create(value: unknown, context = sync): ExpirationPolicy {
  return factory.create(value as ExpirationValue, context);
}

/** The first instant (epoch ms) at which a value stored at T0 is expired. */
function expiryOf(value: unknown): number {
  const expiresAt = expiresAtOf(create(value));
  if (expiresAt === null) throw new Error('not a fixed-time policy');
  return expiresAt(T0);
}

describe(DefaultExpirationPolicyFactory.name, () => {
  it('resolves from a container as the ExpirationPolicyFactory token', () => {
    const container = new Container();
    container.bind(ExpirationPolicyFactory).to(DefaultExpirationPolicyFactory);
    expect(container.get(ExpirationPolicyFactory)).toBeInstanceOf(DefaultExpirationPolicyFactory);
  });

  describe('create()', () => {
    it.each<[string, unknown, new (...args: never[]) => ExpirationPolicy]>([
      ['null', null, NeverExpiration],
      ['undefined', undefined, NeverExpiration],
      ['false', false, NeverExpiration],
      ['true', true, AlwaysExpiration],
      ['a function', () => '1 minute', CallbackExpiration],
      ['a Date', new Date(T0), DeadlineExpiration],
      ['a DateTime', DateTime.fromMillis(T0), DeadlineExpiration],
      ['a Duration', Duration.fromObject({ minutes: 5 }), RefreshIntervalExpiration],
      ['a number of seconds', 30, RefreshIntervalExpiration],
      ['0.5 (truncated to 0)', 0.5, RefreshIntervalExpiration],
      ['100000000 (still seconds)', 100_000_000, RefreshIntervalExpiration],
      ['100000001 (a Unix time)', 100_000_001, DeadlineExpiration],
      ['a Unix time in ms', 1_700_000_000_000, DeadlineExpiration],
      ['a duration string', '10 minutes', RefreshIntervalExpiration],
      ["'10:10' (a duration)", '10:10', RefreshIntervalExpiration],
      ['an ISO duration', 'P400D', RefreshIntervalExpiration],
      ["a numeric string ('1700000000', a duration as in aquiche)", '1700000000', RefreshIntervalExpiration],
      ['a datetime string', '2030-01-01T00:00:00Z', DeadlineExpiration],
      ['a date string', '2030-01-01', DeadlineExpiration],
      ["a time of day ('11:05:00Z')", '11:05:00Z', TimeOfDayExpiration],
      ['a data pointer', '$.token.expiration', DataPointerExpiration],
      ['a padded data pointer', '  $.a  ', DataPointerExpiration],
      ['a { time, zone } object', { time: '11:05', zone: 'Europe/Prague' }, TimeOfDayExpiration],
      ['a { time } object', { time: '11:05' }, TimeOfDayExpiration],
    ])('builds the policy for %s', (_label, value, expected) => {
      expect(create(value).constructor).toBe(expected);
    });

    it('returns an ExpirationPolicy instance itself', () => {
      expect(create(custom)).toBe(custom);
      const builtIn = new NeverExpiration();
      expect(create(builtIn)).toBe(builtIn);
    });

    describe('numbers', () => {
      it.each([
        ['seconds', 1_700_000_000],
        ['milliseconds', 1_700_000_000_000],
        ['microseconds', 1_700_000_000_000_000],
        ['nanoseconds', 1_700_000_000_000_000_000],
      ])('reads a Unix time in %s as a deadline', (_unit, n) => {
        expect(expiryOf(n)).toBe(at('2023-11-14T22:13:20Z'));
      });

      it('reads 100000001 as a Unix time in seconds', () => {
        expect(expiryOf(100_000_001)).toBe(100_000_001_000);
      });

      it.each([
        [3e21, at('9999-12-31T23:59:59.999Z')],
        [Number.MAX_VALUE, at('9999-12-31T23:59:59.999Z')],
      ])('clamps the huge Unix time %p to 9999-12-31', (n, expected) => {
        expect(expiryOf(n)).toBe(expected);
      });

      it.each([
        [30, T0 + 30_000],
        [30.9, T0 + 30_000],
        [100_000_000, T0 + 100_000_000_000],
      ])('reads %p as an interval of whole seconds', (n, expected) => {
        expect(expiryOf(n)).toBe(expected);
      });

      it.each([0, 0.5, -0, -5, -0.5, -1e12])('makes %p always expired', (n) => {
        expect(create(n).isExpired(itemStoredAt(T0), T0)).toBe(true);
      });

      it.each([NaN, Infinity, -Infinity])('throws InvalidExpirationError for %p', (n) => {
        expect(() => create(n)).toThrow(InvalidExpirationError);
        expect(() => create(n)).toThrow(`invalid expiration ${String(n)}`);
      });
    });

    describe('strings', () => {
      it.each<[string, number]>([
        ['10 minutes', T0 + 600_000],
        ['  10 minutes  ', T0 + 600_000],
        ['10:10', T0 + 610_000],
        ['1d42m6s', T0 + 86_400_000 + 42 * 60_000 + 6_000],
        ['PT5M', T0 + 300_000],
        ['P400D', T0 + 400 * 86_400_000],
        ['30', T0 + 30_000],
        ['1700000000', T0 + 1_700_000_000_000],
        ['0', -Infinity],
        ['0.5 (a string keeps its fraction, as in aquiche)', T0 + 500],
        ['1e3 (no duration; a Unix time, as in aquiche)', 1_000_000],
        ['inf (no duration; the latest datetime)', at('9999-12-31T23:59:59.999Z')],
        ['-inf (the earliest datetime)', at('0001-01-01T00:00:00Z')],
        ['-15:30', -Infinity],
        ['2030-01-01T00:00:00Z', at('2030-01-01T00:00:00Z')],
        ['2030-01-01 01:00:00+01:00', at('2030-01-01T00:00:00Z')],
        ['2030-01-01T00:00', at('2030-01-01T00:00:00Z')],
        ['9999-12-31T23:59:59.999Z', at('9999-12-31T23:59:59.999Z')],
        ['2030-01-01', at('2030-01-01T00:00:00Z')],
        ['11:05:00Z', at('2024-03-31T11:05:00Z')],
        ['13:00:00Z', at('2024-03-30T13:00:00Z')],
        ['14:00:00+02:00', at('2024-03-30T12:00:00Z') + 86_400_000],
        ['14:00:00+01:00', at('2024-03-30T13:00:00Z')],
      ])('makes a value stored at T0 expire as %p says', (text, expected) => {
        expect(expiryOf(text.split(' (')[0])).toBe(expected);
      });

      it.each(['10 minuts', '', '   ', 'tomorrow', 'P4Y', '2030-13-45', '$', '1 fortnight'])(
        'throws InvalidExpirationError naming %p and listing the accepted forms',
        (text) => {
          const make = () => create(text);
          expect(make).toThrow(InvalidExpirationError);
          expect(make).toThrow(
            `invalid expiration ${JSON.stringify(text)}: expected a duration ('10 minutes', '1:30', 'PT5M'`,
          );
          expect(make).toThrow(/a datetime .* a date .* a time of day .* '\$\.' data pointer/);
        },
      );

      it('carries the value on the error', () => {
        try {
          create('10 minuts');
          throw new Error('no error');
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidCacheConfigError);
          expect((error as InvalidExpirationError).value).toBe('10 minuts');
          expect((error as InvalidExpirationError).code).toBe('E_INVALID_EXPIRATION');
        }
      });

      it('throws InvalidExpirationError for a malformed data pointer', () => {
        expect(() => create('$.a[')).toThrow(InvalidExpirationError);
      });
    });

    describe('times of day', () => {
      it.each<[string, unknown, number]>([
        [
          'a Prague time before the spring change',
          { time: '11:05', zone: 'Europe/Prague' },
          at('2024-03-31T11:05:00+02:00'),
        ],
        [
          'a Prague time later that day',
          { time: '14:00:00.5', zone: 'Europe/Prague' },
          at('2024-03-30T14:00:00.5+01:00'),
        ],
        ['a time without a zone (UTC)', { time: '12:30' }, at('2024-03-30T12:30:00Z')],
        ['a time with an offset and no zone', { time: '14:30+02:00' }, at('2024-03-30T12:30:00Z')],
        ['a number of seconds after midnight', { time: 46_800 }, at('2024-03-30T13:00:00Z')],
      ])('expires at the next occurrence of %s', (_label, value, expected) => {
        expect(expiryOf(value)).toBe(expected);
      });

      it.each<[string, unknown]>([
        ['an unknown zone', { time: '11:05', zone: 'Mars/Olympus' }],
        ['an offset and a zone', { time: '11:05Z', zone: 'Europe/Prague' }],
        ['an offset (+02:00) and a zone', { time: '11:05+02:00', zone: 'Europe/Prague' }],
        ['an unparsable time', { time: 'noon', zone: 'Europe/Prague' }],
        ['a zone that is not a string', { time: '11:05', zone: 2 }],
        ['an unknown key', { time: '11:05', zon: 'Europe/Prague' }],
        ['a time that is not a string', { time: null }],
      ])('throws InvalidExpirationError for %s', (_label, value) => {
        expect(() => create(value)).toThrow(InvalidExpirationError);
      });
    });

    describe('Date, DateTime and Duration', () => {
      it.each<[string, unknown, number]>([
        ['a Date', new Date(T0 + 1), T0 + 1],
        [
          'a DateTime with an offset',
          DateTime.fromISO('2030-01-01T01:00:00+01:00', { setZone: true }),
          at('2030-01-01T00:00:00Z'),
        ],
        ['a DateTime in 9999', DateTime.fromISO('9999-12-31T23:59:59.999Z'), at('9999-12-31T23:59:59.999Z')],
        ['a Duration', Duration.fromObject({ hours: 2 }), T0 + 7_200_000],
        ['a Duration of 400 days', Duration.fromObject({ days: 400 }), T0 + 400 * 86_400_000],
        ['a negative Duration (always expired)', Duration.fromObject({ seconds: -1 }), -Infinity],
      ])('takes the expiry of %s', (_label, value, expected) => {
        expect(expiryOf(value)).toBe(expected);
      });

      it.each<[string, unknown]>([
        ['an invalid Date', new Date(NaN)],
        ['an invalid DateTime', DateTime.invalid('nope')],
        ['an invalid Duration', Duration.invalid('nope')],
      ])('throws InvalidExpirationError for %s', (_label, value) => {
        expect(() => create(value)).toThrow(InvalidExpirationError);
      });
    });

    describe('callbacks', () => {
      it('throws InvalidExpirationError, an InvalidCacheConfigError, for an async callback on a sync function', () => {
        const make = () => create(async () => '1 minute', { async: false });
        expect(make).toThrow(InvalidExpirationError);
        expect(make).toThrow(InvalidCacheConfigError);
        expect(make).toThrow(/async callback on a sync function/);
      });

      it('accepts an async callback on an async function', () => {
        expect(create(async () => '1 minute', { async: true })).toBeInstanceOf(CallbackExpiration);
      });

      it('throws InvalidExpirationError for an ExpirationPolicy class passed instead of an instance', () => {
        expect(() => create(NeverExpiration)).toThrow(/an ExpirationPolicy instance \(new NeverExpiration/);
      });

      it('resolves what the callback returns by this same table', () => {
        const policy = create(() => '10 minutes');
        expect(policy.isExpired(itemStoredAt(T0), T0 + 599_999)).toBe(false);
        expect(policy.isExpired(itemStoredAt(T0), T0 + 600_000)).toBe(true);
      });
    });

    it.each<[string, unknown]>([
      ['a bigint', 10n],
      ['a symbol', Symbol('x')],
      ['an array', ['10 minutes']],
      ['an empty object', {}],
      ['a Map', new Map()],
      [
        'a class instance with a time field',
        new (class Slot {
          time = '11:05';
        })(),
      ],
    ])('throws InvalidExpirationError for %s', (_label, value) => {
      expect(() => create(value)).toThrow(InvalidExpirationError);
      expect(() => create(value)).toThrow(/expected a duration/);
    });
  });
});
