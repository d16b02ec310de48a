import type { CacheKey } from './MethodKey';
import type { CacheCore } from './CacheCore';
import { MISS } from './sentinels';
import { controlsOf } from './controls';

/** Symbol under which a wrapped function keeps its core. @internal */
export const CORE = Symbol('cachewright.core');

/**
 * Builds the function `wrap` returns: one specialised hit path (a call with one string or number
 * argument is its own key, whatever the string's characters: no encoding, no allocation),
 * everything else through `core.call`. Controls are attached as own properties.
 * @internal
 */
export function buildCachedFunction(
  core: CacheCore,
  fn: (...args: never[]) => unknown,
): (...args: unknown[]) => unknown {
  const lookup = core.lookup;
  const miss = MISS; // a local: an imported binding is a property load on every call
  const fast = core.enabled && core.inlineKey && core.fastPath;
  const cached = fast
    ? function cachedFunction(this: unknown, ...args: unknown[]): unknown {
        // A rest array (not `arguments`): V8 elides it on the hit path.
        if (args.length === 1) {
          const a = args[0];
          const type = typeof a;
          if (type === 'number' || type === 'string') {
            const value = lookup(a as CacheKey);
            if (value !== miss) return value;
            return core.callKeyed(this, a as string | number);
          }
        }
        // Spread, not the array: V8 then never materialises `args` on the hit path.
        return core.callSpread(this, ...args);
      }
    : function cachedFunction(this: unknown, ...args: unknown[]): unknown {
        return core.call(this, args, null);
      };
  Object.defineProperties(cached, {
    name: { value: fn.name, configurable: true },
    length: { value: fn.length, configurable: true },
    [CORE]: { value: core },
  });
  return Object.assign(cached, controlsOf(core, fn));
}
