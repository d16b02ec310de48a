import { types } from 'node:util';
import type { Duration } from 'luxon';
import { InvalidCacheConfigError } from '../contracts/errors/InvalidCacheConfigError';
import { DURATION_FORM, durationToMs } from './options/resolveDuration';
import type { CacheControls, CachedFunction } from '../contracts/CacheControls';
import type { CacheOptions } from '../contracts/CacheOptions';
import type { CacheStats } from '../contracts/CacheStats';
import { CacheCore } from './CacheCore';
import type { CacheManagerDependencies, Wrappable } from './CacheManagerDependencies';
import { CoreBuilder } from './CoreBuilder';
import { CORE, buildCachedFunction } from './buildCachedFunction';
import { controlsOf } from './controls';
import type { MethodDefinition } from './MethodDefinition';
import { METHOD_DEFINITION } from './MethodDefinition';
import { DisposalScheduler } from '../policies/lifecycle/DisposalScheduler';

export type { CacheManagerDependencies, Wrappable };

/**
 * Wraps functions in caches and owns them: every cache of one container goes through its manager,
 * which holds the policies resolved from that container.
 *
 * @example
 * ```ts
 * const manager = createCacheContainer().get(CacheManager);
 * const fetchRate = manager.wrap(loadRate, { expiration: '10 minutes', maxsize: 1000 });
 * await fetchRate('EUR');
 * ```
 */
export class CacheManager {
  readonly #disposals: DisposalScheduler;
  readonly #cores = new Set<WeakRef<CacheCore>>();
  readonly #forget = new FinalizationRegistry<WeakRef<CacheCore>>((ref) => this.#cores.delete(ref));
  readonly #methodCores = new Map<MethodDefinition, CacheCore>();
  readonly #builder: CoreBuilder;

  constructor(dependencies: CacheManagerDependencies) {
    this.#disposals = new DisposalScheduler(dependencies.lifecycle, dependencies.errorHandler);
    this.#builder = new CoreBuilder(dependencies, this.#disposals, this);
  }

  /**
   * Returns a cached version of `fn` with the same call signature plus its `CacheControls`.
   * Everything (options, key strategy, policies) is resolved here, once.
   * @throws {@link InvalidCacheConfigError} naming every bad option (its value and the expected form).
   * @throws {@link InvalidExpirationError} when the expiration is the only bad option.
   */
  wrap<F extends Wrappable>(
    fn: F,
    options: CacheOptions<NoInfer<F>> & { negativeCache: true },
  ): CachedFunction<F, true>;
  wrap<F extends Wrappable>(fn: F, options?: CacheOptions<NoInfer<F>>): CachedFunction<F>;
  wrap<F extends Wrappable>(fn: F, options?: CacheOptions<NoInfer<F>>): CachedFunction<F> | CachedFunction<F, true> {
    if (typeof fn !== 'function') {
      throw new InvalidCacheConfigError([{ option: 'fn', value: fn, expected: 'a function to cache' }]);
    }
    const core = this.#createCore(fn, fn.name || 'anonymous', types.isAsyncFunction(fn), false, options);
    return buildCachedFunction(core, fn) as unknown as CachedFunction<F>;
  }

  /**
   * The controls of a cached function in this manager: for a decorated method (`instance.method`),
   * its cache here (the typed path: a legacy decorator cannot change a member's type); for a
   * function made by `wrap`, its own controls. With an instance and a method name
   * (`cacheOf(users, 'getUser')`), that instance's controls of the method: its per-entry members
   * (`peek`, `has`, `invalidate`, `refresh`, `set`) use the instance's keys, typed from the method;
   * `cacheInfo`, `clearCache` and `removeExpired` act on the whole method cache.
   *
   * Without an instance, a decorated method's per-entry members throw `InvalidCacheConfigError`
   * (an async method's reject with it) when the method uses the default key, which includes `this`.
   * @throws {@link InvalidCacheConfigError} when `fn` is neither, or `method` is not a `@Cacheable`
   *   method of `instance`.
   */
  cacheOf<F extends Wrappable>(fn: F): CacheControls<F>;
  cacheOf<T extends object, M extends MethodName<T>>(instance: T, method: M): CacheControls<T[M]>;
  cacheOf(fnOrInstance: unknown, method?: PropertyKey): CacheControls<unknown> {
    if (method !== undefined) return this.#instanceControls(fnOrInstance, method);
    const holder = fnOrInstance as Record<symbol, unknown> | null;
    const definition =
      typeof fnOrInstance === 'function' ? (holder![METHOD_DEFINITION] as MethodDefinition | undefined) : undefined;
    if (definition !== undefined) return this.methodCore(definition).controls!;
    if (typeof fnOrInstance === 'function' && holder![CORE] instanceof CacheCore) {
      return fnOrInstance as unknown as CacheControls<unknown>;
    }
    throw new InvalidCacheConfigError([
      { option: 'fn', value: fnOrInstance, expected: 'a @Cacheable method or a function returned by wrap()' },
    ]);
  }

  #instanceControls(instance: unknown, method: PropertyKey): CacheControls<unknown> {
    if (instance === null || (typeof instance !== 'object' && typeof instance !== 'function')) {
      throw new InvalidCacheConfigError([{ option: 'instance', value: instance, expected: 'an object' }]);
    }
    let member: unknown;
    try {
      member = (instance as Record<PropertyKey, unknown>)[method];
    } catch (error) {
      throw new InvalidCacheConfigError([{ option: 'method', value: method, expected: 'a readable method' }], {
        cause: error,
      });
    }
    const definition =
      typeof member === 'function'
        ? ((member as unknown as Record<symbol, unknown>)[METHOD_DEFINITION] as MethodDefinition | undefined)
        : undefined;
    if (definition === undefined) {
      throw new InvalidCacheConfigError([
        { option: 'method', value: method, expected: `the name of a @Cacheable method of ${describe(instance)}` },
      ]);
    }
    const core = this.methodCore(definition);
    return controlsOf(core, definition.method, { thisArg: instance, binding: definition.bindingOf(instance, core) });
  }

  /**
   * Removes every entry carrying at least one of `tags` from every cache of this manager (every
   * instance, reason `'invalidated'`), and resolves to how many it removed. Flights in progress whose
   * entry would carry one store nothing (not counted); later calls start new flights. An entry stored
   * after the call resolves is not affected (tags are not banned, entries are).
   * @throws {@link InvalidCacheConfigError} (a rejection) when `tags` is not an array of strings.
   */
  async invalidateTags(tags: readonly string[]): Promise<number> {
    if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string')) {
      throw new InvalidCacheConfigError([{ option: 'tags', value: tags, expected: 'an array of strings' }]);
    }
    const wanted = new Set(tags);
    let removed = 0;
    for (const core of this.#liveCores()) removed += core.invalidateTags(wanted);
    // Shared caches: the tags' times rise in the shared tier and every other process hears of it.
    await this.#builder.invalidateTags([...wanted]);
    return removed;
  }

  /** One lifetime-statistics snapshot per live cache of this manager (`cacheStats()` of each). */
  stats(): CacheStats[] {
    return this.#liveCores().map((core) => core.stats());
  }

  /**
   * `stats()` with each snapshot's cache named by an opaque token that stays the same for the cache's
   * life and is held by nothing else of the manager's once the cache is gone (so a reader that keeps
   * tokens can tell a cache that went away from one that did not). @internal
   */
  statsByCache(): Array<{ readonly cache: object; readonly stats: CacheStats }> {
    return this.#liveCores().map((core) => ({ cache: core.counters, stats: core.stats() }));
  }

  /** Removes every entry of every cache of this manager (sync and async), disposing resources. */
  async clearAll(): Promise<void> {
    await Promise.all(this.#liveCores().map((core) => core.clear()));
  }

  /** Removes every entry of the caches of synchronous functions only. */
  clearAllSync(): void {
    for (const core of this.#liveCores()) if (!core.async) void core.clear();
  }

  /**
   * Waits for delayed disposals (`exitStackCloseDelay`); while it waits they keep the process alive.
   * @param timeout - a duration (`'30s'`, `30`, a luxon `Duration`); none waits without limit.
   * @throws {@link DisposalTimeoutError} after `timeout`, leaving the rest pending.
   */
  async awaitDisposals(timeout?: string | number | Duration | null): Promise<void> {
    let timeoutMs: number | undefined;
    if (timeout !== undefined && timeout !== null) {
      timeoutMs = durationToMs(timeout);
      if (timeoutMs === undefined) {
        throw new InvalidCacheConfigError([{ option: 'timeout', value: timeout, expected: DURATION_FORM }]);
      }
    }
    await this.#disposals.awaitPending(timeoutMs);
  }

  /** Drops pending delayed disposals without running them. */
  async cancelDisposals(): Promise<void> {
    await this.#disposals.cancelPending();
  }

  /**
   * The shutdown call: clears every cache (reason `'unbound'`), runs every pending delayed disposal
   * now, and settles when all disposals have. The manager still serves later calls, from empty caches.
   */
  async close(): Promise<void> {
    const cores = this.#liveCores();
    const reason = new DOMException('cachewright: the cache manager was closed', 'AbortError');
    for (const core of cores) core.abortFlights(reason);
    // Stop hearing the shared tiers' buses (the tiers stay open: they belong to their bindings).
    this.#builder.closeLinks();
    await Promise.all(cores.map((core) => core.clear('unbound')));
    await this.#disposals.flushNow();
  }

  /** The cache of a decorated method in this manager, built on first use. @internal */
  methodCore(definition: MethodDefinition): CacheCore {
    let core = this.#methodCores.get(definition);
    if (core === undefined) {
      core = this.#createCore(definition.method, definition.where, definition.async, true, definition.options);
      core.controls = controlsOf(core, definition.method);
      this.#methodCores.set(definition, core);
      definition.served(core);
    }
    return core;
  }

  #createCore(fn: Wrappable, name: string, async: boolean, isMethod: boolean, options: unknown): CacheCore {
    const core = this.#builder.build(fn, name, async, isMethod, options);
    const ref = new WeakRef(core);
    this.#cores.add(ref);
    this.#forget.register(core, ref);
    return core;
  }

  #liveCores(): CacheCore[] {
    const cores: CacheCore[] = [];
    for (const ref of this.#cores) {
      const core = ref.deref();
      if (core !== undefined) cores.push(core);
    }
    return cores;
  }
}

/**
 * The names of `T`'s methods (what `cacheOf(instance, method)` accepts).
 * @typeParam T - The instance's type.
 */
export type MethodName<T> = {
  [K in keyof T]-?: T[K] extends (...args: never[]) => unknown ? K : never;
}[keyof T];

function describe(instance: object): string {
  const name = (instance as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? `this ${name}` : 'this object';
}
