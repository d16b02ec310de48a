import { types } from 'node:util';
import type { KeyOption } from '../contracts/CacheOptions';
import { InvalidCacheConfigError } from '../contracts/errors/InvalidCacheConfigError';
import type { KeyStrategy } from '../contracts/KeyStrategy';
import type { DisposalScheduler } from '../policies/lifecycle/DisposalScheduler';
import type { SharedTier } from '../policies/shared/SharedTier';
import { sharedKeyPrefix } from '../policies/shared/sharedKeys';
import { DefaultKeyStrategy } from '../strategies/DefaultKeyStrategy';
import { CacheCore } from './CacheCore';
import type { CacheManagerDependencies, Wrappable } from './CacheManagerDependencies';
import { resolveCacheOptions, type ResolvedCacheOptions } from './options/resolveCacheOptions';
import { reportShared } from './shared/reportShared';
import { SharedLink } from './shared/SharedLink';
import type { SharedSetup } from './shared/SharedSetup';

/**
 * Builds a manager's caches: validates a function's options once, resolves its key strategy and
 * (for a shared cache) its shared tier, and makes the `CacheCore`. Holds the manager's one link to
 * each shared tier its caches use.
 * @internal
 */
export class CoreBuilder {
  /** The manager's link to each shared tier its shared caches use (usually one). */
  readonly #links = new Map<SharedTier, SharedLink>();

  constructor(
    private readonly deps: CacheManagerDependencies,
    private readonly disposals: DisposalScheduler,
    /** The manager the caches belong to (carried by their traces). */
    private readonly manager: object,
  ) {}

  /**
   * The cache of `fn` (named `name` in errors and stats).
   * @throws {@link InvalidCacheConfigError} naming every bad option.
   */
  build(fn: Wrappable, name: string, async: boolean, isMethod: boolean, options: unknown): CacheCore {
    const deps = this.deps;
    const resolved = resolveCacheOptions(options, {
      async,
      where: name,
      expirationFactory: deps.expirationFactory,
      fn,
      isMethod,
    });
    return new CacheCore({
      fn,
      name,
      async,
      isMethod,
      options: resolved,
      keyStrategy: this.#keyStrategyFor(resolved.parameters.key, fn, isMethod),
      clock: deps.clock,
      expirationFactory: deps.expirationFactory,
      eviction: deps.eviction,
      retry: deps.retry,
      lifecycle: deps.lifecycle,
      disposals: this.disposals,
      errorHandler: deps.errorHandler,
      manager: this.manager,
      shared: this.#sharedSetup(resolved, name),
    });
  }

  /**
   * Raises `tags`' times in every shared tier the caches use, and in the container's `SharedTier`
   * even before any shared cache of this manager was built (a decorated method's cache is built at
   * its first call): every other process hears of it. A failure to resolve the tier is reported.
   */
  async invalidateTags(tags: readonly string[]): Promise<void> {
    if (this.#links.size === 0) this.#boundTierLink();
    await Promise.all([...this.#links.values()].map((link) => link.invalidateTags(tags)));
  }

  /** Stops hearing the shared tiers' buses (the tiers stay open: they belong to their bindings). */
  closeLinks(): void {
    for (const link of this.#links.values()) link.close();
  }

  /**
   * The shared tier of a shared cache: the container's `SharedTier` (resolved now, once per shared
   * cache), the manager's link to it, and the cache's key prefix. `null` when the cache is not shared
   * or stores nothing (`enabled: false`, `maxsize: 0`).
   * @throws {@link InvalidCacheConfigError} (option `shared`) when no `SharedTier` is bound.
   */
  #sharedSetup(resolved: ResolvedCacheOptions, where: string): SharedSetup | null {
    const shared = resolved.shared;
    const { parameters } = resolved;
    if (shared === null || !parameters.enabled || parameters.maxsize === 0) return null;
    const tier = this.deps.sharedTier?.();
    if (tier === undefined || tier === null) {
      throw new InvalidCacheConfigError(
        [
          {
            option: 'shared',
            value: parameters.shared,
            expected:
              "a SharedTier bound in the manager's container (load redisTierModule({ client, namespace }) from " +
              'cachewright/redis, or bind your own), or false',
          },
        ],
        { context: where },
      );
    }
    const prefix = sharedKeyPrefix(tier.namespace, shared.name, shared.version);
    return { tier, link: this.#linkTo(tier), prefix };
  }

  /** The manager's link to `tier`, made on first need. */
  #linkTo(tier: SharedTier): SharedLink {
    let link = this.#links.get(tier);
    if (link === undefined) {
      link = new SharedLink(tier, this.deps.errorHandler, this.deps.clock);
      this.#links.set(tier, link);
    }
    return link;
  }

  /** Links the container's `SharedTier`, if one is bound (no shared cache has linked it yet). */
  #boundTierLink(): void {
    let tier: SharedTier | undefined;
    try {
      tier = this.deps.sharedTier?.();
    } catch (error) {
      reportShared(this.deps.errorHandler, error, 'shared-write', undefined, undefined);
      return;
    }
    if (tier !== undefined && tier !== null) this.#linkTo(tier);
  }

  /** `null` stands for the built-in default key, which the core computes inline. */
  #keyStrategyFor(key: KeyOption | null, fn: Wrappable, isMethod: boolean): KeyStrategy | null {
    const strategy = this.deps.keyStrategyFactory.create(key, {
      fn,
      isMethod,
      defaultStrategy: this.deps.keyStrategy,
    });
    return strategy.constructor === DefaultKeyStrategy && !types.isProxy(strategy) ? null : strategy;
  }
}
