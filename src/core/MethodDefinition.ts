import { DateTime } from 'luxon';
import type { CacheInfo } from '../contracts/CacheControls';
import type { CacheParameters } from '../contracts/CacheParameters';
import type { CacheStats } from '../contracts/CacheStats';
import type { CacheCore } from './CacheCore';
import { MISS } from './sentinels';
import { NO_INSTANCE } from './controls';
import type { InstanceBinding } from './InstanceBinding';
import { sumStats } from './sumStats';

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
    return core.call(self, args, this.bindingOf(self, core));
  }

  /** The binding of `instance` to `core` (made and kept in the instance's slot on first need). */
  bindingOf(instance: object, core: CacheCore): InstanceBinding {
    const slotted = (instance as Record<symbol, InstanceBinding | undefined>)[this.slot];
    let binding = slotted !== undefined && slotted.core === core ? slotted : this.#frozen.get(instance);
    if (binding === undefined || binding.core !== core) {
      binding = core.bindInstance(instance);
      try {
        Object.defineProperty(instance, this.slot, {
          value: binding,
          configurable: true,
          writable: true,
          enumerable: false,
        });
      } catch {
        // A frozen or sealed instance cannot take the slot: keep its binding beside it instead.
        this.#frozen.set(instance, binding);
      }
    }
    return binding;
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
            const arg = args[0];
            if (binding.primary) {
              if (typeof arg === 'string' || typeof arg === 'number') {
                const value = binding.lookupArg(arg);
                if (value !== miss) return value;
              }
            } else {
              // Any other argument type finds no MethodKey: keys hold strings and numbers only.
              const key = binding.keys.get(arg as string | number);
              if (key !== undefined) {
                const value = binding.lookup(key);
                if (value !== miss) return value;
              }
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

  /**
   * Controls on the method's function: over every live manager that has served it (the default
   * manager's cache when none has yet). Its per-entry members have no instance: they act on every
   * such cache and work only when a `key` option makes the key independent of `this`.
   */
  #aggregateControls(): object {
    const all = (action: (core: CacheCore) => Promise<void>): Promise<void> | undefined => {
      const done = Promise.all(this.cores().map(action)).then(() => undefined);
      return this.async ? done : undefined;
    };
    const targets = (): CacheCore[] => {
      const live = this.cores();
      return live.length > 0 ? live : [this.resolveCore(undefined, this)];
    };
    /** Runs a per-entry control on every target; for an async method a throw becomes a rejection. */
    const each = <T>(action: (core: CacheCore) => T, combine: (results: T[]) => unknown): unknown => {
      try {
        const results = targets().map(action);
        return this.async ? Promise.all(results).then(combine) : combine(results);
      } catch (error) {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the control's own error
        if (this.async) return Promise.reject(error);
        throw error;
      }
    };
    return {
      cacheInfo: (): CacheInfo => {
        let hits = 0;
        let misses = 0;
        let currentSize = 0;
        let staleHits = 0;
        let currentWeight = 0;
        let last = 0;
        for (const core of this.cores()) {
          const info = core.info();
          hits += info.hits;
          misses += info.misses;
          currentSize += info.currentSize;
          staleHits += info.staleHits;
          currentWeight += info.currentWeight ?? 0;
          last = Math.max(last, core.lastSweepMs);
        }
        return Object.freeze({
          hits,
          misses,
          maxsize: this.parameters.maxsize,
          currentSize,
          currentWeight: this.parameters.maxWeight === null ? null : currentWeight,
          lastExpirationCheck: DateTime.fromMillis(last, { zone: 'utc' }),
          staleHits,
        });
      },
      cacheParameters: (): CacheParameters => this.parameters,
      clearCache: () => all((core) => core.clear()),
      removeExpired: () => all((core) => core.sweep()),
      wrapped: this.method,
      peek: (...args: unknown[]): unknown => {
        for (const core of targets()) {
          const value = core.peek(NO_INSTANCE, args);
          if (value !== undefined) return value;
        }
        return undefined;
      },
      has: (...args: unknown[]): boolean => targets().some((core) => core.has(NO_INSTANCE, args)),
      invalidate: (...args: unknown[]): unknown =>
        each(
          (core) => core.invalidate(NO_INSTANCE, args),
          (dropped) => dropped.includes(true),
        ),
      refresh: (...args: unknown[]): unknown =>
        each(
          (core) => core.refresh(NO_INSTANCE, args),
          (results) => results[0],
        ),
      set: (value: unknown, ...args: unknown[]): unknown =>
        each(
          (core) => core.set(NO_INSTANCE, value, args),
          () => undefined,
        ),
      cacheStats: (): CacheStats =>
        sumStats(
          this.where,
          this.cores().map((core) => core.stats()),
        ),
    };
  }
}
