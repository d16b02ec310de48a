import type { CacheParameters } from '../../contracts/CacheOptions';

/** The defaults of every option (DESIGN.md §3); options whose default is none are `null`. */
export const DEFAULT_CACHE_OPTIONS: CacheParameters = Object.freeze({
  enabled: true,
  key: null,
  maxsize: null,
  expiration: null,
  expiredItemsAutoRemovalPeriod: null,
  negativeCache: false,
  negativeExpiration: '10 seconds',
  retryCount: 0,
  backoffInSeconds: 0,
  wrapAsyncExitStack: null,
  exitStackCloseDelay: null,
});

/** Every option name, as an exhaustive map. */
export const CACHE_OPTION_NAMES: { readonly [K in keyof CacheParameters]-?: K } = Object.freeze({
  enabled: 'enabled',
  key: 'key',
  maxsize: 'maxsize',
  expiration: 'expiration',
  expiredItemsAutoRemovalPeriod: 'expiredItemsAutoRemovalPeriod',
  negativeCache: 'negativeCache',
  negativeExpiration: 'negativeExpiration',
  retryCount: 'retryCount',
  backoffInSeconds: 'backoffInSeconds',
  wrapAsyncExitStack: 'wrapAsyncExitStack',
  exitStackCloseDelay: 'exitStackCloseDelay',
});
