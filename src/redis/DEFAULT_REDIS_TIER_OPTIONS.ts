import type { RedisTierOptions } from './RedisTierOptions';

/** The defaults of the tuning options of {@link RedisTierOptions}; numbers are seconds. */
export const DEFAULT_REDIS_TIER_OPTIONS: Required<
  Pick<RedisTierOptions, 'commandTimeout' | 'lockTimeout' | 'breakerThreshold' | 'breakerDuration'>
> = Object.freeze({
  commandTimeout: 0.25,
  lockTimeout: 5,
  breakerThreshold: 5,
  breakerDuration: 5,
});

/** Every option name of {@link RedisTierOptions}, as an exhaustive map. */
export const REDIS_TIER_OPTION_NAMES: { readonly [K in keyof RedisTierOptions]-?: K } = Object.freeze({
  client: 'client',
  namespace: 'namespace',
  subscriber: 'subscriber',
  serializer: 'serializer',
  commandTimeout: 'commandTimeout',
  lockTimeout: 'lockTimeout',
  breakerThreshold: 'breakerThreshold',
  breakerDuration: 'breakerDuration',
});
