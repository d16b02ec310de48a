import { InvalidCacheConfigError } from '../contracts/errors/InvalidCacheConfigError';
import { resolveCacheOptions } from '../core/options/resolveCacheOptions';
import type { CacheOptions } from '../contracts/CacheOptions';
import { MethodDefinition } from '../core/MethodDefinition';
import { DefaultExpirationPolicyFactory } from '../policies/expiration/DefaultExpirationPolicyFactory';
import { DefaultKeyStrategy } from '../strategies/DefaultKeyStrategy';
import { DefaultKeyStrategyFactory } from '../strategies/DefaultKeyStrategyFactory';
import { markWrapper } from '../util/originalFunction';
import {
  copyFunctionMetadata,
  injectManager,
  isAsyncMethod,
  managerOf,
  methodOf,
  whereOf,
  type MethodDecoratorFn,
} from './methodDecoration';

const builtInExpirations = new DefaultExpirationPolicyFactory();
const builtInKeys = new DefaultKeyStrategyFactory();

export type { MethodDecoratorFn } from './methodDecoration';

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
  const where = whereOf(target, propertyKey);
  const original = methodOf(descriptor, '@Cacheable', where);
  const async = isAsyncMethod(target, propertyKey, original);
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
  injectManager(target);
  const replacement = definition.createMethod();
  markWrapper(replacement, original);
  copyFunctionMetadata(original, replacement);
  descriptor.value = replacement;
}

function resolveCore(instance: unknown, definition: MethodDefinition) {
  return managerOf(instance).methodCore(definition);
}
