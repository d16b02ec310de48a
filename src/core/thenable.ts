/** True for promises and any object or function with a callable `then`. @internal */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  if (value instanceof Promise) return true;
  try {
    return typeof (value as { then?: unknown }).then === 'function';
  } catch {
    // A `then` getter that throws makes the value a plain (non-thenable) result, as `await` would
    // reject it: we keep it as a value rather than crash the call.
    return false;
  }
}

/** Swallows a rejection someone else observes (marks the promise handled). @internal */
export function markHandled(promise: Promise<unknown>): void {
  promise.then(undefined, ignoreRejection);
}

function ignoreRejection(): void {
  // Intentionally empty of logic: the same promise is returned to callers, who observe the rejection.
}

/** Collapses a `Promise.all` result into `void` (`.then(noop)`): only the settling matters. @internal */
export function noop(): void {
  // Intentionally empty.
}
