import { types } from 'node:util';
import { inject, optional } from 'inversify';
import { CacheManager } from '../core/CacheManager';
import { defaultCacheManager } from './defaultCacheManager';
import { InvalidCacheConfigError } from '../contracts/errors/InvalidCacheConfigError';
import { MANAGER_PROPERTY } from './managerProperty';
import { resolveCacheOptions } from '../core/options/resolveCacheOptions';
import type { CacheOptions } from '../contracts/CacheOptions';
import { MethodDefinition } from '../core/MethodDefinition';
import { DefaultExpirationPolicyFactory } from '../policies/expiration/DefaultExpirationPolicyFactory';
import { DefaultKeyStrategy } from '../strategies/DefaultKeyStrategy';
import { DefaultKeyStrategyFactory } from '../strategies/DefaultKeyStrategyFactory';

const injectedPrototypes = new WeakSet<object>();
const builtInExpirations = new DefaultExpirationPolicyFactory();
const builtInKeys = new DefaultKeyStrategyFactory();

/** A legacy (`experimentalDecorators`) method decorator, as `@Cacheable({ … })` returns. */
export type MethodDecoratorFn = (target: object, propertyKey: string | symbol, descriptor: PropertyDescriptor) => void;

/**
 * Caches a method (legacy `experimentalDecorators`). Options are validated when the class is
 * defined, by the built-in rules; a bad option throws then, naming the class, method, option and
 * value. Usable as `@Cacheable` or `@Cacheable({ … })`.
 *
 * A method of an instance resolved from a container uses that container's `CacheManager`; any other
 * instance uses `defaultCacheManager()` (or the one given to `attachCacheManager`). `this` is part
 * of the default key. Subclasses of a decorated service need inversify's `@injectFromBase()`.
 *
 * @example
 * ```ts
 * @injectable()
 * class UserService {
 *   @Cacheable({ expiration: '10 minutes', maxsize: 1000 })
 *   async getUser(id: string): Promise<User> { … }
 * }
 * ```
 * @throws {@link InvalidCacheConfigError} at class definition for a bad option.
 */
export function Cacheable(options?: CacheOptions): MethodDecoratorFn;
export function Cacheable(target: object, propertyKey: string | symbol, descriptor: PropertyDescriptor): void;
export function Cacheable(
  optionsOrTarget?: CacheOptions | object,
  propertyKey?: string | symbol,
  descriptor?: PropertyDescriptor,
): MethodDecoratorFn | void {
  if (propertyKey !== undefined && descriptor !== undefined && optionsOrTarget !== undefined) {
    decorate(optionsOrTarget, propertyKey, descriptor, undefined);
    return;
  }
  const options = optionsOrTarget as CacheOptions | undefined;
  return (target, key, desc) => decorate(target, key, desc, options);
}

function decorate(
  target: object,
  propertyKey: string | symbol,
  descriptor: PropertyDescriptor,
  options: unknown,
): void {
  const owner = typeof target === 'function' ? target : target.constructor;
  const where = `${(owner as { name?: string }).name || 'anonymous'}.${String(propertyKey)}`;
  const method: unknown = descriptor?.value;
  if (typeof method !== 'function') {
    throw new InvalidCacheConfigError(
      [{ option: '@Cacheable', value: method, expected: 'a method (not a getter, setter or field)' }],
      {
        context: where,
      },
    );
  }
  const original = method as (...args: never[]) => unknown;
  const getMetadata = (Reflect as { getMetadata?: (key: string, target: object, property: string | symbol) => unknown })
    .getMetadata;
  const returnType =
    typeof getMetadata === 'function' ? getMetadata('design:returntype', target, propertyKey) : undefined;
  const async = types.isAsyncFunction(original) || returnType === Promise;
  const resolved = resolveCacheOptions(options, {
    async,
    where,
    expirationFactory: builtInExpirations,
    fn: original,
    isMethod: true,
  });
  try {
    builtInKeys.create(resolved.parameters.key, {
      fn: original,
      isMethod: true,
      defaultStrategy: () => new DefaultKeyStrategy(),
    });
  } catch (error) {
    if (error instanceof InvalidCacheConfigError) {
      throw new InvalidCacheConfigError(error.problems.length > 0 ? error.problems : error.message, {
        context: where,
        cause: error,
      });
    }
    throw error;
  }
  const definition = new MethodDefinition(original, where, async, options, resolved.parameters, resolveCore);
  if (typeof target !== 'function' && !injectedPrototypes.has(target)) {
    injectedPrototypes.add(target);
    inject(CacheManager)(target, MANAGER_PROPERTY);
    optional()(target, MANAGER_PROPERTY);
  }
  descriptor.value = definition.createMethod();
  copyFunctionMetadata(original, descriptor.value as object);
}

function resolveCore(instance: unknown, definition: MethodDefinition) {
  const injected =
    instance !== null && (typeof instance === 'object' || typeof instance === 'function')
      ? (instance as Record<symbol, unknown>)[MANAGER_PROPERTY]
      : undefined;
  const manager = injected instanceof CacheManager ? injected : defaultCacheManager();
  return manager.methodCore(definition);
}

/** Keeps reflect-metadata set on the original function object (by other decorators) on the replacement. */
function copyFunctionMetadata(from: object, to: object): void {
  const reflect = Reflect as {
    getOwnMetadataKeys?: (target: object) => unknown[];
    getOwnMetadata?: (key: unknown, target: object) => unknown;
    defineMetadata?: (key: unknown, value: unknown, target: object) => void;
  };
  if (!reflect.getOwnMetadataKeys || !reflect.getOwnMetadata || !reflect.defineMetadata) return;
  for (const key of reflect.getOwnMetadataKeys(from))
    reflect.defineMetadata(key, reflect.getOwnMetadata(key, from), to);
}
