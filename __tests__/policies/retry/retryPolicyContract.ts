import type { CacheParameters } from '../../../src/contracts/CacheParameters';
import { DEFAULT_CACHE_OPTIONS } from '../../../src/core/options/DEFAULT_CACHE_OPTIONS';
import type { RetryPolicy } from '../../../src/policies/retry/RetryPolicy';

/** `CacheParameters` with the defaults of DESIGN.md §3, overridden by `overrides`. */
export function cacheParameters(overrides: Partial<CacheParameters> = {}): CacheParameters {
  return Object.freeze({ ...DEFAULT_CACHE_OPTIONS, ...overrides });
}

const ATTEMPTS = [0, 1, 2, 5, 10];
const OPTIONS = [0, 1, 3, 10].flatMap((retryCount) =>
  [0, 0.5, 2].map((backoffInSeconds) => cacheParameters({ retryCount, backoffInSeconds })),
);
const ERRORS: unknown[] = [new Error('boom'), 'a string', undefined];

/** What every `RetryPolicy` promises: `null` or a finite, non-negative number of milliseconds. */
export function describeRetryPolicyContract(name: string, makePolicy: () => RetryPolicy): void {
  describe(`${name} (RetryPolicy contract)`, () => {
    it('returns null or a finite non-negative delay for every attempt, error and option set', () => {
      const policy = makePolicy();
      for (const options of OPTIONS) {
        for (const attempt of ATTEMPTS) {
          for (const error of ERRORS) {
            const delay = policy.delayBeforeRetry(attempt, error, options);
            if (delay !== null) {
              expect(Number.isFinite(delay)).toBe(true);
              expect(delay).toBeGreaterThanOrEqual(0);
            }
          }
        }
      }
    });

    it('gives up when retryCount is 0', () => {
      expect(makePolicy().delayBeforeRetry(0, new Error('boom'), cacheParameters({ retryCount: 0 }))).toBeNull();
    });
  });
}
