import { Duration } from 'luxon';
import { InvalidCacheConfigError } from '../../../src/contracts/errors/InvalidCacheConfigError';
import { InvalidExpirationError } from '../../../src/contracts/errors/InvalidExpirationError';
import { RefreshIntervalExpiration } from '../../../src/policies/expiration/RefreshIntervalExpiration';
import { itemStoredAt, T0 } from './cachedItem';
import { describeExpirationPolicyContract } from './expirationPolicyContract';

describe(RefreshIntervalExpiration.name, () => {
  describe('constructor', () => {
    it('throws InvalidExpirationError naming the value when the Duration is invalid', () => {
      const invalid = Duration.invalid('broken');
      expect(() => new RefreshIntervalExpiration(invalid)).toThrow(InvalidExpirationError);
      expect(() => new RefreshIntervalExpiration(invalid)).toThrow(/invalid expiration .*Duration/);
      expect(() => new RefreshIntervalExpiration(invalid)).toThrow(InvalidCacheConfigError);
    });

    it('keeps the interval it was given', () => {
      const interval = Duration.fromObject({ minutes: 5 });
      expect(new RefreshIntervalExpiration(interval).interval).toBe(interval);
    });
  });

  describe('isExpired()', () => {
    it.each([
      [{ minutes: 1 }, 60_000],
      [{ milliseconds: 1 }, 1],
      [{ hours: 1, seconds: 30 }, 3_630_000],
      [{ days: 400 }, 400 * 86_400_000],
    ])('reports a value expired exactly %p after it was stored (inclusive)', (interval, ms) => {
      const policy = new RefreshIntervalExpiration(Duration.fromObject(interval));
      expect(policy.isExpired(itemStoredAt(T0), T0 + ms - 1)).toBe(false);
      expect(policy.isExpired(itemStoredAt(T0), T0 + ms)).toBe(true);
      expect(policy.isExpired(itemStoredAt(T0), T0 + ms + 1)).toBe(true);
    });

    it.each([{ seconds: 0 }, { seconds: -5 }, { days: -1 }])(
      'reports a value always expired for the interval %p',
      (interval) => {
        const policy = new RefreshIntervalExpiration(Duration.fromObject(interval));
        expect(policy.isExpired(itemStoredAt(T0), T0)).toBe(true);
        expect(policy.isExpired(itemStoredAt(T0), T0 - 86_400_000 * 2)).toBe(true);
      },
    );

    it('reports a value fresh right after it was stored', () => {
      const policy = new RefreshIntervalExpiration(Duration.fromObject({ seconds: 10 }));
      expect(policy.isExpired(itemStoredAt(T0), T0)).toBe(false);
    });
  });

  describe('expiresAtMs()', () => {
    it('returns the storing time plus the interval', () => {
      expect(new RefreshIntervalExpiration(Duration.fromObject({ seconds: 90 })).expiresAtMs(T0)).toBe(T0 + 90_000);
    });

    it('returns -Infinity for a zero interval', () => {
      expect(new RefreshIntervalExpiration(Duration.fromObject({})).expiresAtMs(T0)).toBe(-Infinity);
    });
  });
});

describeExpirationPolicyContract(
  'RefreshIntervalExpiration',
  () => new RefreshIntervalExpiration(Duration.fromObject({ minutes: 1 })),
);
describeExpirationPolicyContract(
  'RefreshIntervalExpiration (negative)',
  () => new RefreshIntervalExpiration(Duration.fromObject({ minutes: -1 })),
);
