import type { SharedTierError } from '../../contracts/errors/SharedTierError';
import type { SharedRecord } from './SharedRecord';

/**
 * A message on a namespace's invalidation bus. It names keys, never values; every other process of
 * the namespace drops its memory-tier copies and never fetches eagerly.
 * - `invalidate`: these record keys were invalidated (and deleted from the shared tier).
 * - `replace`: these record keys were replaced by a newer value (`set`, `refresh`, a store over an
 *   existing record).
 * - `clear`: every record key starting with `prefix` (`namespace:name:version:`) was cleared.
 * - `tags`: these tags' invalidation times were raised to `at` (epoch ms).
 */
export type SharedBusMessage =
  | {
      /** These record keys were invalidated. */
      readonly type: 'invalidate';
      /** Full record keys (`namespace:name:version:{args}`). */
      readonly keys: readonly string[];
    }
  | {
      /** These record keys were replaced by a newer value. */
      readonly type: 'replace';
      /** Full record keys (`namespace:name:version:{args}`). */
      readonly keys: readonly string[];
    }
  | {
      /** Every record key under `prefix` was cleared. */
      readonly type: 'clear';
      /** A cache's `namespace:name:version:`. */
      readonly prefix: string;
    }
  | {
      /** These tags' invalidation times were raised. */
      readonly type: 'tags';
      /** The tags invalidated. */
      readonly tags: readonly string[];
      /** Their new invalidation time (epoch ms). */
      readonly at: number;
    };

/** The kinds of {@link SharedBusMessage}. */
export type SharedBusMessageType = SharedBusMessage['type'];

/** Every {@link SharedBusMessageType}, as an exhaustive map. */
export const SHARED_BUS_MESSAGE_TYPES: { readonly [K in SharedBusMessageType]: K } = Object.freeze({
  invalidate: 'invalidate',
  replace: 'replace',
  clear: 'clear',
  tags: 'tags',
});

/** A bus message as another process sent it: the message and its sender's `SharedTier.origin`. */
export type ReceivedBusMessage = SharedBusMessage & {
  /** The sender's `SharedTier.origin`. */
  readonly origin: string;
};

/**
 * How a wait for a key's fill notification ended (`SharedTier.waitForFill`):
 * - `filled`: the lease holder stored the record (read back after the notification).
 * - `failed`: the holder's fetch failed (or its value could not be encoded): fetch yourself;
 *   failures are not shared across processes.
 * - `vacant`: there is neither a record nor a lease any more (the holder released without a fill, its
 *   lease expired, or the record was deleted at once): try to take the lease again.
 * - `timeout`: `lockTimeout` (or the shorter `timeoutMs` given) passed: fetch yourself (degraded).
 * - `aborted`: the `signal` given was aborted; `reason` is its reason.
 * - `lost`: the notification channel is down (already reported through
 *   `SharedTierListener.fault`): fetch yourself.
 */
export type SharedFillOutcome =
  | {
      /** The holder stored the record. */
      readonly kind: 'filled';
      /** The record, read back after the notification. */
      readonly record: SharedRecord;
    }
  | {
      /** The holder's fetch failed. */
      readonly kind: 'failed';
    }
  | {
      /** Neither a record nor a lease any more. */
      readonly kind: 'vacant';
    }
  | {
      /** The wait's time limit passed. */
      readonly kind: 'timeout';
    }
  | {
      /** The wait's signal was aborted. */
      readonly kind: 'aborted';
      /** The signal's reason. */
      readonly reason: unknown;
    }
  | {
      /** The notification channel is down. */
      readonly kind: 'lost';
    };

/** The kinds of {@link SharedFillOutcome}. */
export type SharedFillOutcomeKind = SharedFillOutcome['kind'];

/** Options of `SharedTier.waitForFill`. */
export interface SharedFillWaitOptions {
  /**
   * The longest wait in ms; it can only shorten the tier's `lockTimeout` (a function's `hardTimeout`
   * caps the wait this way).
   * @defaultValue the tier's `lockTimeout`
   */
  readonly timeoutMs?: number;
  /** Ends the wait early with `{ kind: 'aborted' }`. */
  readonly signal?: AbortSignal;
  /**
   * A record created at or before this instant (epoch ms) does not count as a fill: the caller has
   * seen it already (a stale record, one whose tag was invalidated) and waits for the one that
   * replaces it. Without it, any usable record ends the wait `filled`. A notified fill that left
   * only such a record behind (the holder stored nothing) ends the wait `vacant`.
   */
  readonly newerThan?: number;
}

/**
 * What a process hears from the shared tier without asking: other processes' bus messages, bus
 * reconnects and faults no caller awaits. Register one listener per consumer (the cache manager)
 * with `SharedTier.listen`; every listener gets every event. A listener that throws is reported as
 * a `'shared-bus'` fault to the other listeners' `fault` (a throwing `fault` is ignored).
 */
export interface SharedTierListener {
  /** Another process published `message` (this process's own messages are never delivered). */
  message?(message: ReceivedBusMessage): void;
  /**
   * The bus is subscribed again after a drop (or subscribed for the first time after records were
   * already read without it): messages may have been missed meanwhile, so the memory tier of every
   * shared cache should be cleared. Not called for a first subscription that preceded every read.
   */
  reconnect?(): void;
  /**
   * A failure no caller awaits: the subscriber connection dropped or failed (once per outage, not
   * per retry), a bus message could not be decoded, a lease renewal failed or found the lease lost,
   * a listener threw. Rejections of `SharedTier` calls never come here: their callers report them.
   */
  fault?(error: SharedTierError): void;
}
