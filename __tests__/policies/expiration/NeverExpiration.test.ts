import { NeverExpiration } from '../../../src/policies/expiration/NeverExpiration';
import { itemStoredAt, T0 } from './cachedItem';
import { describeExpirationPolicyContract } from './expirationPolicyContract';

describe(NeverExpiration.name, () => {
  describe('isExpired()', () => {
    it.each([T0 - 1, T0, T0 + 1, Date.UTC(9999, 11, 31, 23, 59, 59, 999), Number.MAX_SAFE_INTEGER])(
      'reports a value fresh at %p',
      (now) => {
        expect(new NeverExpiration().isExpired(itemStoredAt(T0), now)).toBe(false);
      },
    );
  });

  describe('expiresAtMs()', () => {
    it('returns Infinity whenever the value was stored', () => {
      expect(new NeverExpiration().expiresAtMs(T0)).toBe(Infinity);
    });
  });
});

describeExpirationPolicyContract('NeverExpiration', () => new NeverExpiration());
