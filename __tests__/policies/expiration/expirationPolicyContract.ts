import fc from 'fast-check';
import type { CachedItem } from '../../../src/contracts/CachedItem';
import type { ExpirationPolicy } from '../../../src/contracts/ExpirationPolicy';
import { itemStoredAt, T0 } from './cachedItem';

/** What the contract suite needs to know about a policy under test. */
export interface ExpirationPolicyContractOptions {
  /** The stored value items carry (pointers and callbacks read it). @defaultValue `{ payload: 1 }` */
  readonly value?: unknown;
  /** True when expiry depends only on the item's times (not on reading the value anew). @defaultValue `true` */
  readonly fixedTime?: boolean;
}

const YEAR_MS = 365 * 86_400_000;
const instant = fc.integer({ min: T0 - 20 * YEAR_MS, max: T0 + 20 * YEAR_MS });

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}

/** The item and its value frozen (luxon's `lastFetched` is left alone: it caches lazily). */
function frozenItem(lastFetchedMs: number, value: unknown): CachedItem {
  return Object.freeze(itemStoredAt(lastFetchedMs, deepFreeze(structuredClone(value))));
}

/**
 * The conformance suite every `ExpirationPolicy` runs (bentocache-style): `isExpired` answers a
 * boolean, the same one for the same inputs, never mutates the item, and (for fixed-time policies)
 * once expired stays expired as `now` grows.
 */
export function describeExpirationPolicyContract(
  name: string,
  make: () => ExpirationPolicy,
  options: ExpirationPolicyContractOptions = {},
): void {
  const value = options.value ?? { payload: 1 };
  const fixedTime = options.fixedTime ?? true;

  describe(`${name} (ExpirationPolicy contract)`, () => {
    it('returns a boolean for any stored time and now', () => {
      const policy = make();
      fc.assert(
        fc.property(instant, instant, (fetched, now) => {
          expect(typeof policy.isExpired(frozenItem(fetched, value), now)).toBe('boolean');
        }),
        { numRuns: 200 },
      );
    });

    it('returns the same answer for the same item and now, whatever was asked in between', () => {
      const policy = make();
      fc.assert(
        fc.property(
          instant,
          instant,
          fc.array(fc.tuple(instant, instant), { maxLength: 5 }),
          (fetched, now, others) => {
            const item = frozenItem(fetched, value);
            const first = policy.isExpired(item, now);
            for (const [f, n] of others) policy.isExpired(frozenItem(f, value), n);
            expect(policy.isExpired(item, now)).toBe(first);
          },
        ),
        { numRuns: 100 },
      );
    });

    it('leaves the item and its value untouched', () => {
      const policy = make();
      const item = frozenItem(T0, value);
      const before = { ...item, value: structuredClone(item.value) };
      for (const now of [T0 - 1, T0, T0 + 1, T0 + 86_400_000, T0 + 400 * 86_400_000]) policy.isExpired(item, now);
      expect(item).toEqual(before);
    });

    if (fixedTime) {
      it('stays expired as now grows (monotonic in now)', () => {
        const policy = make();
        fc.assert(
          fc.property(instant, instant, fc.integer({ min: 0, max: 10 * YEAR_MS }), (fetched, now, later) => {
            const item = frozenItem(fetched, value);
            if (policy.isExpired(item, now)) expect(policy.isExpired(item, now + later)).toBe(true);
            else expect(policy.isExpired(item, now - later)).toBe(false);
          }),
          { numRuns: 300 },
        );
      });
    }
  });
}
