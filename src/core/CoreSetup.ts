import type { CacheErrorHandler } from '../contracts/CacheErrorHandler';
import type { Clock } from '../contracts/Clock';
import type { ResolvedCacheOptions } from './options/resolveCacheOptions';
import type { ExpirationPolicyFactory } from '../policies/expiration/ExpirationPolicyFactory';
import type { EvictionPolicy } from '../contracts/EvictionPolicy';
import type { RetryPolicy } from '../policies/retry/RetryPolicy';
import type { ResourceLifecycle } from '../policies/lifecycle/ResourceLifecycle';
import type { DisposalScheduler } from '../policies/lifecycle/DisposalScheduler';
import type { KeyStrategy } from '../contracts/KeyStrategy';
import type { SharedSetup } from './shared/SharedSetup';

/** Everything a `CacheCore` needs, resolved once per wrapped function and manager. @internal */
export interface CoreSetup {
  readonly fn: (...args: never[]) => unknown;
  /** `name` or `Class.method`, for messages. */
  readonly name: string;
  readonly async: boolean;
  readonly isMethod: boolean;
  readonly options: ResolvedCacheOptions;
  /** `null`: the built-in default key, computed inline. */
  readonly keyStrategy: KeyStrategy | null;
  readonly clock: Clock;
  readonly expirationFactory: ExpirationPolicyFactory;
  readonly eviction: EvictionPolicy;
  readonly retry: RetryPolicy;
  readonly lifecycle: ResourceLifecycle;
  readonly disposals: DisposalScheduler;
  /** Receives errors nobody awaits (`cacheIf`, background refreshes, …). */
  readonly errorHandler: CacheErrorHandler;
  /** The manager that owns the cache (carried by `cachewright:fetch` traces). */
  readonly manager: object;
  /** The shared tier of a shared cache (`shared` option), or none. */
  readonly shared?: SharedSetup | null;
}
