import { randomBytes, randomUUID } from 'node:crypto';
import { SerializationError } from '../contracts/errors/SerializationError';
import { SharedTierError } from '../contracts/errors/SharedTierError';
import type { Clock } from '../contracts/Clock';
import { SharedTier } from '../policies/shared/SharedTier';
import type { SharedLease } from '../policies/shared/SharedLease';
import type { SharedRecord } from '../policies/shared/SharedRecord';
import { SharedRecordCodec } from '../policies/shared/SharedRecordCodec';
import { sharedLeaseKey } from '../policies/shared/sharedKeys';
import type {
  SharedBusMessage,
  SharedFillOutcome,
  SharedFillWaitOptions,
  SharedTierListener,
} from '../policies/shared/types';
import { ConsecutiveFailureBreaker } from './ConsecutiveFailureBreaker';
import { RedisBusCodec } from './RedisBusCodec';
import { RedisCommandRunner } from './RedisCommandRunner';
import type { RedisConnection } from './RedisConnection';
import { RedisFillWaiters } from './RedisFillWaiters';
import { RedisLease } from './RedisLease';
import { RedisKeyDeleter } from './RedisKeyDeleter';
import { RedisSubscription } from './RedisSubscription';
import { recordTtlMs, type RedisTierContext } from './RedisTierContext';
import type { RedisTierOptions, ResolvedRedisTierOptions } from './RedisTierOptions';
import { resolveRedisTierOptions } from './resolveRedisTierOptions';
import { TierListeners } from './TierListeners';
import { RedisTagTimes } from './RedisTagTimes';
import { RELEASE_SCRIPT } from './scripts';

const SYSTEM_CLOCK: Pick<Clock, 'now'> = { now: () => Date.now() };

/**
 * The shared tier on Redis (ioredis 5 or 6, a standalone `Redis` or a `Cluster`). Layout, all
 * under the namespace `ns` (plus the client's `keyPrefix`, if any):
 * - records `ns:name:version:{args}` (`sharedRecordKey`), `SET … PX usableUntil−now`, in the
 *   {@link SharedRecordCodec} format; leases `…{args}:lease` (same hash slot), a random token;
 * - tag times `ns:{ns:tags}:<tag>` (one hash slot per namespace, so one script raises several);
 * - channels `cachewright:ns:bus` (bus messages, JSON with the sender's origin) and
 *   `cachewright:ns:fill` (`1<key>` filled / `0<key>` failed), classic pub/sub, which a cluster
 *   broadcasts to every node.
 *
 * The tier subscribes once, on `subscriber` or on a `client.duplicate()` it makes (and closes in
 * {@link RedisSharedTier.close}); it never closes `client`. Every command is bounded by
 * `commandTimeout`; a circuit breaker skips the tier after `breakerThreshold` failures in a row for
 * `breakerDuration`, and closes at once when `client` emits `ready` again (a successful reconnect).
 *
 * @example
 * ```ts
 * const tier = new RedisSharedTier({ client: new Redis(process.env.REDIS_URL), namespace: 'orders' });
 * ```
 * @throws {@link InvalidCacheConfigError} from the constructor, for invalid options.
 */
export class RedisSharedTier extends SharedTier {
  override readonly origin: string = randomUUID();
  /** The validated options. */
  readonly options: ResolvedRedisTierOptions;
  readonly #client: RedisConnection;
  readonly #context: RedisTierContext;
  readonly #runner: RedisCommandRunner;
  readonly #breaker: ConsecutiveFailureBreaker;
  readonly #codec: SharedRecordCodec;
  readonly #bus = new RedisBusCodec();
  readonly #busChannel: string;
  readonly #tags: RedisTagTimes;
  readonly #subscription: RedisSubscription;
  readonly #waiters: RedisFillWaiters;
  readonly #deleter: RedisKeyDeleter;
  readonly #listeners = new TierListeners();
  readonly #leases = new Set<RedisLease>();
  readonly #onClientReady = (): void => this.#breaker.close();
  #closing: Promise<void> | undefined;
  /** A record was read while the bus was not subscribed: its invalidations may be missed. */
  #readUncovered = false;

  constructor(options: RedisTierOptions | ResolvedRedisTierOptions, clock: Pick<Clock, 'now'> = SYSTEM_CLOCK) {
    super();
    this.options = 'commandTimeoutMs' in options ? options : resolveRedisTierOptions(options);
    const { namespace, commandTimeoutMs, lockTimeoutMs } = this.options;
    const now = (): number => clock.now();
    this.#client = this.options.client as unknown as RedisConnection;
    this.#breaker = new ConsecutiveFailureBreaker(this.options.breakerThreshold, this.options.breakerDurationMs, now);
    this.#runner = new RedisCommandRunner(this.#breaker, commandTimeoutMs);
    this.#codec = new SharedRecordCodec(this.options.serializer);
    const channelBase = `cachewright:${this.#client.options.keyPrefix ?? ''}${namespace}`;
    this.#busChannel = `${channelBase}:bus`;
    this.#tags = new RedisTagTimes(this.#client, this.#runner, namespace);
    this.#context = {
      connection: this.#client,
      runner: this.#runner,
      codec: this.#codec,
      now,
      lockTimeoutMs,
      fillChannel: `${channelBase}:fill`,
      fault: (error) => this.#listeners.emit('fault', error),
    };
    const given = this.options.subscriber as unknown as RedisConnection | null;
    this.#subscription = new RedisSubscription(
      given ?? this.#client.duplicate(),
      given === null,
      [this.#busChannel, this.#context.fillChannel],
      {
        message: (channel, text) => this.#onMessage(channel, text),
        up: (again) => {
          if (again || this.#readUncovered) this.#listeners.emit('reconnect');
          this.#readUncovered = false;
        },
        down: (error) => {
          this.#waiters.loseAll();
          this.#listeners.emit('fault', error);
        },
      },
      commandTimeoutMs,
    );
    this.#waiters = new RedisFillWaiters(
      this.#context,
      this.#subscription,
      (key) => this.read(key),
      (bytes) => this.#decode(bytes),
    );
    this.#deleter = new RedisKeyDeleter(this.#client, this.#runner);
    this.#client.on('ready', this.#onClientReady);
    this.#subscription.start();
  }

  /** {@inheritDoc SharedTier.namespace} */
  override get namespace(): string {
    return this.options.namespace;
  }

  /** {@inheritDoc SharedTier.available} */
  override get available(): boolean {
    return this.#runner.available;
  }

  /** {@inheritDoc SharedTier.read} */
  override async read(key: string): Promise<SharedRecord | undefined> {
    const bytes = await this.#runner.run('shared-read', 'GET', key, () => this.#client.getBuffer(key));
    if (bytes === null) return undefined;
    const record = this.#decode(bytes);
    if (record !== undefined && this.#subscription.state !== 'up') this.#readUncovered = true;
    return record;
  }

  /**
   * Resolves true once the bus and fill channels are subscribed (at once when they are), false
   * when the subscription is down or the tier closed first. Messages published before it resolves
   * true are not seen by this tier.
   */
  whenSubscribed(): Promise<boolean> {
    return this.#subscription.whenUp();
  }

  /** {@inheritDoc SharedTier.write} */
  override async write(key: string, record: SharedRecord): Promise<boolean> {
    const bytes = this.#encode(key, record);
    const ttl = recordTtlMs(record.usableUntil, this.#context.now());
    if (ttl < 0) return false;
    await this.#runner.run('shared-write', 'SET', key, () =>
      ttl === 0 ? this.#client.set(key, bytes) : this.#client.set(key, bytes, 'PX', ttl),
    );
    return true;
  }

  /** {@inheritDoc SharedTier.delete} */
  override delete(keys: readonly string[]): Promise<number> {
    return this.#deleter.unlink(keys);
  }

  /** {@inheritDoc SharedTier.deletePrefix} */
  override deletePrefix(prefix: string): Promise<number> {
    if (!prefix.startsWith(`${this.options.namespace}:`) || prefix.length <= this.options.namespace.length + 1) {
      return Promise.reject(
        new SharedTierError('shared-write', 'SCAN', `expected a prefix inside namespace "${this.options.namespace}:"`, {
          key: prefix,
        }),
      );
    }
    return this.#deleter.deletePrefix(prefix);
  }

  /** {@inheritDoc SharedTier.acquireLease} */
  override async acquireLease(key: string): Promise<SharedLease | null> {
    const leaseKey = sharedLeaseKey(key);
    const token = randomBytes(16).toString('base64url');
    const { lockTimeoutMs } = this.#context;
    const reply = await this.#runner.run(
      'shared-lock',
      'SET NX PX',
      leaseKey,
      () => this.#client.set(leaseKey, token, 'PX', lockTimeoutMs, 'NX'),
      // Taken after the caller gave up waiting: give it back at once rather than let waiters wait.
      (late) => void (late === 'OK' && RELEASE_SCRIPT.run(this.#client, [leaseKey], [token]).catch(() => undefined)),
    );
    if (reply !== 'OK') return null;
    const lease = new RedisLease(key, token, this.#context, (settled) => this.#leases.delete(settled));
    this.#leases.add(lease);
    return lease;
  }

  /** {@inheritDoc SharedTier.waitForFill} */
  override waitForFill(key: string, options?: SharedFillWaitOptions): Promise<SharedFillOutcome> {
    const refusal = this.#runner.refusal('shared-read', 'wait');
    return refusal === undefined ? this.#waiters.wait(key, options) : Promise.reject(refusal);
  }

  /** {@inheritDoc SharedTier.publish} */
  override async publish(message: SharedBusMessage): Promise<void> {
    const problem = this.#bus.problem(message);
    if (problem !== undefined) throw new SharedTierError('shared-bus', 'PUBLISH', problem, { key: this.#busChannel });
    const text = this.#bus.encode(message, this.origin);
    await this.#runner.run('shared-bus', 'PUBLISH', this.#busChannel, () =>
      this.#client.publish(this.#busChannel, text),
    );
  }

  /** {@inheritDoc SharedTier.listen} */
  override listen(listener: SharedTierListener): () => void {
    return this.#listeners.add(listener);
  }

  /** {@inheritDoc SharedTier.raiseTagTimes} */
  override raiseTagTimes(tags: readonly string[], at: number, keepMs: number): Promise<void> {
    return this.#tags.raise(tags, at, keepMs);
  }

  /** {@inheritDoc SharedTier.readTagTimes} */
  override readTagTimes(tags: readonly string[]): Promise<number[]> {
    return this.#tags.read(tags);
  }

  /** {@inheritDoc SharedTier.close} */
  override close(): Promise<void> {
    return (this.#closing ??= this.#close());
  }

  async #close(): Promise<void> {
    this.#runner.close();
    this.#client.off('ready', this.#onClientReady);
    for (const lease of [...this.#leases]) lease.abandon();
    this.#waiters.loseAll();
    this.#listeners.clear();
    await this.#subscription.close();
  }

  #encode(key: string, record: SharedRecord): Buffer {
    try {
      return this.#codec.encode(record);
    } catch (error) {
      const reason = error instanceof SerializationError ? error.message : String(error);
      throw new SharedTierError('shared-write', 'serialize', reason, { key, cause: error });
    }
  }

  /** A record that decodes and is still usable, else `undefined`. */
  #decode(bytes: Buffer): SharedRecord | undefined {
    const record = this.#codec.decode(bytes);
    return record !== undefined && record.usableUntil > this.#context.now() ? record : undefined;
  }

  #onMessage(channel: string, text: string): void {
    if (channel !== this.#busChannel) {
      this.#waiters.notify(text);
      return;
    }
    const message = this.#bus.decode(text);
    if (message === undefined) {
      const shown = text.length > 80 ? `${text.slice(0, 80)}…` : text;
      this.#listeners.emit(
        'fault',
        new SharedTierError('shared-bus', 'message', `undecodable bus message ${JSON.stringify(shown)}`, {
          key: channel,
        }),
      );
    } else if (message.origin !== this.origin) {
      this.#listeners.emit('message', message);
    }
  }
}
