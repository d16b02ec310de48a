/**
 * Type tests for the resilience API (checked by `npm run test:types`, never run): the stale-window
 * and timeout options, `fetchContext()`, `withCacheScope` and `FetchTimeoutError`.
 */
import { Duration } from 'luxon';
import { expectTypeOf } from 'expect-type';
import { CacheManager, createCacheContainer, fetchContext, FetchTimeoutError, withCacheScope } from '../../src';
import type { CacheInfo, CacheOptions, CacheParameters, CacheScopeOptions, FetchContext } from '../../src';

declare function load(id: string): Promise<{ id: string }>;

const manager = createCacheContainer().get(CacheManager);

// --- the options take durations, or null ----------------------------------------------------------
const resilient: CacheOptions = {
  staleWhileRevalidate: '1 hour',
  staleIfError: 3600,
  staleIfErrorBackoff: Duration.fromObject({ seconds: 30 }),
  timeout: 0.5,
  hardTimeout: null,
};
manager.wrap(load, resilient);
// @ts-expect-error -- a duration, not a boolean
manager.wrap(load, { staleWhileRevalidate: true });
// @ts-expect-error -- a duration, not an object of units
manager.wrap(load, { hardTimeout: { seconds: 2 } });

expectTypeOf<CacheParameters['staleIfErrorBackoff']>().toEqualTypeOf<
  Exclude<CacheOptions['staleIfErrorBackoff'], undefined>
>();
expectTypeOf<CacheInfo['staleHits']>().toEqualTypeOf<number>();

// --- fetchContext() -------------------------------------------------------------------------------
expectTypeOf(fetchContext()).toEqualTypeOf<FetchContext | undefined>();
const context = fetchContext();
if (context !== undefined) {
  expectTypeOf(context.signal).toEqualTypeOf<AbortSignal>();
  expectTypeOf(context.background).toEqualTypeOf<boolean>();
  expectTypeOf(context.attempt).toEqualTypeOf<number>();
  expectTypeOf(context.stale).toEqualTypeOf<{ readonly value: unknown } | null>();
}

// --- withCacheScope returns what its callback returns ----------------------------------------------
const getUser = manager.wrap(load);
expectTypeOf(withCacheScope({ forceRefresh: true }, () => getUser('42'))).toEqualTypeOf<Promise<{ id: string }>>();
expectTypeOf(withCacheScope({}, () => 42)).toEqualTypeOf<number>();
const scope: CacheScopeOptions = { signal: AbortSignal.timeout(1000), forceRefresh: false, bypass: false };
withCacheScope(scope, () => undefined);
// @ts-expect-error -- a signal must be an AbortSignal
withCacheScope({ signal: new AbortController() }, () => 1);
// @ts-expect-error -- flags are booleans
withCacheScope({ bypass: 'yes' }, () => 1);

// --- FetchTimeoutError --------------------------------------------------------------------------
const timeout = new FetchTimeoutError('users', 'k', 1000);
expectTypeOf(timeout.code).toEqualTypeOf<'E_FETCH_TIMEOUT'>();
expectTypeOf(timeout.timeoutMs).toEqualTypeOf<number>();
