/** Symbol under which a function that wraps another (a decorator's replacement) names it. @internal */
const WRAPS = Symbol('cachewright.wraps');

/**
 * Records that `wrapper` stands for `original` (a decorated method's replacement for the method it
 * replaced), so that what is read from a function's source (its parameter names) is read from the
 * function the user wrote. @internal
 */
export function markWrapper(wrapper: object, original: (...args: never[]) => unknown): void {
  Object.defineProperty(wrapper, WRAPS, { value: original, configurable: true });
}

/**
 * The function the user wrote behind `fn`: follows {@link markWrapper} records (decorators stacked
 * on one method) down to the first function that wraps nothing.
 * @example
 * ```ts
 * markWrapper(cachedMethod, getUser);
 * originalFunction(cachedMethod); // getUser
 * ```
 * @internal
 */
export function originalFunction<F extends (...args: never[]) => unknown>(fn: F): (...args: never[]) => unknown {
  let current: (...args: never[]) => unknown = fn;
  for (let depth = 0; depth < 64; depth++) {
    const inner = (current as unknown as Record<symbol, unknown>)[WRAPS];
    if (typeof inner !== 'function') return current;
    current = inner as (...args: never[]) => unknown;
  }
  return current;
}
