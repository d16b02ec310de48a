import type { CacheManager, CacheOptions } from '../../../src';

export { T0, useFakeTimeAtT0 } from '../../support/fakeTime';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The kinds of wrapped function each expiration is checked with. */
export type Kind = 'sync' | 'async';

/** A cached `(id) => value` of the given kind that counts its runs; `value(id)` is a fresh object. */
export function cachedCounter(
  manager: CacheManager,
  kind: Kind,
  options: CacheOptions,
  value: (id: string) => unknown = (id) => ({ id }),
) {
  let runs = 0;
  const body = (id: string): unknown => {
    runs++;
    return value(id);
  };
  const fn = kind === 'sync' ? body : async (id: string): Promise<unknown> => body(id);
  const cached = manager.wrap(fn, options);
  /** Calls the cached function and settles the result, whatever the kind. */
  const call = async (id = 'a'): Promise<unknown> => await cached(id);
  return {
    cached,
    call,
    get runs(): number {
      return runs;
    },
    /**
     * Checks that the value held for `'a'` is still served 1 ms before `atMs` and fetched again at
     * `atMs`: moves the fake clock to each, calls, and expects `runsBefore` runs, then one more.
     */
    async expectRefetchedAt(atMs: number, runsBefore: number): Promise<void> {
      jest.setSystemTime(atMs - 1);
      await call();
      expect(runs).toBe(runsBefore);
      jest.setSystemTime(atMs);
      await call();
      expect(runs).toBe(runsBefore + 1);
    },
  };
}
