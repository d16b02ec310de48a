import { ExtractionError } from '../../../src/contracts/errors/ExtractionError';
import { InvalidExpirationError } from '../../../src/contracts/errors/InvalidExpirationError';
import { DataPointerExpiration } from '../../../src/policies/expiration/DataPointerExpiration';
import { DefaultExpirationPolicyFactory } from '../../../src/policies/expiration/DefaultExpirationPolicyFactory';
import { ExpirationPolicy } from '../../../src/contracts/ExpirationPolicy';
import { at, itemStoredAt, T0 } from './cachedItem';
import { describeExpirationPolicyContract } from './expirationPolicyContract';

const factory = new DefaultExpirationPolicyFactory();
const sync = { async: false };

class Token {
  constructor(private readonly ttl: number) {}
  get expiresIn(): number {
    return this.ttl;
  }
}

function pointer(path: string): DataPointerExpiration {
  return new DataPointerExpiration(path, factory, sync);
}

describe(DataPointerExpiration.name, () => {
  describe('constructor', () => {
    it.each(['$.', '$.a[', '$..'])('throws InvalidExpirationError naming the path for the malformed %p', (path) => {
      expect(() => pointer(path)).toThrow(InvalidExpirationError);
      expect(() => pointer(path)).toThrow(JSON.stringify(path));
    });

    it('keeps the trimmed path', () => {
      expect(pointer('  $.a.b ').path).toBe('$.a.b');
    });
  });

  describe('resolveValue()', () => {
    it.each<[string, string, unknown, unknown]>([
      ['a plain object', '$.token.expiration', { token: { expiration: '10 minutes' } }, '10 minutes'],
      ['a class instance getter', '$.token.expiresIn', { token: new Token(30) }, 30],
      ['a Map', '$.byName.ttl', { byName: new Map([['ttl', 60]]) }, 60],
      ['an array by [0]', '$.items[0]', { items: [5, 6] }, 5],
      ['an array by .0', '$.items.0', { items: [5, 6] }, 5],
      [
        'a Map of arrays of instances',
        '$.m.list[1].expiresIn',
        { m: new Map([['list', [new Token(1), new Token(2)]]]) },
        2,
      ],
      ['a value at the root that is an array', '$[1]', ['a', 'b'], 'b'],
      ['a null found', '$.exp', { exp: null }, null],
    ])('reads the expiration value from %s', (_label, path, value, expected) => {
      expect(pointer(path).resolveValue(itemStoredAt(T0, value))).toEqual(expected);
    });

    it.each<[string, unknown]>([
      ['$.token.expiration', { token: {} }],
      ['$.token.expiration', { token: null }],
      ['$.items[3]', { items: [1] }],
      ['$.m.missing', { m: new Map() }],
      ['$.a', undefined],
      ['$.a.b', { a: 5 }],
    ])('throws ExtractionError naming %p when it finds nothing in %p', (path, value) => {
      const read = () => pointer(path).resolveValue(itemStoredAt(T0, value));
      expect(read).toThrow(ExtractionError);
      expect(read).toThrow(JSON.stringify(path));
    });

    it('reports a getter that throws as an ExtractionError', () => {
      const value = {
        get exp(): string {
          throw new Error('boom');
        },
      };
      expect(() => pointer('$.exp').resolveValue(itemStoredAt(T0, value))).toThrow(ExtractionError);
    });
  });

  describe('isExpired()', () => {
    it.each<[string, unknown, number, number]>([
      ['a duration string', { exp: '10 minutes' }, T0 + 599_999, T0 + 600_000],
      ['a number of seconds', { exp: 30 }, T0 + 29_999, T0 + 30_000],
      [
        'a datetime string',
        { exp: '2024-03-30T13:00:00Z' },
        at('2024-03-30T12:59:59.999Z'),
        at('2024-03-30T13:00:00Z'),
      ],
      ['a Unix time in seconds', { exp: 1_711_803_600 }, 1_711_803_600_000 - 1, 1_711_803_600_000],
      ['a Date', { exp: new Date(T0 + 5) }, T0 + 4, T0 + 5],
      ['a time of day', { exp: '13:00:00Z' }, at('2024-03-30T12:59:59.999Z'), at('2024-03-30T13:00:00Z')],
    ])('expires a value when %s it points at says so', (_label, value, fresh, expired) => {
      const policy = pointer('$.exp');
      expect(policy.isExpired(itemStoredAt(T0, value), fresh)).toBe(false);
      expect(policy.isExpired(itemStoredAt(T0, value), expired)).toBe(true);
    });

    it.each([
      [true, true],
      [false, false],
      [null, false],
    ])('follows the boolean/null %p it points at (expired: %p)', (exp, expired) => {
      expect(pointer('$.exp').isExpired(itemStoredAt(T0, { exp }), T0 + 1)).toBe(expired);
    });

    it('re-reads the value on every check (the generic path)', () => {
      const value = { exp: '1 second' };
      const policy = pointer('$.exp');
      expect(policy.isExpired(itemStoredAt(T0, value), T0 + 5_000)).toBe(true);
      value.exp = '1 hour';
      expect(policy.isExpired(itemStoredAt(T0, value), T0 + 5_000)).toBe(false);
    });

    it('uses the policy instance it points at', () => {
      class Expired extends ExpirationPolicy {
        override isExpired(): boolean {
          return true;
        }
      }
      expect(pointer('$.policy').isExpired(itemStoredAt(T0, { policy: new Expired() }), T0)).toBe(true);
    });

    it('throws ExtractionError when the path is missing', () => {
      expect(() => pointer('$.exp').isExpired(itemStoredAt(T0, {}), T0)).toThrow(ExtractionError);
    });

    it('throws InvalidExpirationError naming the value found when it is not an expiration', () => {
      expect(() => pointer('$.exp').isExpired(itemStoredAt(T0, { exp: '10 minuts' }), T0)).toThrow(
        InvalidExpirationError,
      );
      expect(() => pointer('$.exp').isExpired(itemStoredAt(T0, { exp: '10 minuts' }), T0)).toThrow('"10 minuts"');
    });

    it('throws InvalidExpirationError instead of recursing when a pointer points at itself', () => {
      const check = () => pointer('$.exp').isExpired(itemStoredAt(T0, { exp: '$.exp' }), T0);
      expect(check).toThrow(InvalidExpirationError);
      expect(check).toThrow(/further pointers or callbacks/);
    });

    it('passes its context on: an async callback found on a sync function is refused', () => {
      const value = { exp: async () => 10 };
      expect(() => pointer('$.exp').isExpired(itemStoredAt(T0, value), T0)).toThrow(
        /async callback on a sync function/,
      );
    });
  });
});

describeExpirationPolicyContract('DataPointerExpiration', () => pointer('$.a.b[0]'), {
  value: { a: { b: ['10 minutes'] } },
});
describeExpirationPolicyContract('DataPointerExpiration (to a deadline)', () => pointer('$.exp'), {
  value: { exp: '2024-03-30T13:00:00Z' },
});
