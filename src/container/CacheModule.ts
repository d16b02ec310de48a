import { ContainerModule } from 'inversify';
import { CacheErrorHandler } from '../contracts/CacheErrorHandler';
import { CacheManager } from '../core/CacheManager';
import { Clock } from '../contracts/Clock';
import { SystemClock } from '../policies/clock/SystemClock';
import { WarningCacheErrorHandler } from '../policies/reporting/WarningCacheErrorHandler';
import { DefaultExpirationPolicyFactory } from '../policies/expiration/DefaultExpirationPolicyFactory';
import { ExpirationPolicyFactory } from '../policies/expiration/ExpirationPolicyFactory';
import { EvictionPolicy } from '../contracts/EvictionPolicy';
import { LeastRecentlyUsedEviction } from '../policies/eviction/LeastRecentlyUsedEviction';
import { DisposableResourceLifecycle } from '../policies/lifecycle/DisposableResourceLifecycle';
import { ResourceLifecycle } from '../policies/lifecycle/ResourceLifecycle';
import { ExponentialBackoffRetry } from '../policies/retry/ExponentialBackoffRetry';
import { RetryPolicy } from '../policies/retry/RetryPolicy';
import { DefaultKeyStrategy } from '../strategies/DefaultKeyStrategy';
import { DefaultKeyStrategyFactory } from '../strategies/DefaultKeyStrategyFactory';
import { KeyStrategy } from '../contracts/KeyStrategy';
import { KeyStrategyFactory } from '../strategies/KeyStrategyFactory';
import { SharedTier } from '../policies/shared/SharedTier';

/**
 * Every default binding of cachewright. Load it into your container (or use
 * `createCacheContainer()`), then `rebind` any token to change one behaviour:
 *
 * | token | default |
 * |---|---|
 * | `Clock` | `SystemClock` |
 * | `KeyStrategy` | `DefaultKeyStrategy` (transient: one per wrapped function) |
 * | `KeyStrategyFactory` | `DefaultKeyStrategyFactory` |
 * | `ExpirationPolicyFactory` | `DefaultExpirationPolicyFactory` |
 * | `EvictionPolicy` | `LeastRecentlyUsedEviction` |
 * | `RetryPolicy` | `ExponentialBackoffRetry` |
 * | `ResourceLifecycle` | `DisposableResourceLifecycle` |
 * | `CacheErrorHandler` | `WarningCacheErrorHandler` |
 * | `CacheManager` | one per container; closed (`close()`) when unbound with `unbindAllAsync()` |
 * | `SharedTier` | none: load `redisTierModule(...)` from `cachewright/redis` for `shared` caches |
 *
 * Policies are resolved when the manager is first resolved, so rebind before the first
 * `container.get(CacheManager)` (or before resolving a decorated service).
 */
export const CacheModule: ContainerModule = new ContainerModule(({ bind }) => {
  bind(Clock).to(SystemClock).inSingletonScope();
  bind(KeyStrategy).to(DefaultKeyStrategy);
  bind(KeyStrategyFactory).to(DefaultKeyStrategyFactory).inSingletonScope();
  bind(ExpirationPolicyFactory).to(DefaultExpirationPolicyFactory).inSingletonScope();
  bind(EvictionPolicy).to(LeastRecentlyUsedEviction).inSingletonScope();
  bind(RetryPolicy).to(ExponentialBackoffRetry).inSingletonScope();
  bind(ResourceLifecycle).to(DisposableResourceLifecycle).inSingletonScope();
  bind(CacheErrorHandler).to(WarningCacheErrorHandler).inSingletonScope();
  bind(CacheManager)
    .toDynamicValue(
      (context) =>
        new CacheManager({
          clock: context.get(Clock),
          expirationFactory: context.get(ExpirationPolicyFactory),
          eviction: context.get(EvictionPolicy),
          retry: context.get(RetryPolicy),
          lifecycle: context.get(ResourceLifecycle),
          errorHandler: context.get(CacheErrorHandler),
          keyStrategyFactory: context.get(KeyStrategyFactory),
          keyStrategy: () => context.get(KeyStrategy),
          sharedTier: () => context.get(SharedTier, { optional: true }),
        }),
    )
    .inSingletonScope()
    .onDeactivation((manager) => manager.close());
});
