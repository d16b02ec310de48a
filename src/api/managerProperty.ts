/**
 * The property a decorated service's container injects its `CacheManager` into (optional, so a
 * container without `CacheModule` still resolves the service).
 * @internal
 */
export const MANAGER_PROPERTY = Symbol('cachewright.manager');
