import 'reflect-metadata';
import { Container, injectable } from 'inversify';
import {
  AlwaysExpiration,
  CacheErrorHandler,
  CacheManager,
  CacheModule,
  Clock,
  CoarseClock,
  DefaultExpirationPolicyFactory,
  DisposableResourceLifecycle,
  EvictionPolicy,
  ExpirationPolicyFactory,
  ExponentialBackoffRetry,
  KeyStrategy,
  KeyStrategyFactory,
  DefaultKeyStrategyFactory,
  LeastRecentlyUsedEviction,
  ResourceLifecycle,
  RetryPolicy,
  SystemClock,
  UnboundedEviction,
  WarningCacheErrorHandler,
  DefaultKeyStrategy,
  createCacheContainer,
  type CacheErrorContext,
  type CacheParameters,
  type ExpirationContext,
  type ExpirationPolicy,
  type ExpirationValue,
  type KeyCall,
  type KeyOption,
  type KeyStrategyContext,
  type RemovalReason,
} from '../../src';
import { containerWithClockReading } from '../support/managers';

describe('CacheModule', () => {
  it.each([
    [Clock, SystemClock],
    [KeyStrategy, DefaultKeyStrategy],
    [KeyStrategyFactory, DefaultKeyStrategyFactory],
    [ExpirationPolicyFactory, DefaultExpirationPolicyFactory],
    [EvictionPolicy, LeastRecentlyUsedEviction],
    [RetryPolicy, ExponentialBackoffRetry],
    [ResourceLifecycle, DisposableResourceLifecycle],
    [CacheErrorHandler, WarningCacheErrorHandler],
  ] as const)('binds %p to %p by default', (token, implementation) => {
    expect(createCacheContainer().get(token as never)).toBeInstanceOf(implementation);
  });

  it('binds one CacheManager per container', () => {
    const container = new Container();
    container.load(CacheModule);
    expect(container.get(CacheManager)).toBe(container.get(CacheManager));
    expect(createCacheContainer().get(CacheManager)).not.toBe(container.get(CacheManager));
  });

  it('resolves a fresh KeyStrategy for every wrapped function', () => {
    let made = 0;
    @injectable()
    class CountingKey extends KeyStrategy {
      constructor() {
        super();
        made++;
      }
      override keyFor(call: KeyCall): unknown {
        return call.args;
      }
    }
    const container = createCacheContainer();
    container.rebind(KeyStrategy).to(CountingKey);
    const manager = container.get(CacheManager);
    manager.wrap((x: number) => x);
    manager.wrap((x: number) => x);
    expect(made).toBe(2);
  });
});

describe('rebinding each token', () => {
  it('Clock: a manual clock drives expiry', () => {
    let now = 0;
    const container = containerWithClockReading(() => now);
    let calls = 0;
    const cached = container.get(CacheManager).wrap((_x: number) => ++calls, { expiration: 1 });
    cached(1);
    now = 999;
    cached(1);
    now = 1000;
    expect(cached(1)).toBe(2);
  });

  it('Clock: CoarseClock serves TTL hits', () => {
    const container = createCacheContainer();
    container.rebind(Clock).to(CoarseClock);
    let calls = 0;
    const cached = container.get(CacheManager).wrap((_x: number) => ++calls, { expiration: 60 });
    cached(1);
    cached(1);
    expect(calls).toBe(1);
  });

  it('KeyStrategyFactory: a new form of the key option', () => {
    @injectable()
    class PrefixKeyFactory extends DefaultKeyStrategyFactory {
      override create(key: KeyOption | null | undefined, context: KeyStrategyContext): KeyStrategy {
        if (typeof key === 'string' && key.startsWith('first:')) {
          return new (class extends KeyStrategy {
            override keyFor(call: KeyCall): unknown {
              return call.args[0];
            }
          })();
        }
        return super.create(key, context);
      }
    }
    const container = createCacheContainer();
    container.rebind(KeyStrategyFactory).to(PrefixKeyFactory);
    let calls = 0;
    const cached = container.get(CacheManager).wrap((_a: number, _b: number) => ++calls, { key: 'first:' });
    cached(1, 2);
    cached(1, 3);
    expect(calls).toBe(1);
  });

  it('ExpirationPolicyFactory: a new form of expiration, used for the option and for stored values', () => {
    @injectable()
    class KeywordExpirationFactory extends DefaultExpirationPolicyFactory {
      override create(value: ExpirationValue, context: ExpirationContext): ExpirationPolicy {
        if (value === 'always') return new AlwaysExpiration();
        return super.create(value, context);
      }
    }
    const container = createCacheContainer();
    container.rebind(ExpirationPolicyFactory).to(KeywordExpirationFactory);
    let calls = 0;
    const manager = container.get(CacheManager);
    const cached = manager.wrap((_x: number) => ++calls, { expiration: 'always' });
    cached(1);
    cached(1);
    expect(calls).toBe(2);
    const pointed = manager.wrap((_x: number) => ({ n: ++calls, ttl: 'always' }), { expiration: '$.ttl' });
    pointed(1);
    pointed(1);
    expect(calls).toBe(4);
  });

  it('EvictionPolicy: unbounded tables ignore maxsize', () => {
    const container = createCacheContainer();
    container.rebind(EvictionPolicy).to(UnboundedEviction);
    const cached = container.get(CacheManager).wrap((x: number) => x, { maxsize: 1 });
    cached(1);
    cached(2);
    expect(cached.cacheInfo().currentSize).toBe(2);
  });

  it('RetryPolicy: a policy that retries only TypeErrors', async () => {
    @injectable()
    class RetryTypeErrors extends RetryPolicy {
      override delayBeforeRetry(attempt: number, error: unknown, options: CacheParameters): number | null {
        return error instanceof TypeError && attempt < options.retryCount ? 0 : null;
      }
    }
    const container = createCacheContainer();
    container.rebind(RetryPolicy).to(RetryTypeErrors);
    const manager = container.get(CacheManager);
    let calls = 0;
    const typeErrors = manager.wrap(
      async (_x: number) => {
        calls++;
        throw new TypeError('bad');
      },
      { retryCount: 3 },
    );
    await expect(typeErrors(1)).rejects.toBeInstanceOf(TypeError);
    expect(calls).toBe(4);
    calls = 0;
    const rangeErrors = manager.wrap(
      async (_x: number) => {
        calls++;
        throw new RangeError('bad');
      },
      { retryCount: 3 },
    );
    await expect(rangeErrors(1)).rejects.toBeInstanceOf(RangeError);
    expect(calls).toBe(1);
  });

  it('ResourceLifecycle and CacheErrorHandler: a custom protocol, failures reported to the handler', async () => {
    const released: string[] = [];
    const reported: Array<[unknown, CacheErrorContext]> = [];
    @injectable()
    class ReleaseLifecycle extends ResourceLifecycle {
      override isDisposable(value: unknown): boolean {
        return typeof (value as { release?: unknown })?.release === 'function';
      }
      override dispose(value: unknown, reason: RemovalReason): void {
        (value as { release(reason: RemovalReason): void }).release(reason);
      }
    }
    @injectable()
    class RecordingHandler extends CacheErrorHandler {
      override handle(error: unknown, context: CacheErrorContext): void {
        reported.push([error, context]);
      }
    }
    const container = createCacheContainer();
    container.rebind(ResourceLifecycle).to(ReleaseLifecycle);
    container.rebind(CacheErrorHandler).to(RecordingHandler);
    const failure = new Error('release failed');
    const cached = container.get(CacheManager).wrap(
      async (name: string) => ({
        release(reason: RemovalReason) {
          if (name === 'bad') throw failure;
          released.push(`${name}:${reason}`);
        },
      }),
      { wrapAsyncExitStack: true },
    );
    await cached('good');
    await cached('bad');
    await cached.clearCache();
    expect(released).toEqual(['good:cleared']);
    expect(reported).toEqual([[failure, { operation: 'dispose', key: 'bad', reason: 'cleared' }]]);
  });
});
