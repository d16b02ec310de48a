import { SharedTierError } from '../contracts/errors/SharedTierError';
import type { RedisConnection } from './RedisConnection';

/** The life of the tier's subscription. */
export type SubscriptionState = 'connecting' | 'up' | 'down' | 'closed';

/** What the subscription tells the tier. @internal */
export interface SubscriptionEvents {
  /** A message on one of the channels. */
  message(channel: string, text: string): void;
  /** The channels are subscribed (`again`: after a drop, so messages may have been missed). */
  up(again: boolean): void;
  /** The subscription dropped or could not be made; `error` is reported once per outage. */
  down(error: SharedTierError): void;
}

/**
 * The tier's always-on subscription to its namespace's bus and fill channels, on one subscriber
 * connection. Tracks whether it is live: a drop (the connection closes) is reported once, and the
 * next `ready` of the connection resubscribes and reports the recovery, so the caches can clear
 * what they may have missed. On a `Cluster` subscriber, ioredis moves a subscription to another
 * node silently when its node leaves: a `-node` event counts as a recovery after a possible gap.
 * @internal
 */
export class RedisSubscription {
  readonly #subscriber: RedisConnection;
  readonly #owned: boolean;
  readonly #channels: readonly string[];
  readonly #events: SubscriptionEvents;
  readonly #timeoutMs: number;
  #state: SubscriptionState = 'connecting';
  #everUp = false;
  #lastError: unknown = undefined;
  #waiters: Array<(up: boolean) => void> = [];
  readonly #handlers: Record<string, (...args: never[]) => void>;

  constructor(
    subscriber: RedisConnection,
    owned: boolean,
    channels: readonly string[],
    events: SubscriptionEvents,
    timeoutMs: number,
  ) {
    this.#subscriber = subscriber;
    this.#owned = owned;
    this.#channels = channels;
    this.#events = events;
    this.#timeoutMs = timeoutMs;
    this.#handlers = {
      message: (channel: string, text: string) => {
        if (this.#state !== 'closed' && this.#channels.includes(channel)) this.#events.message(channel, text);
      },
      ready: () => {
        if (this.#state === 'down') this.#subscribe();
      },
      error: (error: unknown) => {
        this.#lastError = error;
      },
      close: () => this.#drop(),
      end: () => this.#drop(),
      '-node': () => {
        if (this.#state === 'up') this.#events.up(true);
      },
    };
  }

  /** Where the subscription stands. */
  get state(): SubscriptionState {
    return this.#state;
  }

  /** Attaches the listeners and subscribes. */
  start(): void {
    for (const [event, handler] of Object.entries(this.#handlers)) {
      if (event !== '-node' || this.#subscriber.isCluster) this.#subscriber.on(event, handler);
    }
    this.#subscribe();
  }

  /** Resolves true once subscribed, false if the subscription is down or closed first. */
  whenUp(): Promise<boolean> {
    if (this.#state === 'up') return Promise.resolve(true);
    if (this.#state !== 'connecting') return Promise.resolve(false);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Unsubscribes (a subscriber it was given) or closes (the one it made); detaches its listeners. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#setState('closed');
    for (const [event, handler] of Object.entries(this.#handlers)) this.#subscriber.off(event, handler);
    if (this.#owned && this.#subscriber.status !== 'ready') {
      dropConnection(this.#subscriber); // still connecting or reconnecting: nothing to quit politely
      return;
    }
    const ending = this.#owned ? this.#subscriber.quit() : this.#subscriber.unsubscribe(...this.#channels);
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      ending.then(
        () => true,
        () => true,
      ),
      new Promise<boolean>((resolve) => (timer = setTimeout(resolve, this.#timeoutMs, false)).unref()),
    ]);
    clearTimeout(timer);
    // A QUIT that went unanswered: drop the connection (after a QUIT that was answered, a disconnect
    // would only leave ioredis's 2 s socket-end timer behind).
    if (this.#owned && !ended) dropConnection(this.#subscriber);
  }

  #subscribe(): void {
    const again = this.#everUp;
    this.#subscriber.subscribe(...this.#channels).then(
      () => {
        if (this.#state === 'closed') return;
        this.#everUp = true;
        this.#lastError = undefined;
        this.#setState('up');
        this.#events.up(again);
      },
      (error: unknown) => {
        if (this.#state === 'closed' || this.#state === 'down') return;
        this.#setState('down');
        this.#events.down(
          new SharedTierError('shared-bus', 'SUBSCRIBE', `cannot subscribe to ${this.#channels.join(', ')}`, {
            cause: error,
          }),
        );
      },
    );
  }

  #drop(): void {
    if (this.#state !== 'up') return;
    this.#setState('down');
    const cause = this.#lastError;
    const reason = cause instanceof Error ? cause.message : 'connection closed';
    this.#events.down(
      new SharedTierError('shared-bus', 'SUBSCRIBE', `the subscriber connection dropped (${reason})`, { cause }),
    );
  }

  #setState(state: SubscriptionState): void {
    this.#state = state;
    if (state === 'connecting') return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve(state === 'up');
  }
}

/**
 * Disconnects a connection the tier made, leaving nothing behind: ioredis ends the socket and keeps a
 * ref'd 2 s timer until the socket's `close` event, which never comes for a socket already closed (a
 * client waiting to reconnect to a dead server) or one a stopped server never answers. So a closed
 * socket's `close` is signalled again (clearing that timer), and a live one is destroyed.
 */
function dropConnection(connection: RedisConnection): void {
  const stream = connection.stream;
  connection.disconnect();
  if (stream === undefined) return;
  if (stream.destroyed) stream.emit('close');
  else stream.destroy();
}
