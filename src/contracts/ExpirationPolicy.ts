import type { CachedItem } from './CachedItem';

/**
 * Decides whether one stored value is still fresh. Subclass it and pass an instance as
 * `expiration`, or return one from a rebound `ExpirationPolicyFactory`. Not a DI binding.
 */
export abstract class ExpirationPolicy {
  /** True when `item` must be fetched again at `now` (epoch ms). Never mutates the cache. */
  abstract isExpired(item: CachedItem, now: number): boolean;
}
