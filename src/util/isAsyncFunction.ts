import { types } from 'node:util';

/**
 * True when `fn` is a native `async` function (`async function`, `async () => …`, an async method,
 * or an async generator function), which always returns a promise. A plain function that returns a
 * promise is not one: its kind is only known when it runs.
 * @example
 * isAsyncFunction(async () => 1); // true
 * isAsyncFunction(() => Promise.resolve(1)); // false
 * @internal
 */
export function isAsyncFunction(fn: unknown): boolean {
  return typeof fn === 'function' && types.isAsyncFunction(fn);
}
