import { InvalidExpirationError } from '../../contracts/errors/InvalidExpirationError';
import type { CachedItem } from '../../contracts/CachedItem';
import type { ExpirationValue } from '../../contracts/ExpirationValue';
import type { ExpirationContext, ExpirationPolicyFactory } from './ExpirationPolicyFactory';

/** How many pointers/callbacks may resolve to further pointers/callbacks inside one `isExpired`. */
const MAX_NESTING = 32;
let nesting = 0;

/**
 * The generic path of a data pointer or callback: turns the value it produced into a policy through
 * `factory` and asks that policy. A value that keeps resolving to further pointers or callbacks (a
 * pointer that names itself) fails with `InvalidExpirationError` instead of recursing without end.
 * @throws {@link InvalidExpirationError} when `value` is not an accepted form, or nests too deep.
 * @internal
 */
export function isExpiredThrough(
  factory: ExpirationPolicyFactory,
  context: ExpirationContext,
  value: ExpirationValue,
  item: CachedItem,
  now: number,
): boolean {
  if (nesting >= MAX_NESTING) {
    throw new InvalidExpirationError(
      value,
      `a value that does not resolve to further pointers or callbacks more than ${MAX_NESTING} times`,
    );
  }
  nesting++;
  try {
    return factory.create(value, context).isExpired(item, now);
  } finally {
    nesting--;
  }
}
