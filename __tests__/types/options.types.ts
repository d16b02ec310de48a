/**
 * Type tests for `CacheOptions` and `@Cacheable` (checked by `npm run test:types`, never run): every
 * documented form compiles, wrong types and unknown option names do not.
 */
import { DateTime, Duration } from 'luxon';
import { expectTypeOf } from 'expect-type';
import { Cacheable, CacheManager, createCacheContainer, ExpirationPolicy, Key, KeyStrategy } from '../../src';
import type { CachedItem, CacheOptions, ExpirationValue, KeyCall } from '../../src';

declare function load(id: string): Promise<{ id: string; validUntil: string }>;
declare function compute(id: string): number;

const manager = createCacheContainer().get(CacheManager);

class EveryOtherMinute extends ExpirationPolicy {
  override isExpired(item: CachedItem, now: number): boolean {
    return now - item.lastFetchedMs >= 120_000;
  }
}

class TenantKey extends KeyStrategy {
  override keyFor(call: KeyCall): unknown {
    return call.args[0];
  }
}

// --- every documented option form compiles ------------------------------------------------------
const everyOption: CacheOptions = {
  enabled: true,
  key: 'user:{id}',
  maxsize: 1000,
  expiration: '10 minutes',
  expiredItemsAutoRemovalPeriod: '1 hour',
  negativeCache: 'rethrow',
  negativeExpiration: '10 seconds',
  retryCount: 3,
  backoffInSeconds: 0.5,
  wrapAsyncExitStack: ['$.clients.http', 'clients.redis:ignore_missing'],
  exitStackCloseDelay: Duration.fromObject({ seconds: 5 }),
};
manager.wrap(load, everyOption);

const nulls: CacheOptions = {
  key: null,
  maxsize: null,
  expiration: null,
  expiredItemsAutoRemovalPeriod: null,
  negativeExpiration: null,
  wrapAsyncExitStack: null,
  exitStackCloseDelay: null,
};
manager.wrap(load, nulls);
manager.wrap(load, {});
manager.wrap(load);

const keys: CacheOptions['key'][] = ['env:{0}:{id}', Key.SINGLE_KEY, (id: string) => id.toUpperCase(), new TenantKey()];
expectTypeOf(keys).toBeArray();

const expirations: ExpirationValue[] = [
  null,
  undefined,
  true,
  false,
  60,
  1_700_000_000,
  '10:10',
  '2030-01-01T00:00:00Z',
  '11:05:00Z',
  '$.validUntil',
  new Date(),
  DateTime.utc(),
  Duration.fromObject({ minutes: 5 }),
  { time: '11:05', zone: 'Europe/Prague' },
  { time: '11:05' },
  new EveryOtherMinute(),
  (item: CachedItem) => (item.isError ? 5 : '1 hour'),
  async (item: CachedItem) => Promise.resolve(item.lastFetched.plus({ minutes: 1 })),
];
expectTypeOf(expirations).toBeArray();
expectTypeOf<ExpirationValue>().toExtend<unknown>();
manager.wrap(load, { expiration: '$.validUntil', wrapAsyncExitStack: true });
manager.wrap(load, { wrapAsyncExitStack: '*' });

// --- wrong option types do not compile ----------------------------------------------------------
// @ts-expect-error maxsize is a number
manager.wrap(load, { maxsize: '1' });
// @ts-expect-error negativeCache is boolean | 'rethrow'
manager.wrap(load, { negativeCache: 'yes' });
// @ts-expect-error an empty object is no expiration value
manager.wrap(load, { expiration: {} });
// @ts-expect-error a time of day needs `time`
manager.wrap(load, { expiration: { zone: 'Europe/Prague' } });
// @ts-expect-error unknown option name (aquiche's snake_case is not accepted)
manager.wrap(load, { max_size: 10 });
// @ts-expect-error unknown option name (a typo)
manager.wrap(load, { expirations: '1 minute' });
// @ts-expect-error enabled is a boolean
manager.wrap(load, { enabled: 'false' });
// @ts-expect-error retryCount is a number
manager.wrap(load, { retryCount: '3' });
// @ts-expect-error backoffInSeconds is a number
manager.wrap(load, { backoffInSeconds: true });
// @ts-expect-error wrapAsyncExitStack takes true, '*' or a list of paths
manager.wrap(load, { wrapAsyncExitStack: 'clients.http' });
// @ts-expect-error a duration is a string, a number or a luxon Duration
manager.wrap(load, { exitStackCloseDelay: new Date() });
// @ts-expect-error an expiration callback receives a CachedItem, not a string
manager.wrap(load, { expiration: (item: string) => item.length });
// @ts-expect-error a key is no number
manager.wrap(compute, { key: 42 });

// --- @Cacheable: with and without options; checked options ---------------------------------------
class RateService {
  @Cacheable
  plain(id: string): number {
    return id.length;
  }

  @Cacheable()
  empty(id: string): number {
    return id.length;
  }

  @Cacheable({ expiration: '10 minutes', maxsize: 100, negativeCache: true })
  async rate(currency: string): Promise<number> {
    return Promise.resolve(currency.length);
  }

  // @ts-expect-error maxsize is a number
  @Cacheable({ maxsize: '1' })
  badMaxsize(id: string): number {
    return id.length;
  }

  // @ts-expect-error unknown option name
  @Cacheable({ max_size: 1 })
  badName(id: string): number {
    return id.length;
  }

  // @ts-expect-error @Cacheable decorates methods, not properties
  @Cacheable
  notAMethod = 1;
}

// A legacy decorator cannot change a member's type: the method keeps its own signature,
// and `cacheOf` is the typed path to its controls.
const service = new RateService();
expectTypeOf(service.rate).toEqualTypeOf<(currency: string) => Promise<number>>();
expectTypeOf(service.plain).toEqualTypeOf<(id: string) => number>();
