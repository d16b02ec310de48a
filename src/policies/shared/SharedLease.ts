import type { SharedRecord } from './SharedRecord';

/**
 * A held lease on one record key (`SharedTier.acquireLease`): the holder alone fetches the value
 * and fills the record; the other processes wait for its fill notification. The lease renews
 * itself (on an unref'd timer, every half lease) until it is settled by exactly one of
 * {@link SharedLease.fill}, {@link SharedLease.fail} or {@link SharedLease.release}; later calls
 * do nothing. Its token is random and private: only this object can renew or release it.
 */
export abstract class SharedLease {
  /** The record key the lease is for. */
  abstract readonly key: string;

  /**
   * True until the lease is settled, found taken by another process on renewal, or past its expiry
   * without a successful renewal.
   */
  abstract readonly held: boolean;

  /**
   * Writes `record` (TTL `usableUntil − now`; nothing is written when that is not positive), then
   * notifies the key's waiters and releases the lease if this process still holds it, in one atomic
   * step. A value the serializer cannot encode is not written: the waiters are told the fill failed.
   * @throws {@link SharedTierError} (operation `'shared-write'`; its `cause` is a `SerializationError`
   * when the value could not be encoded) — the waiters then time out, or were told of the failure.
   */
  abstract fill(record: SharedRecord): Promise<void>;

  /**
   * Notifies the key's waiters that the fetch failed (they fetch themselves) and releases the lease.
   * @throws {@link SharedTierError} (operation `'shared-lock'`).
   */
  abstract fail(): Promise<void>;

  /**
   * Releases the lease without notifying (compare-and-delete: a lease another process took after
   * this one expired is left alone). Resolves `true` when this process still held it.
   * @throws {@link SharedTierError} (operation `'shared-lock'`).
   */
  abstract release(): Promise<boolean>;
}
