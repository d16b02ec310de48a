export { T0, useFakeTimeAtT0 } from '../../support/fakeTime';
export { counting, newManager } from '../../support/managers';

/** Lets pending promise callbacks run without moving the fake clock. */
export const flushMicrotasks = (): Promise<void> => jest.advanceTimersByTimeAsync(0);
