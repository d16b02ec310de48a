/**
 * Type tests for the DI tokens and `cacheOf` (checked by `npm run test:types`, never run): custom
 * implementations extend the abstract tokens with `override` and are rebound without symbols.
 */
import { injectable } from 'inversify';
import { Duration } from 'luxon';
import { expectTypeOf } from 'expect-type';
import {
  cacheOf,
  Cacheable,
  CacheErrorHandler,
  CacheManager,
  Clock,
  createCacheContainer,
  DeadlineExpiration,
  EvictionPolicy,
  ExpirationPolicy,
  ExpirationPolicyFactory,
  ExponentialBackoffRetry,
  KeyStrategy,
  LeastRecentlyUsedEviction,
  NeverExpiration,
  RefreshIntervalExpiration,
  ResourceLifecycle,
  RetryPolicy,
} from '../../src';
import type {
  CacheControls,
  CacheErrorContext,
  CacheErrorOperation,
  CachedItem,
  CacheInfo,
  CacheParameters,
  EvictionTable,
  ExpirationContext,
  ExpirationValue,
  KeyCall,
  RemovalReason,
} from '../../src';

@injectable()
class FixedClock extends Clock {
  override now(): number {
    return 0;
  }
}

@injectable()
class LinearRetry extends RetryPolicy {
  override delayBeforeRetry(attempt: number, _error: unknown, options: CacheParameters): number | null {
    return attempt < 5 ? (attempt + 1) * options.backoffInSeconds * 1000 : null;
  }
}

@injectable()
class JitterlessRetry extends ExponentialBackoffRetry {
  override delayBeforeRetry(attempt: number, error: unknown, options: CacheParameters): number | null {
    return super.delayBeforeRetry(attempt, error, options);
  }
}

class WeekendsNeverExpire extends ExpirationPolicy {
  override isExpired(item: CachedItem, now: number): boolean {
    return new Date(now).getUTCDay() % 6 !== 0 && now > item.lastFetchedMs;
  }
}

@injectable()
class OneMinuteFactory extends ExpirationPolicyFactory {
  override create(value: ExpirationValue, context: ExpirationContext): ExpirationPolicy {
    expectTypeOf(context.async).toEqualTypeOf<boolean>();
    return value === null ? new NeverExpiration() : new WeekendsNeverExpire();
  }
}

@injectable()
class ArgsOnlyKey extends KeyStrategy {
  override keyFor(call: KeyCall): unknown {
    expectTypeOf(call.args).toEqualTypeOf<readonly unknown[]>();
    return call.args;
  }
}

@injectable()
class CountingEviction extends LeastRecentlyUsedEviction {
  override createTable<K, V>(maxsize: number | null): EvictionTable<K, V> {
    return super.createTable<K, V>(maxsize);
  }
}

@injectable()
class ClosingLifecycle extends ResourceLifecycle {
  override isDisposable(value: unknown): boolean {
    return typeof value === 'object' && value !== null && 'shutdown' in value;
  }
  override async dispose(value: unknown, reason: RemovalReason): Promise<void> {
    await Promise.resolve([value, reason]);
  }
}

@injectable()
class SilentErrorHandler extends CacheErrorHandler {
  override handle(_error: unknown, context: CacheErrorContext): void {
    expectTypeOf(context.reason).toEqualTypeOf<RemovalReason | undefined>();
    expectTypeOf(context.operation).toEqualTypeOf<CacheErrorOperation>();
  }
}

// A subclass with a wrong signature, a misspelled `override` or a missing member does not compile.
// (TypeScript's noImplicitOverride does not demand `override` on members that implement an
// abstract one; the house style asks for it anyway.)
class WrongRetry extends RetryPolicy {
  // @ts-expect-error the delay is number | null, not a string
  override delayBeforeRetry(): string {
    return '1s';
  }
}
class MisspelledOverride extends ExpirationPolicy {
  override isExpired(): boolean {
    return false;
  }
  // @ts-expect-error `override` on a member the token does not declare (a typo) does not compile
  override isExpried(): boolean {
    return false;
  }
}
// @ts-expect-error an abstract member must be implemented
class Incomplete extends ExpirationPolicy {}
// @ts-expect-error abstract classes cannot be instantiated
new RetryPolicy();
void [WrongRetry, MisspelledOverride, Incomplete];

// Rebinding by class token (inversify 8: `rebind` is sync and returns the binding syntax).
const container = createCacheContainer();
container.rebind(Clock).to(FixedClock);
container.rebind(RetryPolicy).to(LinearRetry);
container.rebind(RetryPolicy).to(JitterlessRetry);
container.rebind(ExpirationPolicyFactory).to(OneMinuteFactory);
container.rebind(KeyStrategy).to(ArgsOnlyKey);
container.rebind(EvictionPolicy).to(CountingEviction);
container.rebind(ResourceLifecycle).to(ClosingLifecycle);
container.rebind(CacheErrorHandler).to(SilentErrorHandler);
expectTypeOf(container.get(RetryPolicy)).toEqualTypeOf<RetryPolicy>();
expectTypeOf(container.get(CacheManager)).toEqualTypeOf<CacheManager>();

// Built-in expiration classes are ExpirationPolicy instances and valid `expiration` values.
expectTypeOf(new RefreshIntervalExpiration(Duration.fromMillis(1))).toExtend<ExpirationPolicy>();
expectTypeOf<DeadlineExpiration>().toExtend<ExpirationPolicy>();
expectTypeOf<WeekendsNeverExpire>().toExtend<ExpirationValue>();

// --- cacheOf(instance.method) is the typed path to a decorated method's controls -----------------
@injectable()
class UserService {
  @Cacheable({ expiration: '10 minutes' })
  async getUser(id: string): Promise<{ id: string }> {
    return Promise.resolve({ id });
  }

  @Cacheable
  slug(title: string): string {
    return title.toLowerCase();
  }
}

container.bind(UserService).toSelf().inSingletonScope();
const users = container.get(UserService);
const manager = container.get(CacheManager);

const getUserControls = manager.cacheOf(users.getUser);
expectTypeOf(getUserControls).toEqualTypeOf<CacheControls<(id: string) => Promise<{ id: string }>>>();
expectTypeOf(getUserControls.cacheInfo).returns.toEqualTypeOf<CacheInfo>();
expectTypeOf(getUserControls.clearCache).returns.toEqualTypeOf<Promise<void>>();
expectTypeOf(getUserControls.removeExpired).returns.toEqualTypeOf<Promise<void>>();
expectTypeOf(getUserControls.wrapped).toEqualTypeOf<(id: string) => Promise<{ id: string }>>();

const slugControls = cacheOf(users.slug);
expectTypeOf(slugControls.clearCache).returns.toEqualTypeOf<void>();
expectTypeOf(slugControls.removeExpired).returns.toEqualTypeOf<void>();
expectTypeOf(slugControls.cacheParameters).returns.toEqualTypeOf<CacheParameters>();

// cacheOf takes functions only.
// @ts-expect-error not a function
manager.cacheOf(users);
