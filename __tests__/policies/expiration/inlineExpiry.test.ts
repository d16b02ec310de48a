import fc from 'fast-check';
import { DateTime, Duration } from 'luxon';
import type { CachedItem } from '../../../src/contracts/CachedItem';
import { AlwaysExpiration } from '../../../src/policies/expiration/AlwaysExpiration';
import { CallbackExpiration } from '../../../src/policies/expiration/CallbackExpiration';
import { DataPointerExpiration } from '../../../src/policies/expiration/DataPointerExpiration';
import { DeadlineExpiration } from '../../../src/policies/expiration/DeadlineExpiration';
import { DefaultExpirationPolicyFactory } from '../../../src/policies/expiration/DefaultExpirationPolicyFactory';
import { ExpirationPolicy } from '../../../src/contracts/ExpirationPolicy';
import { expiresAtOf, perValueResolverOf } from '../../../src/policies/expiration/inlineExpiry';
import { NeverExpiration } from '../../../src/policies/expiration/NeverExpiration';
import { RefreshIntervalExpiration } from '../../../src/policies/expiration/RefreshIntervalExpiration';
import { TimeOfDayExpiration } from '../../../src/policies/expiration/TimeOfDayExpiration';
import { itemStoredAt, T0 } from './cachedItem';

const factory = new DefaultExpirationPolicyFactory();
const minute = Duration.fromObject({ minutes: 1 });

const fixedTimePolicies: ReadonlyArray<[string, () => ExpirationPolicy]> = [
  ['NeverExpiration', () => new NeverExpiration()],
  ['AlwaysExpiration', () => new AlwaysExpiration()],
  ['RefreshIntervalExpiration (1 min)', () => new RefreshIntervalExpiration(minute)],
  ['RefreshIntervalExpiration (0)', () => new RefreshIntervalExpiration(Duration.fromObject({}))],
  ['RefreshIntervalExpiration (-1 s)', () => new RefreshIntervalExpiration(Duration.fromObject({ seconds: -1 }))],
  ['RefreshIntervalExpiration (400 days)', () => new RefreshIntervalExpiration(Duration.fromObject({ days: 400 }))],
  ['DeadlineExpiration', () => new DeadlineExpiration(new Date(T0 + 3_600_000))],
  ['DeadlineExpiration (year 9999)', () => new DeadlineExpiration(DateTime.fromISO('9999-12-31T23:59:59.999Z'))],
  ['TimeOfDayExpiration (UTC+2)', () => new TimeOfDayExpiration({ hour: 11, minute: 5, zone: 'UTC+2' })],
  [
    'TimeOfDayExpiration (Europe/Prague)',
    () => new TimeOfDayExpiration({ hour: 2, minute: 30, zone: 'Europe/Prague' }),
  ],
  [
    'TimeOfDayExpiration (America/New_York)',
    () => new TimeOfDayExpiration({ hour: 0, minute: 0, zone: 'America/New_York' }),
  ],
];

describe('expiresAtOf()', () => {
  it.each<[string, ExpirationPolicy, number]>([
    ['NeverExpiration', new NeverExpiration(), Infinity],
    ['AlwaysExpiration', new AlwaysExpiration(), -Infinity],
    ['RefreshIntervalExpiration', new RefreshIntervalExpiration(minute), T0 + 60_000],
    ['DeadlineExpiration', new DeadlineExpiration(new Date(T0 + 5)), T0 + 5],
    ['TimeOfDayExpiration', new TimeOfDayExpiration({ hour: 13 }), T0 + 3_600_000],
  ])('gives the expiry instant of a %s', (_label, policy, expected) => {
    expect(expiresAtOf(policy)?.(T0)).toBe(expected);
  });

  it.each(fixedTimePolicies)('agrees with isExpired for %s at many instants (fast-check)', (_label, make) => {
    const policy = make();
    const expiresAt = expiresAtOf(policy);
    expect(expiresAt).not.toBeNull();
    const year = 365 * 86_400_000;
    fc.assert(
      fc.property(
        fc.integer({ min: T0 - 30 * year, max: T0 + 30 * year }),
        fc.oneof(
          fc.integer({ min: -2 * 86_400_000, max: 2 * 86_400_000 }),
          fc.integer({ min: -30 * year, max: 30 * year }),
        ),
        (fetched, delta) => {
          const item = itemStoredAt(fetched);
          const boundary = expiresAt!(fetched);
          for (const now of [fetched + delta, boundary - 1, boundary, boundary + 1]) {
            if (!Number.isFinite(now)) continue;
            expect(policy.isExpired(item, now)).toBe(now >= expiresAt!(item.lastFetchedMs));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each<[string, ExpirationPolicy]>([
    ['a subclass of RefreshIntervalExpiration', new (class Custom extends RefreshIntervalExpiration {})(minute)],
    ['a subclass of NeverExpiration', new (class Custom extends NeverExpiration {})()],
    ['a Proxy over RefreshIntervalExpiration', new Proxy(new RefreshIntervalExpiration(minute), {})],
    ['a Proxy over DeadlineExpiration', new Proxy(new DeadlineExpiration(new Date(T0)), {})],
    [
      'a custom policy',
      new (class Custom extends ExpirationPolicy {
        override isExpired(): boolean {
          return false;
        }
      })(),
    ],
    ['a DataPointerExpiration', new DataPointerExpiration('$.exp', factory, { async: false })],
    ['a CallbackExpiration', new CallbackExpiration(() => 1, factory, { async: false })],
  ])('returns null for %s (it goes through isExpired)', (_label, policy) => {
    expect(expiresAtOf(policy)).toBeNull();
  });

  it('leaves a Proxy over a built-in working through isExpired', () => {
    const calls: string[] = [];
    const proxy = new Proxy(new RefreshIntervalExpiration(minute), {
      get(target, property, receiver) {
        calls.push(String(property));
        return Reflect.get(target, property, receiver);
      },
    });
    expect(proxy.isExpired(itemStoredAt(T0), T0 + 59_999)).toBe(false);
    expect(proxy.isExpired(itemStoredAt(T0), T0 + 60_000)).toBe(true);
    expect(calls).toContain('isExpired');
  });
});

describe('perValueResolverOf()', () => {
  it('returns the value a data pointer finds', () => {
    const resolve = perValueResolverOf(new DataPointerExpiration('$.a[1]', factory, { async: false }));
    expect(resolve?.(itemStoredAt(T0, { a: [1, '2 minutes'] }))).toBe('2 minutes');
  });

  it("returns the callback's result for the item", () => {
    const resolve = perValueResolverOf(
      new CallbackExpiration((item: CachedItem) => item.lastFetchedMs, factory, { async: false }),
    );
    expect(resolve?.(itemStoredAt(T0))).toBe(T0);
  });

  it('returns an async callback’s promise on an async function', async () => {
    const resolve = perValueResolverOf(new CallbackExpiration(async () => '1 hour', factory, { async: true }));
    await expect(resolve?.(itemStoredAt(T0))).resolves.toBe('1 hour');
  });

  it.each<[string, () => ExpirationPolicy, unknown]>([
    ['a data pointer', () => new DataPointerExpiration('$.exp', factory, { async: false }), { exp: '10 minutes' }],
    [
      'a callback',
      () => new CallbackExpiration((item) => (item.value as { exp: string }).exp, factory, { async: false }),
      { exp: '10 minutes' },
    ],
    [
      'a data pointer to a time of day',
      () => new DataPointerExpiration('$.exp', factory, { async: false }),
      { exp: '13:00:00Z' },
    ],
  ])('yields a value whose policy agrees with the generic isExpired of %s', (_label, make, value) => {
    const policy = make();
    const item = itemStoredAt(T0, value);
    const resolved = factory.create(perValueResolverOf(policy)!(item) as never, { async: false });
    for (const now of [T0, T0 + 599_999, T0 + 600_000, T0 + 3_599_999, T0 + 3_600_000, T0 + 86_400_000]) {
      expect(resolved.isExpired(item, now)).toBe(policy.isExpired(item, now));
    }
  });

  it.each<[string, ExpirationPolicy]>([
    [
      'a subclass of DataPointerExpiration',
      new (class Custom extends DataPointerExpiration {})('$.exp', factory, { async: false }),
    ],
    [
      'a subclass of CallbackExpiration',
      new (class Custom extends CallbackExpiration {})(() => 1, factory, { async: false }),
    ],
    [
      'a Proxy over DataPointerExpiration',
      new Proxy(new DataPointerExpiration('$.exp', factory, { async: false }), {}),
    ],
    ['a Proxy over CallbackExpiration', new Proxy(new CallbackExpiration(() => 1, factory, { async: false }), {})],
    ['a RefreshIntervalExpiration', new RefreshIntervalExpiration(minute)],
    ['a NeverExpiration', new NeverExpiration()],
  ])('returns null for %s', (_label, policy) => {
    expect(perValueResolverOf(policy)).toBeNull();
  });

  it('leaves a Proxy over a callback policy working through isExpired', () => {
    const proxy = new Proxy(new CallbackExpiration(() => '1 second', factory, { async: false }), {});
    expect(proxy.isExpired(itemStoredAt(T0), T0 + 999)).toBe(false);
    expect(proxy.isExpired(itemStoredAt(T0), T0 + 1_000)).toBe(true);
  });
});
