import { SerializationError } from '../contracts/errors/SerializationError';
import { SharedTierError } from '../contracts/errors/SharedTierError';
import { SharedTierUnavailableError } from '../contracts/errors/SharedTierUnavailableError';
import { SharedLease } from '../policies/shared/SharedLease';
import type { SharedRecord } from '../policies/shared/SharedRecord';
import { sharedLeaseKey } from '../policies/shared/sharedKeys';
import { recordTtlMs, type RedisTierContext } from './RedisTierContext';
import { FILL_SCRIPT, RELEASE_SCRIPT, RENEW_SCRIPT } from './scripts';

/**
 * A lease held in Redis: `<key>:lease` set to a random token with `SET NX PX lockTimeout`. Renews
 * itself every half lease (compare-and-`PEXPIRE`, Lua) on an unref'd timer until settled; fills,
 * fails and releases by compare-and-delete in Lua. Made by `RedisSharedTier.acquireLease`.
 * @internal
 */
export class RedisLease extends SharedLease {
  override readonly key: string;
  readonly #leaseKey: string;
  readonly #token: string;
  readonly #context: RedisTierContext;
  readonly #onSettled: (lease: RedisLease) => void;
  #expiresAt: number;
  #settled = false;
  #lost = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(key: string, token: string, context: RedisTierContext, onSettled: (lease: RedisLease) => void) {
    super();
    this.key = key;
    this.#leaseKey = sharedLeaseKey(key);
    this.#token = token;
    this.#context = context;
    this.#onSettled = onSettled;
    this.#expiresAt = context.now() + context.lockTimeoutMs;
    this.#scheduleRenewal(context.lockTimeoutMs / 2);
  }

  /** {@inheritDoc SharedLease.held} */
  override get held(): boolean {
    return !this.#settled && !this.#lost && this.#context.now() < this.#expiresAt;
  }

  /** {@inheritDoc SharedLease.fill} */
  override async fill(record: SharedRecord): Promise<void> {
    if (!this.#settle()) return;
    let bytes: Buffer;
    try {
      bytes = this.#context.codec.encode(record);
    } catch (error) {
      const reason = error instanceof SerializationError ? error.message : String(error);
      await this.#notify(-1, '', false).catch(() => {
        // The encoding failure is what the caller reports; the waiters time out if this failed too.
      });
      throw new SharedTierError('shared-write', 'serialize', reason, { key: this.key, cause: error });
    }
    const ttl = recordTtlMs(record.usableUntil, this.#context.now());
    await this.#notify(ttl, bytes, ttl >= 0);
  }

  /** {@inheritDoc SharedLease.fail} */
  override async fail(): Promise<void> {
    if (!this.#settle()) return;
    await this.#notify(-1, '', false);
  }

  /** {@inheritDoc SharedLease.release} */
  override async release(): Promise<boolean> {
    if (!this.#settle()) return false;
    const { runner, connection } = this.#context;
    const deleted = await runner.run('shared-lock', 'EVALSHA release', this.#leaseKey, () =>
      RELEASE_SCRIPT.run(connection, [this.#leaseKey], [this.#token]),
    );
    return deleted === 1;
  }

  /** Stops renewing without touching Redis (the tier is closing; the lease expires by itself). */
  abandon(): void {
    this.#settle();
  }

  /** Marks the lease settled; false when it already was. */
  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    clearTimeout(this.#timer);
    this.#onSettled(this);
    return true;
  }

  /** Writes (ttl ≥ 0) or not (ttl < 0), releases, and tells the waiters `filled` or failed. */
  #notify(ttl: number, bytes: Buffer | string, filled: boolean): Promise<unknown> {
    const { runner, connection, fillChannel } = this.#context;
    const operation = ttl >= 0 ? 'shared-write' : 'shared-lock';
    return runner.run(operation, 'EVALSHA fill', this.key, () =>
      FILL_SCRIPT.run(
        connection,
        [this.key, this.#leaseKey],
        [bytes, ttl, this.#token, fillChannel, (filled ? '1' : '0') + this.key],
      ),
    );
  }

  #scheduleRenewal(delayMs: number): void {
    this.#timer = setTimeout(() => void this.#renew(), delayMs);
    this.#timer.unref();
  }

  async #renew(): Promise<void> {
    const { runner, connection, lockTimeoutMs, now, fault } = this.#context;
    if (!this.held) return;
    try {
      const extended = await runner.run('shared-lock', 'EVALSHA renew', this.#leaseKey, () =>
        RENEW_SCRIPT.run(connection, [this.#leaseKey], [this.#token, lockTimeoutMs]),
      );
      if (this.#settled) return;
      if (extended !== 1) {
        this.#lost = true;
        fault(
          new SharedTierError('shared-lock', 'EVALSHA renew', 'the lease was lost (expired or taken)', {
            key: this.key,
          }),
        );
        return;
      }
      this.#expiresAt = now() + lockTimeoutMs;
    } catch (error) {
      // A skipped tier (breaker open) was reported when it opened; other failures are this lease's own.
      if (!(error instanceof SharedTierUnavailableError) && error instanceof SharedTierError && !this.#settled)
        fault(error);
    }
    // After a failure, retry at half the time left, so one slow command does not cost the lease.
    if (this.held) this.#scheduleRenewal(Math.min(lockTimeoutMs / 2, (this.#expiresAt - now()) / 2));
  }
}
