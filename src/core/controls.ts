import type { CacheControls, CacheInfo } from '../contracts/CacheControls';
import type { CacheParameters } from '../contracts/CacheOptions';
import type { CacheCore } from './CacheCore';

/** The `CacheControls` of one core, as a plain object (for decorated methods in one manager). @internal */
export function controlsOf<F>(core: CacheCore, wrapped: F): CacheControls<F> {
  const controls = {
    cacheInfo: (): CacheInfo => core.info(),
    cacheParameters: (): CacheParameters => core.parameters,
    clearCache: () => settleFor(core.async, core.clear()),
    removeExpired: () => settleFor(core.async, core.sweep()),
    wrapped,
  };
  return Object.freeze(controls) as unknown as CacheControls<F>;
}

/** Async functions' controls return the disposal promise; sync ones return nothing. @internal */
export function settleFor(async: boolean, done: Promise<void>): Promise<void> | undefined {
  return async ? done : undefined;
}
