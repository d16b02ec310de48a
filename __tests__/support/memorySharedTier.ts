/**
 * An in-memory `SharedTier` for the core's unit tests: several tiers on one `MemoryTierHub` behave
 * like several processes on one Redis (records with TTLs, leases that renew themselves, fill
 * notifications, a bus that never delivers to its sender, tag times that only rise). Records go
 * through the real `SharedRecordCodec` + `V8Serializer`, so values come back as copies and a value
 * the serializer cannot encode fails as it would on Redis. Every operation is asynchronous; timers
 * (TTLs are read from the hub's clock; lease renewals and waits use `setTimeout`) follow jest's fake
 * timers when they are installed. It passes `describeSharedTierContract`.
 *
 * @packageDocumentation
 */
import { randomUUID } from 'node:crypto';
import {
  SerializationError,
  SharedLease,
  SharedRecordCodec,
  SharedTier,
  SharedTierError,
  SharedTierUnavailableError,
  V8Serializer,
  type ReceivedBusMessage,
  type SharedBusMessage,
  type SharedFillOutcome,
  type SharedFillWaitOptions,
  type SharedRecord,
  type SharedTierListener,
  type SharedTierOperation,
} from '../../src';

interface Stored {
  readonly value: Buffer | string | number;
  readonly expiresAt: number;
}

/** The "server" several `MemorySharedTier`s share. */
export class MemoryTierHub {
  readonly #data = new Map<string, Stored>();
  readonly tiers = new Set<MemorySharedTier>();
  readonly codec = new SharedRecordCodec(new V8Serializer());
  /** Every command any tier ran, in order: `'GET key'`, `'SET key'`, `'PUBLISH invalidate'`, … */
  readonly log: string[] = [];
  /** When it returns an error for a command, that command fails with it (a fault). */
  failure: ((command: string, key: string | undefined) => Error | undefined) | null = null;
  now: () => number = () => Date.now();

  get(key: string): Stored['value'] | undefined {
    const stored = this.#data.get(key);
    if (stored === undefined) return undefined;
    if (stored.expiresAt <= this.now()) {
      this.#data.delete(key);
      return undefined;
    }
    return stored.value;
  }

  set(key: string, value: Stored['value'], ttlMs: number): void {
    this.#data.set(key, { value, expiresAt: ttlMs === Infinity ? Infinity : this.now() + ttlMs });
  }

  ttl(key: string): number | undefined {
    return this.get(key) === undefined ? undefined : this.#data.get(key)!.expiresAt - this.now();
  }

  delete(key: string): boolean {
    const existed = this.get(key) !== undefined;
    this.#data.delete(key);
    return existed;
  }

  keys(): string[] {
    return [...this.#data.keys()].filter((key) => this.get(key) !== undefined);
  }
}

const LOST: SharedFillOutcome = Object.freeze({ kind: 'lost' });

/** One "process": a tier on the hub. */
export class MemorySharedTier extends SharedTier {
  override readonly origin = randomUUID();
  override readonly namespace: string;
  readonly lockTimeoutMs: number;
  /** Set by a test: the tier is skipped (as an open circuit breaker). */
  skipped = false;
  readonly #hub: MemoryTierHub;
  readonly #listeners = new Set<SharedTierListener>();
  readonly #waiters = new Map<string, Map<(outcome: SharedFillOutcome | Error) => void, number>>();
  readonly #leases = new Set<MemoryLease>();
  #closed = false;

  constructor(hub: MemoryTierHub, options: { namespace?: string; lockTimeoutMs?: number } = {}) {
    super();
    this.#hub = hub;
    this.namespace = options.namespace ?? 'memory';
    this.lockTimeoutMs = options.lockTimeoutMs ?? 5_000;
    hub.tiers.add(this);
  }

  override get available(): boolean {
    return !this.#closed && !this.skipped;
  }

  /** Runs one command: refused when skipped or closed, failed by `hub.failure`, always asynchronous. */
  async command<T>(operation: SharedTierOperation, command: string, key: string | undefined, run: () => T): Promise<T> {
    if (this.#closed) throw new SharedTierUnavailableError(operation, command, 'the tier is closed', Infinity);
    if (this.skipped) throw new SharedTierUnavailableError(operation, command, 'skipped', this.#hub.now() + 1_000);
    await Promise.resolve();
    this.#hub.log.push(key === undefined ? command : `${command} ${key}`);
    const failure = this.#hub.failure?.(command, key);
    if (failure !== undefined) throw new SharedTierError(operation, command, failure.message, { key, cause: failure });
    return run();
  }

  override read(key: string): Promise<SharedRecord | undefined> {
    return this.command('shared-read', 'GET', key, () => this.decode(this.#hub.get(key)));
  }

  /** A stored value as a usable record, or `undefined`. */
  decode(stored: Stored['value'] | undefined): SharedRecord | undefined {
    if (!Buffer.isBuffer(stored)) return undefined;
    const record = this.#hub.codec.decode(stored);
    return record !== undefined && record.usableUntil > this.#hub.now() ? record : undefined;
  }

  /** The bytes of a record, a `shared-write` error when its value cannot be encoded. */
  encode(key: string, record: SharedRecord): Buffer {
    try {
      return this.#hub.codec.encode(record);
    } catch (error) {
      const reason = error instanceof SerializationError ? error.message : String(error);
      throw new SharedTierError('shared-write', 'serialize', reason, { key, cause: error });
    }
  }

  /** Stores a record's bytes under its TTL; false when already unusable. */
  store(key: string, record: SharedRecord, bytes: Buffer): boolean {
    const ttl = record.usableUntil === Infinity ? Infinity : Math.ceil(record.usableUntil - this.#hub.now());
    if (ttl <= 0) return false;
    this.#hub.set(key, bytes, ttl);
    return true;
  }

  override async write(key: string, record: SharedRecord): Promise<boolean> {
    const bytes = this.encode(key, record);
    return this.command('shared-write', 'SET', key, () => this.store(key, record, bytes));
  }

  override delete(keys: readonly string[]): Promise<number> {
    return this.command('shared-write', 'UNLINK', keys.join(' '), () => keys.filter((k) => this.#hub.delete(k)).length);
  }

  override async deletePrefix(prefix: string): Promise<number> {
    if (!prefix.startsWith(`${this.namespace}:`) || prefix.length <= this.namespace.length + 1) {
      throw new SharedTierError('shared-write', 'SCAN', `expected a prefix inside namespace "${this.namespace}:"`, {
        key: prefix,
      });
    }
    return this.command('shared-write', 'SCAN', prefix, () => {
      const doomed = this.#hub.keys().filter((key) => key.startsWith(prefix) && !key.endsWith(':lease'));
      for (const key of doomed) this.#hub.delete(key);
      return doomed.length;
    });
  }

  override acquireLease(key: string): Promise<SharedLease | null> {
    return this.command('shared-lock', 'SET NX PX', `${key}:lease`, () => {
      if (this.#hub.get(`${key}:lease`) !== undefined) return null;
      const token = randomUUID();
      this.#hub.set(`${key}:lease`, token, this.lockTimeoutMs);
      const lease = new MemoryLease(this, this.#hub, key, token);
      this.#leases.add(lease);
      return lease;
    });
  }

  /** A lease ended (filled, failed, released, abandoned). */
  forget(lease: MemoryLease): void {
    this.#leases.delete(lease);
  }

  override async waitForFill(key: string, options: SharedFillWaitOptions = {}): Promise<SharedFillOutcome> {
    if (!this.available) throw new SharedTierUnavailableError('shared-read', 'wait', 'skipped', this.#hub.now());
    const { signal } = options;
    if (signal?.aborted) return { kind: 'aborted', reason: signal.reason as unknown };
    const timeoutMs = Math.max(0, Math.min(options.timeoutMs ?? Infinity, this.lockTimeoutMs));
    return new Promise<SharedFillOutcome>((resolve, reject) => {
      let waiters = this.#waiters.get(key);
      if (waiters === undefined) this.#waiters.set(key, (waiters = new Map()));
      const newerThan = options.newerThan ?? Number.NEGATIVE_INFINITY;
      const done = (outcome: SharedFillOutcome | Error): void => {
        if (!waiters.delete(done)) return;
        if (waiters.size === 0) this.#waiters.delete(key);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      const onAbort = (): void => done({ kind: 'aborted', reason: signal?.reason as unknown });
      const timer = setTimeout(() => done({ kind: 'timeout' }), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      waiters.set(done, newerThan);
      // The re-read after registering: a fill (or a vacancy) since the caller's miss is seen.
      this.command('shared-read', 'EVALSHA peek', key, () => ({
        record: this.decode(this.#hub.get(key)),
        leased: this.#hub.get(`${key}:lease`) !== undefined,
      })).then(
        ({ record, leased }) => {
          if (record !== undefined && record.createdAt > newerThan) done({ kind: 'filled', record });
          else if (!leased) done({ kind: 'vacant' });
        },
        (error: unknown) => done(error as Error),
      );
    });
  }

  /** A fill notification from any tier of the hub: wakes this tier's waiters of `key`. */
  notify(key: string, filled: boolean): void {
    const waiters = this.#waiters.get(key);
    if (waiters === undefined || this.#closed) return;
    if (!filled) {
      for (const done of [...waiters.keys()]) done({ kind: 'failed' });
      return;
    }
    const record = this.decode(this.#hub.get(key));
    for (const [done, newerThan] of [...waiters]) {
      done(record !== undefined && record.createdAt > newerThan ? { kind: 'filled', record } : { kind: 'vacant' });
    }
  }

  override async publish(message: SharedBusMessage): Promise<void> {
    if (!['invalidate', 'replace', 'clear', 'tags'].includes((message as { type?: unknown }).type as string)) {
      throw new SharedTierError('shared-bus', 'PUBLISH', 'unknown message type');
    }
    if (message.type === 'clear' && message.prefix === '')
      throw new SharedTierError('shared-bus', 'PUBLISH', 'empty prefix');
    await this.command('shared-bus', 'PUBLISH', message.type, () => undefined);
    const received = { ...message, origin: this.origin } as ReceivedBusMessage;
    for (const tier of this.#hub.tiers) {
      // Delivered a little later, as over a network (a macrotask, under fake timers too).
      if (tier !== this && tier.namespace === this.namespace) setTimeout(() => tier.emit('message', received), 0);
    }
  }

  override listen(listener: SharedTierListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Hands an event to every listener (a throwing listener is reported to the others' `fault`). */
  emit(event: 'message', message: ReceivedBusMessage): void;
  emit(event: 'reconnect'): void;
  emit(event: 'fault', error: SharedTierError): void;
  emit(event: 'message' | 'reconnect' | 'fault', payload?: unknown): void {
    if (this.#closed) return;
    for (const listener of [...this.#listeners]) {
      try {
        (listener[event] as ((value: unknown) => void) | undefined)?.call(listener, payload);
      } catch (error) {
        if (event !== 'fault')
          this.emit('fault', new SharedTierError('shared-bus', 'listener', String(error), { cause: error }));
      }
    }
  }

  override async raiseTagTimes(tags: readonly string[], at: number, keepMs: number): Promise<void> {
    if (!Number.isFinite(at) || !(keepMs > 0)) {
      throw new SharedTierError('shared-write', 'EVALSHA raise', `invalid time ${at} or keep ${keepMs}`);
    }
    await this.command('shared-write', 'EVALSHA raise', tags.join(' '), () => {
      for (const tag of tags) {
        const key = `${this.namespace}:{${this.namespace}:tags}:${tag}`;
        const known = this.#hub.get(key);
        const ttl = Math.max(this.#hub.ttl(key) ?? 0, keepMs);
        this.#hub.set(key, Math.max(typeof known === 'number' ? known : 0, at), ttl);
      }
    });
  }

  override readTagTimes(tags: readonly string[]): Promise<number[]> {
    return this.command('shared-read', 'MGET', tags.join(' '), () =>
      tags.map((tag) => {
        const known = this.#hub.get(`${this.namespace}:{${this.namespace}:tags}:${tag}`);
        return typeof known === 'number' ? known : 0;
      }),
    );
  }

  override async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const lease of [...this.#leases]) lease.abandon();
    for (const waiters of [...this.#waiters.values()]) for (const done of [...waiters.keys()]) done(LOST);
    this.#listeners.clear();
    this.#hub.tiers.delete(this);
  }
}

/** A lease on the hub: renews itself every half lease until settled. */
class MemoryLease extends SharedLease {
  override readonly key: string;
  readonly #tier: MemorySharedTier;
  readonly #hub: MemoryTierHub;
  readonly #token: string;
  #settled = false;
  #lost = false;
  #expiresAt: number;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(tier: MemorySharedTier, hub: MemoryTierHub, key: string, token: string) {
    super();
    this.#tier = tier;
    this.#hub = hub;
    this.key = key;
    this.#token = token;
    this.#expiresAt = hub.now() + tier.lockTimeoutMs;
    this.#schedule();
  }

  /** As the Redis lease: until settled, found lost on renewal, or past its expiry. */
  override get held(): boolean {
    return !this.#settled && !this.#lost && this.#hub.now() < this.#expiresAt;
  }

  override async fill(record: SharedRecord): Promise<void> {
    if (!this.#settle()) return;
    let bytes: Buffer;
    try {
      bytes = this.#tier.encode(this.key, record);
    } catch (error) {
      await this.#conclude('shared-lock', false).catch(() => undefined);
      throw error;
    }
    await this.#tier.command('shared-write', 'EVALSHA fill', this.key, () => {
      const stored = this.#tier.store(this.key, record, bytes);
      this.#release();
      for (const tier of this.#hub.tiers) tier.notify(this.key, stored);
    });
  }

  override async fail(): Promise<void> {
    if (!this.#settle()) return;
    await this.#conclude('shared-lock', false);
  }

  override async release(): Promise<boolean> {
    if (!this.#settle()) return false;
    return this.#tier.command('shared-lock', 'EVALSHA release', this.key, () => this.#release());
  }

  abandon(): void {
    this.#settle();
  }

  #conclude(operation: SharedTierOperation, filled: boolean): Promise<void> {
    return this.#tier.command(operation, 'EVALSHA fill', this.key, () => {
      this.#release();
      for (const tier of this.#hub.tiers) tier.notify(this.key, filled);
    });
  }

  /** Compare-and-delete. */
  #release(): boolean {
    if (this.#hub.get(`${this.key}:lease`) !== this.#token) return false;
    this.#hub.delete(`${this.key}:lease`);
    return true;
  }

  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    clearTimeout(this.#timer);
    this.#tier.forget(this);
    return true;
  }

  #schedule(): void {
    this.#timer = setTimeout(() => this.#renew(), this.#tier.lockTimeoutMs / 2);
    this.#timer.unref?.();
  }

  #renew(): void {
    if (this.#settled || this.#lost) return;
    if (this.#hub.get(`${this.key}:lease`) !== this.#token) {
      this.#lost = true;
      this.#tier.emit(
        'fault',
        new SharedTierError('shared-lock', 'EVALSHA renew', 'the lease was lost (expired or taken)', { key: this.key }),
      );
      return;
    }
    this.#hub.set(`${this.key}:lease`, this.#token, this.#tier.lockTimeoutMs);
    this.#expiresAt = this.#hub.now() + this.#tier.lockTimeoutMs;
    this.#schedule();
  }
}
