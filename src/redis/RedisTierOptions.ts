import type { Cluster, Redis } from 'ioredis';
import type { DurationValue } from '../contracts/CacheOptions';
import type { Serializer } from '../policies/shared/Serializer';

/** An ioredis connection: a standalone `Redis` (or Sentinel-backed) client or a `Cluster`. */
export type RedisTierClient = Redis | Cluster;

/**
 * Options of `redisTierModule` and `RedisSharedTier`. Durations take every form `parseDuration`
 * accepts or a luxon `Duration`; a number is seconds (DESIGN.md §3).
 */
export interface RedisTierOptions {
  /**
   * The connection commands go through. You own it: the tier never closes it, and its own
   * settings (reconnect strategy, offline queue, `keyPrefix`) apply. The tier listens for its
   * `ready` event (a reconnect closes the breaker) and stops listening on `close()`.
   */
  readonly client: RedisTierClient;
  /** The namespace: records, leases, tag times and channels of one set of processes. */
  readonly namespace: string;
  /**
   * The connection to subscribe with (it enters subscriber mode). The tier subscribes and
   * unsubscribes its own channels on it but never closes it. It adds listeners for `message`,
   * `ready`, `close`, `end` and `error` (so ioredis no longer logs this connection's errors as
   * unhandled: the tier reports a drop once through `SharedTierListener.fault`).
   * @defaultValue `client.duplicate()`, made once and closed by `close()`
   */
  readonly subscriber?: RedisTierClient;
  /**
   * Encodes values; every process of the namespace must use the same one.
   * @defaultValue a `V8Serializer`
   */
  readonly serializer?: Serializer;
  /**
   * The longest any command may take; a slower one rejects with `SharedTierTimeoutError`. Positive,
   * at most 2^31 − 1 ms (about 24.8 days, a timer's limit).
   * @defaultValue `0.25` (250 ms)
   */
  readonly commandTimeout?: DurationValue;
  /**
   * How long a lease lasts between renewals, and the longest a waiter waits for a fill
   * notification before it fetches itself. Positive, at most 2^31 − 1 ms (about 24.8 days); rounded
   * up to whole milliseconds (Redis `PX` takes no fraction).
   * @defaultValue `5` (5 s)
   */
  readonly lockTimeout?: DurationValue;
  /**
   * How many commands must fail in a row to skip the tier. A positive integer.
   * @defaultValue `5`
   */
  readonly breakerThreshold?: number;
  /**
   * How long the tier is skipped once the breaker opens (a successful reconnect ends it sooner).
   * @defaultValue `5` (5 s)
   */
  readonly breakerDuration?: DurationValue;
}

/** The options once validated: times in milliseconds, defaults filled in. Frozen. */
export interface ResolvedRedisTierOptions {
  readonly client: RedisTierClient;
  readonly namespace: string;
  /** The subscriber given, or `null` when the tier duplicates `client`. */
  readonly subscriber: RedisTierClient | null;
  readonly serializer: Serializer;
  readonly commandTimeoutMs: number;
  /** Whole milliseconds. */
  readonly lockTimeoutMs: number;
  readonly breakerThreshold: number;
  readonly breakerDurationMs: number;
}
