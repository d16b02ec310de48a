import { AlwaysExpiration } from '../../../src/policies/expiration/AlwaysExpiration';
import { itemStoredAt, T0 } from './cachedItem';
import { describeExpirationPolicyContract } from './expirationPolicyContract';

describe(AlwaysExpiration.name, () => {
  describe('isExpired()', () => {
    it.each([T0 - 86_400_000, T0 - 1, T0, T0 + 1])('reports a value stored at T0 expired at %p', (now) => {
      expect(new AlwaysExpiration().isExpired(itemStoredAt(T0), now)).toBe(true);
    });
  });

  describe('expiresAtMs()', () => {
    it('returns -Infinity whenever the value was stored', () => {
      expect(new AlwaysExpiration().expiresAtMs(T0)).toBe(-Infinity);
    });
  });
});

describeExpirationPolicyContract('AlwaysExpiration', () => new AlwaysExpiration());
