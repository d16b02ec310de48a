import { InvalidExpirationError } from '../../contracts/errors/InvalidExpirationError';
import type { CachedItem } from '../../contracts/CachedItem';
import type { ExpirationCallback, ExpirationValue } from '../../contracts/ExpirationValue';
import { isAsyncFunction } from '../../util/isAsyncFunction';
import { ExpirationPolicy } from '../../contracts/ExpirationPolicy';
import type { ExpirationContext, ExpirationPolicyFactory } from './ExpirationPolicyFactory';
import { isExpiredThrough } from './resolveNestedExpiration';

/**
 * Asks a callback for the expiration of each stored value: `callback(item)` returns any other
 * expiration value (DESIGN.md §5.1), turned into a policy by `factory`. On an async wrapped function
 * the callback may be `async` (or return a thenable), and the manager awaits it once per stored value,
 * right after the fetch. On a sync function an `async` callback is refused up front, and a plain one
 * that returns a thenable fails that call. `isExpired` itself (the generic path) calls the callback
 * on every check, synchronously, so there a thenable result always fails.
 * @example
 * new CallbackExpiration((item) => (item.isError ? '10 seconds' : '1 hour'), factory, { async: false });
 */
export class CallbackExpiration extends ExpirationPolicy {
  /** The callback as given. */
  readonly callback: ExpirationCallback;
  // Plain `private` (not `#`) so a Proxy over a policy still works on the generic path (DESIGN §1.1).
  private readonly factory: ExpirationPolicyFactory;
  private readonly context: ExpirationContext;

  /**
   * @param callback - Receives the stored item; returns an expiration value.
   * @param factory - Turns the callback's result into a policy.
   * @param context - The wrapped function's kind, passed on to `factory`.
   * @throws {@link InvalidExpirationError} when `callback` is not a function, or is an `async`
   *   function while `context.async` is `false` ("async callback on a sync function").
   */
  constructor(callback: ExpirationCallback, factory: ExpirationPolicyFactory, context: ExpirationContext) {
    super();
    if (typeof callback !== 'function') {
      throw new InvalidExpirationError(callback, 'a callback (item) => expiration value');
    }
    if (!context.async && isAsyncFunction(callback)) {
      throw new InvalidExpirationError(
        callback,
        'a synchronous callback: async callback on a sync function (make the wrapped function async, or the callback sync)',
      );
    }
    this.callback = callback;
    this.factory = factory;
    this.context = context;
  }

  /**
   * {@inheritDoc ExpirationPolicy.isExpired}
   * @throws {@link InvalidExpirationError} when the callback returns a thenable (this check is
   *   synchronous) or something that is not an expiration value; whatever the callback throws.
   */
  override isExpired(item: CachedItem, now: number): boolean {
    const value = this.callback(item);
    if (isThenable(value)) throw thenableError(this.callback, 'a synchronous isExpired() check');
    return isExpiredThrough(this.factory, this.context, value, item, now);
  }

  /**
   * The callback's result for `item` (the per-value resolver the manager uses): a thenable only
   * when `context.async` is `true`.
   * @throws {@link InvalidExpirationError} when the callback returns a thenable on a sync function.
   * @internal
   */
  resolveValue(item: CachedItem): ExpirationValue | PromiseLike<ExpirationValue> {
    const value = this.callback(item);
    if (!this.context.async && isThenable(value)) throw thenableError(this.callback, 'a sync function');
    return value;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function thenableError(callback: ExpirationCallback, where: string): InvalidExpirationError {
  return new InvalidExpirationError(
    callback,
    `a callback that returns an expiration value synchronously: it returned a thenable in ${where}`,
  );
}
