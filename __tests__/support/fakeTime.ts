/**
 * Jest fake time shared by the expiration and failure tests.
 *
 * @packageDocumentation
 */

/** 2024-01-15T12:00:00Z (a Monday, winter time in Europe and America): where each test starts. */
export const T0 = Date.UTC(2024, 0, 15, 12, 0, 0);

/**
 * Installs jest modern fake timers at `T0` before each test and restores real timers and mocks
 * after it. Unhandled rejections need no listener here: jest-circus installs its own process-level
 * handler and fails the test that owns one (a listener on the sandbox `process` never receives it);
 * a child-process test checks the real `unhandledRejection` event.
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
