import { DateTime } from 'luxon';
import { InvalidExpirationError } from '../../../src/contracts/errors/InvalidExpirationError';
import { DeadlineExpiration } from '../../../src/policies/expiration/DeadlineExpiration';
import { at, itemStoredAt, T0 } from './cachedItem';
import { describeExpirationPolicyContract } from './expirationPolicyContract';

describe(DeadlineExpiration.name, () => {
  describe('constructor', () => {
    it.each([
      ['an invalid Date', new Date(NaN)],
      ['an invalid DateTime', DateTime.invalid('broken')],
    ])('throws InvalidExpirationError for %s', (_label, deadline) => {
      expect(() => new DeadlineExpiration(deadline)).toThrow(InvalidExpirationError);
    });

    it('holds the deadline in UTC', () => {
      const policy = new DeadlineExpiration(DateTime.fromISO('2030-01-01T01:00:00+01:00', { setZone: true }));
      expect(policy.deadline.toISO()).toBe('2030-01-01T00:00:00.000Z');
    });
  });

  describe('isExpired()', () => {
    it.each([
      [
        'a DateTime with an offset',
        DateTime.fromISO('2030-06-01T12:00:00+02:00', { setZone: true }),
        at('2030-06-01T10:00:00Z'),
      ],
      ['a Date', new Date('2030-06-01T10:00:00Z'), at('2030-06-01T10:00:00Z')],
      ['a DateTime in year 9999', DateTime.fromISO('9999-12-31T23:59:59.999Z'), at('9999-12-31T23:59:59.999Z')],
      ['a DateTime in year 0001', DateTime.fromISO('0001-01-01T00:00:00Z'), at('0001-01-01T00:00:00Z')],
    ])('reports values expired from %s on, fresh one ms before', (_label, deadline, deadlineMs) => {
      const policy = new DeadlineExpiration(deadline);
      expect(policy.isExpired(itemStoredAt(T0), deadlineMs - 1)).toBe(false);
      expect(policy.isExpired(itemStoredAt(T0), deadlineMs)).toBe(true);
    });

    it('reports a value stored after the deadline expired at once', () => {
      const policy = new DeadlineExpiration(new Date(T0));
      expect(policy.isExpired(itemStoredAt(T0 + 1000), T0 + 1000)).toBe(true);
    });
  });

  describe('expiresAtMs()', () => {
    it('returns the deadline whenever the value was stored', () => {
      const policy = new DeadlineExpiration(new Date(T0 + 5));
      expect(policy.expiresAtMs(T0 - 1_000_000)).toBe(T0 + 5);
      expect(policy.expiresAtMs(T0 + 1_000_000)).toBe(T0 + 5);
    });
  });
});

describeExpirationPolicyContract('DeadlineExpiration', () => new DeadlineExpiration(new Date(T0 + 3_600_000)));
