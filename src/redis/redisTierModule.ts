import { ContainerModule } from 'inversify';
import { Clock } from '../contracts/Clock';
import { SharedTier } from '../policies/shared/SharedTier';
import { Serializer } from '../policies/shared/Serializer';
import { RedisSharedTier } from './RedisSharedTier';
import type { RedisTierOptions } from './RedisTierOptions';
import { resolveRedisTierOptions } from './resolveRedisTierOptions';

/**
 * A container module binding `SharedTier` to a {@link RedisSharedTier} (a singleton, made when first
 * resolved, closed when the container unbinds it: `await container.unbindAllAsync()`) and
 * `Serializer` to `options.serializer` (default `V8Serializer`). The tier uses the container's
 * `Clock` when one is bound, and the `Serializer` bound when it is first resolved, so
 * `container.rebind(Serializer)` before that replaces the serializer.
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * import { redisTierModule } from 'cachewright/redis';
 *
 * const container = createCacheContainer();
 * container.load(redisTierModule({ client: new Redis(process.env.REDIS_URL), namespace: 'orders' }));
 * ```
 * @throws {@link InvalidCacheConfigError} at once, naming every bad option and its value.
 */
export function redisTierModule(options: RedisTierOptions): ContainerModule {
  const resolved = resolveRedisTierOptions(options);
  return new ContainerModule(({ bind }) => {
    bind(Serializer).toConstantValue(resolved.serializer);
    bind(SharedTier)
      .toDynamicValue((context) => {
        const clock = context.get(Clock, { optional: true });
        return new RedisSharedTier({ ...resolved, serializer: context.get(Serializer) }, clock);
      })
      .inSingletonScope()
      .onDeactivation((tier) => tier.close());
  });
}
