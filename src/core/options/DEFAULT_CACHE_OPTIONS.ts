import type { CacheParameters } from '../../contracts/CacheParameters';

/**
 * The defaults of every option (DESIGN.md §3 and the wave-2 contracts); options whose default is none
 * are `null` (`staleIfErrorBackoff` is `'10 seconds'` once `staleIfError` is set).
 */
export const DEFAULT_CACHE_OPTIONS: CacheParameters = Object.freeze({
  enabled: true,
  key: null,
  maxsize: null,
  eviction: null,
  maxWeight: null,
  weigh: null,
  expiration: null,
  expiredItemsAutoRemovalPeriod: null,
  negativeCache: false,
  negativeExpiration: '10 seconds',
  retryCount: 0,
  backoffInSeconds: 0,
  wrapAsyncExitStack: null,
  exitStackCloseDelay: null,
  name: null,
  cacheIf: null,
  tags: null,
  staleWhileRevalidate: null,
  staleIfError: null,
  staleIfErrorBackoff: null,
  timeout: null,
  hardTimeout: null,
  shared: false,
});

/** `staleIfErrorBackoff` when `staleIfError` is set and the backoff is not given. */
export const DEFAULT_STALE_IF_ERROR_BACKOFF = '10 seconds';

/** Every option name, as an exhaustive map. */
export const CACHE_OPTION_NAMES: { readonly [K in keyof CacheParameters]-?: K } = Object.freeze({
  enabled: 'enabled',
  key: 'key',
  maxsize: 'maxsize',
  eviction: 'eviction',
  maxWeight: 'maxWeight',
  weigh: 'weigh',
  expiration: 'expiration',
  expiredItemsAutoRemovalPeriod: 'expiredItemsAutoRemovalPeriod',
  negativeCache: 'negativeCache',
  negativeExpiration: 'negativeExpiration',
  retryCount: 'retryCount',
  backoffInSeconds: 'backoffInSeconds',
  wrapAsyncExitStack: 'wrapAsyncExitStack',
  exitStackCloseDelay: 'exitStackCloseDelay',
  name: 'name',
  cacheIf: 'cacheIf',
  tags: 'tags',
  staleWhileRevalidate: 'staleWhileRevalidate',
  staleIfError: 'staleIfError',
  staleIfErrorBackoff: 'staleIfErrorBackoff',
  timeout: 'timeout',
  hardTimeout: 'hardTimeout',
  shared: 'shared',
});
