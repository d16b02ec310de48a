import type { SharedLease } from './SharedLease';
import type { SharedRecord } from './SharedRecord';
import type { SharedBusMessage, SharedFillOutcome, SharedFillWaitOptions, SharedTierListener } from './types';

/**
 * A store shared by every process of one namespace: the second tier (L2) of shared caches
 * (design/shared-tier.md). It keeps records with a TTL, a lease per key for a cross-process single
 * flight, a fill notification per key, an invalidation bus and tag invalidation times. No binding by
 * default: load `redisTierModule(...)` from `cachewright/redis`, or bind your own subclass.
 *
 * **Keys** are full record keys built with `sharedRecordKey`/`sharedKeyPrefix`
 * (`namespace:name:version:{args}`); the tier adds nothing to them.
 *
 * **Failures.** Every member that talks to the store is bounded by the tier's command timeout and
 * rejects only with a `SharedTierError` whose `operation` says what it was for
 * (`'shared-read' | 'shared-write' | 'shared-lock' | 'shared-bus'`); a late answer is ignored, so
 * nothing hangs and nothing rejects unhandled. After `breakerThreshold` failures in a row the tier
 * is skipped for `breakerDuration`: {@link SharedTier.available} turns false and calls reject at
 * once with `SharedTierUnavailableError`.
 *
 * **Who reports what** (to `CacheErrorHandler`, without double reports): the caller of a member
 * reports its rejection once, with `error.operation` — except `SharedTierUnavailableError`, which
 * only says the tier is being skipped (the failures that opened the breaker were reported as they
 * happened). What no caller awaits (subscriber drops, undecodable bus messages, lease renewals,
 * throwing listeners) goes to {@link SharedTierListener.fault}, which the caller's listener reports.
 */
export abstract class SharedTier {
  /**
   * This process's unique id (per tier instance), stamped on every bus message it publishes;
   * messages carrying it are not delivered back.
   */
  abstract readonly origin: string;

  /**
   * The namespace every key of this tier starts with (`namespace:name:version:{args}`): shared caches
   * build their record keys under it (`sharedKeyPrefix(tier.namespace, name, version)`). A valid key
   * segment (`sharedKeySegment`): no `:`, braces, glob characters or whitespace.
   */
  abstract readonly namespace: string;

  /**
   * False while the circuit breaker is open or after {@link SharedTier.close}: skip the tier (calls
   * would reject at once). Cheap: no promise, no I/O.
   */
  abstract readonly available: boolean;

  /**
   * Reads one record. A missing, expired (`usableUntil ≤ now`), foreign (another format version) or
   * undecodable record resolves `undefined`.
   * @throws {@link SharedTierError} (operation `'shared-read'`).
   */
  abstract read(key: string): Promise<SharedRecord | undefined>;

  /**
   * Writes one record with TTL `usableUntil − now` (no TTL when `usableUntil` is `Infinity`).
   * Resolves `false` without writing when the record is already unusable.
   * @throws {@link SharedTierError} (operation `'shared-write'`; `cause` is a `SerializationError`
   * when the value cannot be encoded).
   */
  abstract write(key: string, record: SharedRecord): Promise<boolean>;

  /**
   * Deletes these records (and nothing else); missing ones are fine. Resolves how many existed.
   * @throws {@link SharedTierError} (operation `'shared-write'`).
   */
  abstract delete(keys: readonly string[]): Promise<number>;

  /**
   * Deletes every record whose key starts with `prefix` (a cache's `namespace:name:version:`), by
   * incremental scanning (never a blocking `KEYS`), on every node of a cluster. Resolves how many
   * were deleted. Records written while it runs may survive.
   * @throws {@link SharedTierError} (operation `'shared-write'`).
   */
  abstract deletePrefix(prefix: string): Promise<number>;

  /**
   * Tries to take the lease on `key` (for the tier's `lockTimeout`, renewed by the lease itself).
   * Resolves the lease, or `null` when another holder has it: then {@link SharedTier.waitForFill}.
   * @throws {@link SharedTierError} (operation `'shared-lock'`).
   */
  abstract acquireLease(key: string): Promise<SharedLease | null>;

  /**
   * Waits for `key`'s fill notification without polling. Race-free: a fill or failure that happened
   * since the caller's miss is seen (the record and lease are read again once the wait is
   * registered). Never rejects for the wait itself: see {@link SharedFillOutcome} for its ends.
   * @throws {@link SharedTierError} (operation `'shared-read'`) when reading the record fails, at
   * once (`SharedTierUnavailableError`) while the tier is skipped.
   */
  abstract waitForFill(key: string, options?: SharedFillWaitOptions): Promise<SharedFillOutcome>;

  /**
   * Publishes `message` on the namespace's bus, stamped with {@link SharedTier.origin}. Messages are
   * idempotent and order-free (they drop memory-tier copies; tag times only rise): delivery order is
   * not guaranteed (a Redis Cluster may reorder messages sent through different nodes).
   * @throws {@link SharedTierError} (operation `'shared-bus'`).
   */
  abstract publish(message: SharedBusMessage): Promise<void>;

  /** Registers `listener` for bus messages, reconnects and faults; returns its removal. */
  abstract listen(listener: SharedTierListener): () => void;

  /**
   * Raises each tag's invalidation time to `at` (epoch ms) — never lowers it: a late writer with an
   * older time leaves the newer one — and keeps it stored at least `keepMs` from now (the longest
   * TTL a record carrying the tag can have; `Infinity`: forever). An existing longer TTL is kept.
   * @throws {@link SharedTierError} (operation `'shared-write'`).
   */
  abstract raiseTagTimes(tags: readonly string[], at: number, keepMs: number): Promise<void>;

  /**
   * Reads the invalidation times of `tags`, in order: epoch ms, `0` for a tag never invalidated
   * (or whose time has expired). A record created before one of its tags' times is invalid.
   * @throws {@link SharedTierError} (operation `'shared-read'`).
   */
  abstract readTagTimes(tags: readonly string[]): Promise<number[]>;

  /**
   * Stops the tier: pending waits end `lost`, held leases stop renewing (they expire on their own),
   * listeners are dropped and the connections the tier created are closed (never the ones it was
   * given). Later calls reject with `SharedTierUnavailableError`. Idempotent.
   */
  abstract close(): Promise<void>;
}
