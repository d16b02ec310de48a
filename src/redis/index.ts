/**
 * cachewright/redis: the shared second tier on Redis (ioredis 5 or 6, an optional peer dependency).
 * Nothing here loads ioredis: you pass your own client.
 * @packageDocumentation
 */
export { RedisSharedTier } from './RedisSharedTier';
export { redisTierModule } from './redisTierModule';
export { resolveRedisTierOptions } from './resolveRedisTierOptions';
export { DEFAULT_REDIS_TIER_OPTIONS } from './DEFAULT_REDIS_TIER_OPTIONS';
export type { RedisTierOptions, RedisTierClient, ResolvedRedisTierOptions } from './RedisTierOptions';
