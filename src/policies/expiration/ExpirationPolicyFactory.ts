import type { ExpirationValue } from '../../contracts/ExpirationValue';
import type { ExpirationPolicy } from '../../contracts/ExpirationPolicy';

/** What the factory knows of the wrapped function. */
export interface ExpirationContext {
  /** The wrapped function's kind (DESIGN.md §2). */
  readonly async: boolean;
}

/**
 * Maps each accepted form of `expiration` to one `ExpirationPolicy`. Runs once per wrapped function
 * (and once per stored value for data pointers and callbacks). Rebind it to accept new forms.
 */
export abstract class ExpirationPolicyFactory {
  /**
   * Builds the policy for `value`.
   * @throws {@link InvalidExpirationError} when `value` is not an accepted form.
   */
  abstract create(value: ExpirationValue, context: ExpirationContext): ExpirationPolicy;
}
