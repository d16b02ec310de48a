import { types } from 'node:util';
import { inject, optional } from 'inversify';
import { CacheManager } from '../core/CacheManager';
import { InvalidCacheConfigError } from '../contracts/errors/InvalidCacheConfigError';
import type { AnyMethod } from '../contracts/CompanionOptions';
import { originalFunction } from '../util/originalFunction';
import { defaultCacheManager } from './defaultCacheManager';
import { MANAGER_PROPERTY } from './managerProperty';

/**
 * What the method decorators (`@Cacheable`, `@CacheEvict`, `@CachePut`) share: the injection of the
 * container's `CacheManager` into a decorated service, the manager an instance uses, the kind of a
 * decorated method, and the metadata a replacement method keeps.
 * @packageDocumentation
 * @internal
 */

const injectedPrototypes = new WeakSet<object>();

/** A legacy (`experimentalDecorators`) method decorator, as `@Cacheable({ … })` returns. */
export type MethodDecoratorFn = (target: object, propertyKey: string | symbol, descriptor: PropertyDescriptor) => void;

/**
 * Makes the container that resolves an instance of `target`'s class inject its `CacheManager` into
 * the instance (an optional property injection, registered once per prototype whichever decorator
 * asks first: inversify rejects a second `@inject` on one property). Static methods (`target` a
 * class) have no instance to inject into. @internal
 */
export function injectManager(target: object): void {
  if (typeof target === 'function' || injectedPrototypes.has(target)) return;
  injectedPrototypes.add(target);
  inject(CacheManager)(target, MANAGER_PROPERTY);
  optional()(target, MANAGER_PROPERTY);
}

/**
 * The manager a decorated method of `instance` uses: the one its container injected (or
 * `attachCacheManager` set), else `defaultCacheManager()`. @internal
 */
export function managerOf(instance: unknown): CacheManager {
  const injected =
    instance !== null && (typeof instance === 'object' || typeof instance === 'function')
      ? (instance as Record<symbol, unknown>)[MANAGER_PROPERTY]
      : undefined;
  return injected instanceof CacheManager ? injected : defaultCacheManager();
}

/** `Class.method`, as error messages and cache names say it. @internal */
export function whereOf(target: object, propertyKey: string | symbol): string {
  const owner = typeof target === 'function' ? target : target.constructor;
  return `${(owner as { name?: string }).name || 'anonymous'}.${String(propertyKey)}`;
}

/** The class a decorator's `target` belongs to, by name, for messages. @internal */
export function classNameOf(target: object): string {
  const owner = typeof target === 'function' ? target : target.constructor;
  return (owner as { name?: string }).name || 'anonymous';
}

/**
 * The method a decorator received, checked: a function (not a getter, setter or field).
 * @throws {@link InvalidCacheConfigError} naming the decorator and where it was put otherwise.
 * @internal
 */
export function methodOf(descriptor: PropertyDescriptor | undefined, decorator: string, where: string): AnyMethod {
  const method: unknown = descriptor?.value;
  if (typeof method !== 'function') {
    throw new InvalidCacheConfigError(
      [{ option: decorator, value: method, expected: 'a method (not a getter, setter or field)' }],
      { context: where },
    );
  }
  return method as AnyMethod;
}

/**
 * The kind of a decorated method (DESIGN.md §2): async when the function the user wrote is an
 * `AsyncFunction` or its `design:returntype` metadata is `Promise`. @internal
 */
export function isAsyncMethod(target: object, propertyKey: string | symbol, method: AnyMethod): boolean {
  const getMetadata = (Reflect as { getMetadata?: (key: string, target: object, property: string | symbol) => unknown })
    .getMetadata;
  const returnType =
    typeof getMetadata === 'function' ? getMetadata('design:returntype', target, propertyKey) : undefined;
  return types.isAsyncFunction(originalFunction(method)) || returnType === Promise;
}

/** Keeps reflect-metadata set on the original function object (by other decorators) on the replacement. @internal */
export function copyFunctionMetadata(from: object, to: object): void {
  const reflect = Reflect as {
    getOwnMetadataKeys?: (target: object) => unknown[];
    getOwnMetadata?: (key: unknown, target: object) => unknown;
    defineMetadata?: (key: unknown, value: unknown, target: object) => void;
  };
  if (!reflect.getOwnMetadataKeys || !reflect.getOwnMetadata || !reflect.defineMetadata) return;
  for (const key of reflect.getOwnMetadataKeys(from))
    reflect.defineMetadata(key, reflect.getOwnMetadata(key, from), to);
}
