import { DateTime } from 'luxon';
import type { CacheInfo } from '../contracts/CacheControls';
import type { CacheParameters } from '../contracts/CacheOptions';
import type { CacheCore } from './CacheCore';
import { MISS } from './sentinels';
import type { InstanceBinding } from './InstanceBinding';

/** Symbol under which a decorated method's function keeps its definition. @internal */
export const METHOD_DEFINITION = Symbol('cachewright.method');

/** Every slot symbol ever made, so `attachCacheManager` can drop an instance's bindings. @internal */
export const SLOT_SYMBOLS = new Set<symbol>();

/** Finds the cache of a definition for an instance (its manager's). @internal */
export type CoreResolver = (instance: unknown, definition: MethodDefinition) => CacheCore;

/**
 * One `@Cacheable` method: its original function and options, validated at decoration time, and
 * the replacement method. The caches live in managers (one per manager that served the method);
 * each instance keeps its binding in a symbol-keyed slot, so a hit costs one property read.
 * @internal
 */
export class MethodDefinition {
  readonly slot: symbol;
  readonly #cores = new Set<WeakRef<CacheCore>>();
  readonly #frozen = new WeakMap<object, InstanceBinding>();

  constructor(
    readonly method: (...args: never[]) => unknown,
    readonly where: string,
    readonly async: boolean,
    readonly options: unknown,
    readonly parameters: CacheParameters,
    readonly resolveCore: CoreResolver,
  ) {
    this.slot = Symbol(`cachewright:${where}`);
    SLOT_SYMBOLS.add(this.slot);
  }

  /** Records a manager's cache of this method (held weakly). */
  served(core: CacheCore): void {
    for (const ref of this.#cores) if (ref.deref() === undefined) this.#cores.delete(ref);
    this.#cores.add(new WeakRef(core));
  }

  /** The live caches of this method, across managers. */
  cores(): CacheCore[] {
    const live: CacheCore[] = [];
    for (const ref of this.#cores) {
      const core = ref.deref();
      if (core === undefined) this.#cores.delete(ref);
      else live.push(core);
    }
    return live;
  }

  /** The first call on an instance (or a call on a frozen one, or without an object `this`). */
  slowCall(self: unknown, args: ArrayLike<unknown>): unknown {
    const core = this.resolveCore(self, this);
    if (self === null || (typeof self !== 'object' && typeof self !== 'function')) {
      return core.call(self, args, null);
    }
    let binding = this.#frozen.get(self);
    if (binding === undefined || binding.core !== core) {
      binding = core.bindInstance(self);
      try {
        Object.defineProperty(self, this.slot, {
          value: binding,
          configurable: true,
          writable: true,
          enumerable: false,
        });
      } catch {
        // A frozen or sealed instance cannot take the slot: keep its binding beside it instead.
        this.#frozen.set(self, binding);
      }
    }
    return core.call(self, args, binding);
  }

  /** Builds the function that replaces the method on the prototype. */
  createMethod(): (...args: unknown[]) => unknown {
    const slot = this.slot;
    const miss = MISS;
    const slowCall = (self: unknown, ...args: unknown[]): unknown => this.slowCall(self, args);
    const method = function cachedMethod(this: unknown, ...args: unknown[]): unknown {
      if (this !== null && typeof this === 'object') {
        const binding = (this as Record<symbol, InstanceBinding | undefined>)[slot];
        if (binding !== undefined) {
          if (binding.fast && args.length === 1) {
            // Any other argument type finds no MethodKey: keys hold strings and numbers only.
            const key = binding.keys.get(args[0] as string | number);
            if (key !== undefined) {
              const value = binding.lookup(key);
              if (value !== miss) return value;
            }
          }
          // Spread, not the array: V8 then never materialises `args` on the hit path.
          return binding.core.callMethodSpread(this, binding, ...args);
        }
      }
      return slowCall(this, ...args);
    };
    Object.defineProperties(method, {
      name: { value: this.method.name, configurable: true },
      length: { value: this.method.length, configurable: true },
      [METHOD_DEFINITION]: { value: this },
    });
    return Object.assign(method, this.#aggregateControls());
  }

  /** Controls on the method's function: over every live manager that has served it. */
  #aggregateControls(): object {
    const all = (action: (core: CacheCore) => Promise<void>): Promise<void> | undefined => {
      const done = Promise.all(this.cores().map(action)).then(() => undefined);
      return this.async ? done : undefined;
    };
    return {
      cacheInfo: (): CacheInfo => {
        let hits = 0;
        let misses = 0;
        let currentSize = 0;
        let last = 0;
        for (const core of this.cores()) {
          const info = core.info();
          hits += info.hits;
          misses += info.misses;
          currentSize += info.currentSize;
          last = Math.max(last, core.lastSweepMs);
        }
        return Object.freeze({
          hits,
          misses,
          maxsize: this.parameters.maxsize,
          currentSize,
          lastExpirationCheck: DateTime.fromMillis(last, { zone: 'utc' }),
        });
      },
      cacheParameters: (): CacheParameters => this.parameters,
      clearCache: () => all((core) => core.clear()),
      removeExpired: () => all((core) => core.sweep()),
      wrapped: this.method,
    };
  }
}
