import type { Duration } from 'luxon';
import { CacheManager, type MethodName, type Wrappable } from '../core/CacheManager';
import { InvalidCacheConfigError } from '../contracts/errors/InvalidCacheConfigError';
import { MANAGER_PROPERTY } from './managerProperty';
import type { CacheControls } from '../contracts/CacheControls';
import { SLOT_SYMBOLS } from '../core/MethodDefinition';
import { createCacheContainer } from '../container/createCacheContainer';

let defaultManager: CacheManager | undefined;

/**
 * The manager used by decorated methods of instances that no container with `CacheModule` made
 * (`new`, `toDynamicValue`, `toConstantValue`), backed by a default container built on first use.
 */
export function defaultCacheManager(): CacheManager {
  return (defaultManager ??= createCacheContainer().get(CacheManager));
}

/**
 * Makes `instance`'s decorated methods use `manager` from now on (its earlier bindings are dropped).
 * @throws {@link InvalidCacheConfigError} when `instance` is not an object or `manager` not a CacheManager.
 */
export function attachCacheManager(instance: object, manager: CacheManager): void {
  if (instance === null || (typeof instance !== 'object' && typeof instance !== 'function')) {
    throw new InvalidCacheConfigError([{ option: 'instance', value: instance, expected: 'an object' }]);
  }
  if (!(manager instanceof CacheManager)) {
    throw new InvalidCacheConfigError([{ option: 'manager', value: manager, expected: 'a CacheManager' }]);
  }
  Object.defineProperty(instance, MANAGER_PROPERTY, { value: manager, configurable: true, writable: true });
  for (const symbol of Object.getOwnPropertySymbols(instance)) {
    if (SLOT_SYMBOLS.has(symbol)) delete (instance as Record<symbol, unknown>)[symbol];
  }
}

/**
 * The controls of a cached function in the default manager (see `CacheManager.cacheOf`): of a
 * decorated method (`cacheOf(users.getUser)`) or a wrapped function, or of one instance's entries of
 * a decorated method (`cacheOf(users, 'getUser')`, typed from the method).
 * @throws {@link InvalidCacheConfigError} when the arguments name no cached function.
 */
export function cacheOf<F extends Wrappable>(fn: F): CacheControls<F>;
export function cacheOf<T extends object, M extends MethodName<T>>(instance: T, method: M): CacheControls<T[M]>;
export function cacheOf(fnOrInstance: object, method?: PropertyKey): CacheControls<unknown> {
  const manager = defaultCacheManager();
  return method === undefined
    ? manager.cacheOf(fnOrInstance as Wrappable)
    : manager.cacheOf(fnOrInstance, method as MethodName<object>);
}

/** `invalidateTags(tags)` on the default manager (see `CacheManager.invalidateTags`). */
export function invalidateTags(tags: readonly string[]): Promise<number> {
  return defaultCacheManager().invalidateTags(tags);
}

/** `clearAll()` on the default manager. */
export function clearAll(): Promise<void> {
  return defaultCacheManager().clearAll();
}

/** `clearAllSync()` on the default manager. */
export function clearAllSync(): void {
  defaultCacheManager().clearAllSync();
}

/** `awaitDisposals(timeout)` on the default manager. */
export function awaitDisposals(timeout?: string | number | Duration | null): Promise<void> {
  return defaultCacheManager().awaitDisposals(timeout);
}

/** `cancelDisposals()` on the default manager. */
export function cancelDisposals(): Promise<void> {
  return defaultCacheManager().cancelDisposals();
}
