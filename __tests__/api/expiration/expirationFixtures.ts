import type { CacheManager, CacheOptions } from '../../../src';

/** 2024-01-15T12:00:00Z (a Monday, winter time in Europe and America): where each test starts. */
export const T0 = Date.UTC(2024, 0, 15, 12, 0, 0);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Installs jest modern fake timers at `T0` before each test; restores real timers and mocks after. */
export function useFakeTimeAtT0(): void {
  beforeEach(() => {
    jest.useFakeTimers();
    jest.setSystemTime(T0);
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });
}

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
  return {
    cached,
    /** Calls the cached function and settles the result, whatever the kind. */
    call: async (id = 'a'): Promise<unknown> => await cached(id),
    get runs(): number {
      return runs;
    },
  };
}
