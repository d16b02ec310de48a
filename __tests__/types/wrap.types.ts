/**
 * Type tests for `CacheManager.wrap` and `CachedFunction` (checked by `npm run test:types`, never run).
 * `expectTypeOf` asserts a type; `// @ts-expect-error` asserts that the next line does not compile
 * (and fails the check if it does).
 */
import { expectTypeOf } from 'expect-type';
import { CacheManager, createCacheContainer } from '../../src';
import type { CacheControls, CachedFunction, CacheInfo, CacheParameters } from '../../src';

interface Rate {
  currency: string;
  value: number;
}

declare function loadRate(currency: string, day?: Date): Promise<Rate>;
declare function add(a: number, b: number): number;

const manager = createCacheContainer().get(CacheManager);

// --- async functions keep their parameters and Promise<R> ---------------------------------------
const fetchRate = manager.wrap(loadRate, { expiration: '10 minutes', maxsize: 1000 });
expectTypeOf(fetchRate).parameters.toEqualTypeOf<[currency: string, day?: Date]>();
expectTypeOf(fetchRate).returns.toEqualTypeOf<Promise<Rate>>();
expectTypeOf(fetchRate).returns.resolves.toEqualTypeOf<Rate>();
expectTypeOf(fetchRate).toBeCallableWith('EUR');
expectTypeOf(fetchRate).toBeCallableWith('EUR', new Date());
expectTypeOf(fetchRate).toEqualTypeOf<CachedFunction<typeof loadRate>>();
// @ts-expect-error a number is not a currency
void fetchRate(42);
// @ts-expect-error too many arguments
void fetchRate('EUR', new Date(), 1);

// --- sync functions keep R ----------------------------------------------------------------------
const cachedAdd = manager.wrap(add);
expectTypeOf(cachedAdd).parameters.toEqualTypeOf<[a: number, b: number]>();
expectTypeOf(cachedAdd).returns.toEqualTypeOf<number>();
// @ts-expect-error a sync result is not a promise
void cachedAdd(1, 2).then;

// --- inline arrow functions, generics and zero-argument functions -------------------------------
const greet = manager.wrap(async (name: string, excited = false) => `hi ${name}${excited ? '!' : ''}`);
expectTypeOf(greet).parameters.toEqualTypeOf<[name: string, excited?: boolean]>();
expectTypeOf(greet).returns.toEqualTypeOf<Promise<string>>();
const identity = manager.wrap(<T>(value: T): T => value);
expectTypeOf(identity('x')).toEqualTypeOf<string>();
const now = manager.wrap(() => Date.now(), { expiration: 1 });
expectTypeOf(now).parameters.toEqualTypeOf<[]>();
expectTypeOf(now).returns.toEqualTypeOf<number>();

// --- negativeCache: true widens the result to R | Error -----------------------------------------
const fetchRateOrError = manager.wrap(loadRate, { negativeCache: true, negativeExpiration: '1 minute' });
expectTypeOf(fetchRateOrError).parameters.toEqualTypeOf<[currency: string, day?: Date]>();
expectTypeOf(fetchRateOrError).returns.toEqualTypeOf<Promise<Rate | Error>>();
expectTypeOf(fetchRateOrError).toEqualTypeOf<CachedFunction<typeof loadRate, true>>();
const addOrError = manager.wrap(add, { negativeCache: true });
expectTypeOf(addOrError).returns.toEqualTypeOf<number | Error>();
// The controls are those of the original function (clearCache stays Promise<void> / void).
expectTypeOf(fetchRateOrError.clearCache).returns.toEqualTypeOf<Promise<void>>();
expectTypeOf(addOrError.clearCache).returns.toEqualTypeOf<void>();
expectTypeOf(fetchRateOrError.wrapped).toEqualTypeOf<typeof loadRate>();

// 'rethrow' and false do not widen: errors are thrown, never returned.
expectTypeOf(manager.wrap(loadRate, { negativeCache: 'rethrow' })).returns.toEqualTypeOf<Promise<Rate>>();
expectTypeOf(manager.wrap(loadRate, { negativeCache: false })).returns.toEqualTypeOf<Promise<Rate>>();
expectTypeOf(manager.wrap(add, { negativeCache: 'rethrow' })).returns.toEqualTypeOf<number>();

// --- controls -----------------------------------------------------------------------------------
expectTypeOf(fetchRate.cacheInfo).returns.toEqualTypeOf<CacheInfo>();
expectTypeOf(fetchRate.cacheParameters).returns.toEqualTypeOf<CacheParameters>();
expectTypeOf(fetchRate.clearCache).returns.toEqualTypeOf<Promise<void>>();
expectTypeOf(fetchRate.removeExpired).returns.toEqualTypeOf<Promise<void>>();
expectTypeOf(fetchRate.wrapped).toEqualTypeOf<typeof loadRate>();
expectTypeOf(cachedAdd.cacheInfo).returns.toEqualTypeOf<CacheInfo>();
expectTypeOf(cachedAdd.clearCache).returns.toEqualTypeOf<void>();
expectTypeOf(cachedAdd.removeExpired).returns.toEqualTypeOf<void>();
expectTypeOf(cachedAdd.wrapped).toEqualTypeOf<typeof add>();
expectTypeOf(cachedAdd).toExtend<CacheControls<typeof add>>();

expectTypeOf<CacheInfo>().toEqualTypeOf<{
  readonly hits: number;
  readonly misses: number;
  readonly maxsize: number | null;
  readonly currentSize: number;
  readonly currentWeight: number | null;
  readonly lastExpirationCheck: import('luxon').DateTime;
  readonly staleHits: number;
}>();
expectTypeOf<CacheParameters['negativeCache']>().toEqualTypeOf<boolean | 'rethrow'>();
expectTypeOf<CacheParameters['maxsize']>().toEqualTypeOf<number | null>();
expectTypeOf<CacheParameters['retryCount']>().toEqualTypeOf<number>();

// The controls are read-only where they should be.
// @ts-expect-error `wrapped` is read-only
fetchRate.wrapped = loadRate;

// --- manager-level calls ------------------------------------------------------------------------
expectTypeOf(manager.clearAll).returns.toEqualTypeOf<Promise<void>>();
expectTypeOf(manager.clearAllSync).returns.toEqualTypeOf<void>();
expectTypeOf(manager.cancelDisposals).returns.toEqualTypeOf<Promise<void>>();
expectTypeOf(manager.close).returns.toEqualTypeOf<Promise<void>>();
expectTypeOf(manager.awaitDisposals).toBeCallableWith();
expectTypeOf(manager.awaitDisposals).toBeCallableWith('5 seconds');
expectTypeOf(manager.awaitDisposals).returns.toEqualTypeOf<Promise<void>>();

// `wrap` takes functions only.
// @ts-expect-error not a function
manager.wrap('loadRate');

// --- options held in a variable -------------------------------------------------------------------
// A `const` assertion keeps `negativeCache: true` literal, so the result still widens.
const negativeOptions = { negativeCache: true, expiration: '1 minute' } as const;
expectTypeOf(manager.wrap(loadRate, negativeOptions)).returns.toEqualTypeOf<Promise<Rate | Error>>();
// Known limit: a variable typed `CacheOptions` (negativeCache: boolean | 'rethrow') picks the plain
// overload, so the result is typed `R` even if the value turns out to be `true` at run time.
const looseOptions: { negativeCache: boolean } = { negativeCache: true };
expectTypeOf(manager.wrap(loadRate, looseOptions)).returns.toEqualTypeOf<Promise<Rate>>();
