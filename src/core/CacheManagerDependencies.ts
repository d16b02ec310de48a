import type { CacheErrorHandler } from '../contracts/CacheErrorHandler';
import type { Clock } from '../contracts/Clock';
import type { EvictionPolicy } from '../contracts/EvictionPolicy';
import type { KeyStrategy } from '../contracts/KeyStrategy';
import type { ExpirationPolicyFactory } from '../policies/expiration/ExpirationPolicyFactory';
import type { ResourceLifecycle } from '../policies/lifecycle/ResourceLifecycle';
import type { RetryPolicy } from '../policies/retry/RetryPolicy';
import type { SharedTier } from '../policies/shared/SharedTier';
import type { KeyStrategyFactory } from '../strategies/KeyStrategyFactory';

/** What a `CacheManager` is built from: one instance of each token (CacheModule resolves them). */
export interface CacheManagerDependencies {
  /** Supplies "now" for expiry and sweeps. */
  readonly clock: Clock;
  /** Turns `expiration` / `negativeExpiration` values into policies. */
  readonly expirationFactory: ExpirationPolicyFactory;
  /** Builds each cache's entry table. */
  readonly eviction: EvictionPolicy;
  /** Decides the delay before each retry. */
  readonly retry: RetryPolicy;
  /** Recognises and disposes adopted resources. */
  readonly lifecycle: ResourceLifecycle;
  /** Receives disposal failures. */
  readonly errorHandler: CacheErrorHandler;
  /** Turns the `key` option into a `KeyStrategy`. */
  readonly keyStrategyFactory: KeyStrategyFactory;
  /** Resolves the `KeyStrategy` binding; called once per wrapped function that uses the default key. */
  readonly keyStrategy: () => KeyStrategy;
  /**
   * Resolves the `SharedTier` binding, `undefined` when there is none; called once per shared cache
   * (`shared` option), when the manager first serves it.
   * @defaultValue none: shared caches are refused with `InvalidCacheConfigError`
   */
  readonly sharedTier?: () => SharedTier | undefined;
}

/** A function `wrap` accepts. */
export type Wrappable = (...args: never[]) => unknown;
