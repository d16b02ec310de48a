import { SharedTierError } from '../contracts/errors/SharedTierError';
import type { SharedRecord } from '../policies/shared/SharedRecord';
import { sharedLeaseKey } from '../policies/shared/sharedKeys';
import type { SharedFillOutcome, SharedFillWaitOptions } from '../policies/shared/types';
import type { RedisSubscription } from './RedisSubscription';
import type { RedisTierContext } from './RedisTierContext';
import { PEEK_SCRIPT } from './scripts';

/** One pending wait: settles with an outcome or fails with a read error. */
interface Waiter {
  /** Records created at or before this instant do not count as a fill (`SharedFillWaitOptions.newerThan`). */
  readonly newerThan: number;
  settle(outcome: SharedFillOutcome): void;
  fail(error: SharedTierError): void;
}

const FAILED: SharedFillOutcome = Object.freeze({ kind: 'failed' });
const VACANT: SharedFillOutcome = Object.freeze({ kind: 'vacant' });
const TIMEOUT: SharedFillOutcome = Object.freeze({ kind: 'timeout' });
const LOST: SharedFillOutcome = Object.freeze({ kind: 'lost' });

/**
 * The waits for fill notifications of one tier. Notifications arrive on the namespace's fill
 * channel, which the tier's subscription holds all the time (so no per-key subscribe can race a
 * notification); each wait is a local listener on its key. After registering, a wait reads the
 * record and the lease once more (one atomic script): a fill or failure that happened between the
 * caller's miss and the registration is seen there. A notification for a key with several local
 * waits reads the record once for all of them.
 * @internal
 */
export class RedisFillWaiters {
  readonly #byKey = new Map<string, Set<Waiter>>();
  readonly #context: RedisTierContext;
  readonly #subscription: RedisSubscription;
  readonly #read: (key: string) => Promise<SharedRecord | undefined>;
  readonly #decode: (bytes: Buffer) => SharedRecord | undefined;

  constructor(
    context: RedisTierContext,
    subscription: RedisSubscription,
    read: (key: string) => Promise<SharedRecord | undefined>,
    decode: (bytes: Buffer) => SharedRecord | undefined,
  ) {
    this.#context = context;
    this.#subscription = subscription;
    this.#read = read;
    this.#decode = decode;
  }

  /** How many waits are pending (all keys). */
  get size(): number {
    let size = 0;
    for (const waiters of this.#byKey.values()) size += waiters.size;
    return size;
  }

  /** {@inheritDoc SharedTier.waitForFill} */
  wait(key: string, options: SharedFillWaitOptions = {}): Promise<SharedFillOutcome> {
    const { signal } = options;
    if (signal?.aborted) return Promise.resolve({ kind: 'aborted', reason: signal.reason as unknown });
    const timeoutMs = Math.max(0, Math.min(options.timeoutMs ?? Infinity, this.#context.lockTimeoutMs));
    return new Promise<SharedFillOutcome>((resolve, reject) => {
      let done = false;
      const finish = (): boolean => {
        if (done) return false;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const waiters = this.#byKey.get(key);
        waiters?.delete(waiter);
        if (waiters?.size === 0) this.#byKey.delete(key);
        return true;
      };
      const waiter: Waiter = {
        newerThan: options.newerThan ?? Number.NEGATIVE_INFINITY,
        settle: (outcome) => finish() && resolve(outcome),
        fail: (error) => finish() && reject(error),
      };
      const onAbort = (): void => waiter.settle({ kind: 'aborted', reason: signal?.reason as unknown });
      // A caller awaits this timer, so it is ref'd like any awaited sleep.
      const timer = setTimeout(() => waiter.settle(TIMEOUT), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      let waiters = this.#byKey.get(key);
      if (waiters === undefined) this.#byKey.set(key, (waiters = new Set()));
      waiters.add(waiter);
      void this.#subscription.whenUp().then((up) => (up ? this.#peek(key, waiter) : waiter.settle(LOST)));
    });
  }

  /** Handles a message on the fill channel: `1<key>` filled, `0<key>` failed. */
  notify(text: string): void {
    const key = text.slice(1);
    const waiters = this.#byKey.get(key);
    if (waiters === undefined) return;
    if (text.charCodeAt(0) !== 49 /* '1' */) {
      for (const waiter of [...waiters]) waiter.settle(FAILED);
      return;
    }
    this.#read(key).then(
      (record) => {
        for (const waiter of [...waiters]) waiter.settle(fillOf(record, waiter) ?? VACANT);
      },
      (error: unknown) => {
        const failure = asSharedTierError(error, key);
        for (const waiter of [...waiters]) waiter.fail(failure);
      },
    );
  }

  /** Ends every pending wait with `lost` (the subscription dropped, or the tier closed). */
  loseAll(): void {
    for (const waiters of [...this.#byKey.values()]) for (const waiter of [...waiters]) waiter.settle(LOST);
  }

  /** The re-read after registering: a record ends the wait, so does a key with no lease any more. */
  #peek(key: string, waiter: Waiter): void {
    const { runner, connection } = this.#context;
    const leaseKey = sharedLeaseKey(key);
    runner
      .run('shared-read', 'EVALSHA peek', key, () => PEEK_SCRIPT.runBuffer(connection, [key, leaseKey], []))
      .then(
        (reply) => {
          const [bytes, leased] = Array.isArray(reply) ? (reply as [unknown, unknown]) : [null, 0];
          const filled = fillOf(Buffer.isBuffer(bytes) ? this.#decode(bytes) : undefined, waiter);
          if (filled !== undefined) waiter.settle(filled);
          else if (leased !== 1) waiter.settle(VACANT);
        },
        (error: unknown) => waiter.fail(asSharedTierError(error, key)),
      );
  }
}

/** The `filled` outcome of `record` for `waiter`, unless it is missing or not newer than the waiter has seen. */
function fillOf(record: SharedRecord | undefined, waiter: Waiter): SharedFillOutcome | undefined {
  return record !== undefined && record.createdAt > waiter.newerThan ? { kind: 'filled', record } : undefined;
}

/** The runner rejects with `SharedTierError`s only; anything else is wrapped all the same. */
function asSharedTierError(error: unknown, key: string): SharedTierError {
  return error instanceof SharedTierError
    ? error
    : new SharedTierError('shared-read', 'read', String(error), { key, cause: error });
}
