import type { CacheControls } from '../contracts/CacheControls';
import type { CacheInfo } from '../contracts/CacheControls';
import type { CacheParameters } from '../contracts/CacheParameters';
import type { CacheStats } from '../contracts/CacheStats';
import type { CacheCore, EntryTarget } from './CacheCore';

/** The per-entry controls' target of a wrapped function (or a method whose key ignores `this`). @internal */
export const NO_INSTANCE: EntryTarget = Object.freeze({ thisArg: undefined, binding: null });

/**
 * The `CacheControls` of one core, as a plain frozen object: a wrapped function's own controls
 * (`target` = no instance), a decorated method's cache in one manager, or one instance's entries
 * of it (`cacheOf(instance, 'method')`, whose per-entry members use that instance's keys).
 * @internal
 */
export function controlsOf<F>(core: CacheCore, wrapped: F, target: EntryTarget = NO_INSTANCE): CacheControls<F> {
  const controls = {
    cacheInfo: (): CacheInfo => core.info(),
    cacheParameters: (): CacheParameters => core.parameters,
    clearCache: () => settleFor(core.async, core.clear()),
    removeExpired: () => settleFor(core.async, core.sweep()),
    wrapped,
    peek: (...args: unknown[]): unknown => core.peek(target, args),
    has: (...args: unknown[]): boolean => core.has(target, args),
    invalidate: (...args: unknown[]): boolean | Promise<boolean> => {
      if (!core.async) return core.invalidate(target, args);
      try {
        return Promise.resolve(core.invalidate(target, args));
      } catch (error) {
        return core.fail(error);
      }
    },
    refresh: (...args: unknown[]): unknown => core.refresh(target, args),
    set: (value: unknown, ...args: unknown[]): Promise<void> | undefined => core.set(target, value, args),
    cacheStats: (): CacheStats => core.stats(),
  };
  return Object.freeze(controls) as unknown as CacheControls<F>;
}

/** Async functions' controls return the disposal promise; sync ones return nothing. @internal */
export function settleFor(async: boolean, done: Promise<void>): Promise<void> | undefined {
  return async ? done : undefined;
}
