import { Duration } from 'luxon';
import { InvalidCacheConfigError } from '../../../src/contracts/errors/InvalidCacheConfigError';
import { InvalidExpirationError } from '../../../src/contracts/errors/InvalidExpirationError';
import type { CachedItem } from '../../../src/contracts/CachedItem';
import type { ExpirationCallback } from '../../../src/contracts/ExpirationValue';
import { CallbackExpiration } from '../../../src/policies/expiration/CallbackExpiration';
import { DefaultExpirationPolicyFactory } from '../../../src/policies/expiration/DefaultExpirationPolicyFactory';
import { RefreshIntervalExpiration } from '../../../src/policies/expiration/RefreshIntervalExpiration';
import { at, itemStoredAt, T0 } from './cachedItem';
import { describeExpirationPolicyContract } from './expirationPolicyContract';

const factory = new DefaultExpirationPolicyFactory();

function callback(fn: ExpirationCallback, async = false): CallbackExpiration {
  return new CallbackExpiration(fn, factory, { async });
}

describe(CallbackExpiration.name, () => {
  describe('constructor', () => {
    it('throws InvalidExpirationError, an InvalidCacheConfigError, for an async callback on a sync function', () => {
      const make = () => callback(async () => '1 minute', false);
      expect(make).toThrow(InvalidExpirationError);
      expect(make).toThrow(InvalidCacheConfigError);
      expect(make).toThrow(/async callback on a sync function/);
    });

    it('accepts an async callback on an async function', () => {
      expect(callback(async () => '1 minute', true)).toBeInstanceOf(CallbackExpiration);
    });

    it('throws InvalidExpirationError for a non-function', () => {
      expect(() => new CallbackExpiration('x' as never, factory, { async: false })).toThrow(InvalidExpirationError);
    });
  });

  describe('resolveValue()', () => {
    it('passes the stored item to the callback and returns its result', () => {
      const seen: CachedItem[] = [];
      const item = itemStoredAt(T0, { ttl: 5 });
      expect(callback((i) => (seen.push(i), '5 seconds')).resolveValue(item)).toBe('5 seconds');
      expect(seen).toEqual([item]);
    });

    it('returns a thenable on an async function, for the manager to await', async () => {
      const result = callback(async () => 30, true).resolveValue(itemStoredAt(T0));
      await expect(result).resolves.toBe(30);
    });

    it('throws InvalidExpirationError when a plain callback returns a thenable on a sync function', () => {
      expect(() => callback(() => Promise.resolve(30)).resolveValue(itemStoredAt(T0))).toThrow(InvalidExpirationError);
    });
  });

  describe('isExpired()', () => {
    it.each<[string, unknown, number, number]>([
      ['a duration string', '10 minutes', T0 + 599_999, T0 + 600_000],
      ['a number of seconds', 30, T0 + 29_999, T0 + 30_000],
      ['a luxon Duration', Duration.fromObject({ seconds: 2 }), T0 + 1_999, T0 + 2_000],
      ['a datetime string', '2024-03-30T13:00:00Z', at('2024-03-30T12:59:59.999Z'), at('2024-03-30T13:00:00Z')],
      ['a date string', '2024-03-31', at('2024-03-30T23:59:59.999Z'), at('2024-03-31T00:00:00Z')],
      ['a time of day', '13:00:00Z', at('2024-03-30T12:59:59.999Z'), at('2024-03-30T13:00:00Z')],
      ['a Date', new Date(T0 + 7), T0 + 6, T0 + 7],
      ['a policy', new RefreshIntervalExpiration(Duration.fromObject({ seconds: 1 })), T0 + 999, T0 + 1_000],
      [
        'a time of day object',
        { time: '14:00', zone: 'Europe/Prague' },
        at('2024-03-30T12:59:59.999Z'),
        at('2024-03-30T13:00:00Z'),
      ],
    ])('expires a value when the callback returns %s', (_label, result, fresh, expired) => {
      const policy = callback(() => result as never);
      expect(policy.isExpired(itemStoredAt(T0), fresh)).toBe(false);
      expect(policy.isExpired(itemStoredAt(T0), expired)).toBe(true);
    });

    it.each([
      [true, true],
      [false, false],
      [null, false],
      [undefined, false],
    ])('follows a callback returning %p (expired: %p)', (result, expired) => {
      expect(callback(() => result).isExpired(itemStoredAt(T0), T0 + 1)).toBe(expired);
    });

    it('decides from the stored item, e.g. errors expire sooner', () => {
      const policy = callback((item) => (item.isError ? '10 seconds' : '1 hour'));
      expect(policy.isExpired(itemStoredAt(T0, new Error('x'), true), T0 + 10_000)).toBe(true);
      expect(policy.isExpired(itemStoredAt(T0, 'ok'), T0 + 10_000)).toBe(false);
    });

    it('resolves a data pointer the callback returns against the same item', () => {
      const policy = callback(() => '$.ttl');
      expect(policy.isExpired(itemStoredAt(T0, { ttl: 3 }), T0 + 3_000)).toBe(true);
      expect(policy.isExpired(itemStoredAt(T0, { ttl: 3 }), T0 + 2_999)).toBe(false);
    });

    it.each([false, true])(
      'throws InvalidExpirationError when the callback returns a thenable (async: %p)',
      (async) => {
        const policy = callback(() => Promise.resolve('1 minute'), async);
        expect(() => policy.isExpired(itemStoredAt(T0), T0)).toThrow(InvalidExpirationError);
        expect(() => policy.isExpired(itemStoredAt(T0), T0)).toThrow(/thenable/);
      },
    );

    it('throws InvalidExpirationError naming a garbage string the callback returns', () => {
      expect(() => callback(() => '10 minuts').isExpired(itemStoredAt(T0), T0)).toThrow(
        'invalid expiration "10 minuts"',
      );
    });

    it('lets an error thrown by the callback through', () => {
      const boom = new Error('boom');
      expect(() =>
        callback(() => {
          throw boom;
        }).isExpired(itemStoredAt(T0), T0),
      ).toThrow(boom);
    });

    it('calls the callback on every check (the generic path)', () => {
      let ttl = '1 second';
      const policy = callback(() => ttl);
      expect(policy.isExpired(itemStoredAt(T0), T0 + 5_000)).toBe(true);
      ttl = '1 hour';
      expect(policy.isExpired(itemStoredAt(T0), T0 + 5_000)).toBe(false);
    });
  });
});

describeExpirationPolicyContract(
  'CallbackExpiration',
  () => callback((item) => ((item.value as { n: number }).n > 0 ? '1 minute' : true)),
  {
    value: { n: 1 },
  },
);
