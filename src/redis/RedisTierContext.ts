import type { SharedTierError } from '../contracts/errors/SharedTierError';
import type { SharedRecordCodec } from '../policies/shared/SharedRecordCodec';
import type { RedisCommandRunner } from './RedisCommandRunner';
import type { RedisConnection } from './RedisConnection';

/**
 * What the parts of a `RedisSharedTier` (its leases, its fill waiters) share.
 * @internal
 */
export interface RedisTierContext {
  readonly connection: RedisConnection;
  readonly runner: RedisCommandRunner;
  readonly codec: SharedRecordCodec;
  readonly now: () => number;
  readonly lockTimeoutMs: number;
  /** The channel fill notifications go to: `1<key>` filled, `0<key>` failed. */
  readonly fillChannel: string;
  /** Hands a fault nobody awaits to the listeners. */
  readonly fault: (error: SharedTierError) => void;
}

/** The Redis TTL (ms) of a record usable until `usableUntil`: `0` for none, `-1` when already unusable. @internal */
export function recordTtlMs(usableUntil: number, now: number): number {
  if (usableUntil === Infinity) return 0;
  const ttl = Math.ceil(usableUntil - now);
  return ttl > 0 ? ttl : -1;
}
