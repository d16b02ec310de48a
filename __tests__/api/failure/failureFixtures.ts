import { CacheManager, createCacheContainer } from '../../../src';

/** 2024-01-15T12:00:00Z: the fake "now" every failure test starts from. */
export const T0 = Date.UTC(2024, 0, 15, 12, 0, 0);

/** A fresh manager from a fresh container (default bindings, SystemClock driven by fake timers). */
export const newManager = (): CacheManager => createCacheContainer().get(CacheManager);

/** Wraps `body` so every call is recorded (its arguments), in order. */
export function counting<A extends unknown[], R>(body: (...args: A) => R): { fn: (...args: A) => R; calls: A[] } {
  const calls: A[] = [];
  return {
    calls,
    fn: (...args: A) => {
      calls.push(args);
      return body(...args);
    },
  };
}

/** Lets pending promise callbacks run without moving the fake clock. */
export const flushMicrotasks = (): Promise<void> => jest.advanceTimersByTimeAsync(0);

/**
 * Installs jest modern fake timers at `T0` before each test and restores real timers and mocks
 * after it. Unhandled rejections need no listener here: jest-circus installs its own process-level
 * handler and fails the test that owns one (a listener on the sandbox `process` never receives it);
 * the child-process test checks the real `unhandledRejection` event.
 */
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
