/**
 * Recording cachewright's `node:diagnostics_channel` events, and timing runs on jest's fake clock,
 * for the statistics, events and OpenTelemetry tests.
 *
 * @packageDocumentation
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import { CHANNELS, type FetchTraceContext, type RemovalMessage, type StaleMessage } from '../../src';

/** One event seen on a channel: which one, and a copy of its message as it was when published. */
export type RecordedEvent =
  | { readonly channel: 'start' | 'end' | 'asyncStart' | 'asyncEnd' | 'error'; readonly message: FetchTraceContext }
  | { readonly channel: 'removal'; readonly message: RemovalMessage }
  | { readonly channel: 'stale'; readonly message: StaleMessage };

/** What {@link recordChannels} returns: the events so far, in order, and the unsubscribe. */
export interface ChannelRecorder {
  readonly events: RecordedEvent[];
  /** The fetch events only, as `[channel, attempt]` pairs. */
  fetchEvents(): Array<[string, number]>;
  /** The fetch contexts published on one of the tracing channel's events (`'start'`: one per run). */
  fetchMessages(channel: 'start' | 'end' | 'asyncStart' | 'asyncEnd' | 'error'): FetchTraceContext[];
  /** The removal messages' reasons, in order. */
  removals(): string[];
  /** The stale messages' causes, in order. */
  staleCauses(): string[];
  stop(): void;
}

const FETCH_EVENTS = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'] as const;

/**
 * Subscribes to every cachewright channel (the fetch tracing channel's five, removal and stale)
 * and records each message of a cache whose name `accept`s, copied at publication (the fetch context
 * is one object mutated along the run). The channels are process-wide: a test file filters by name to
 * ignore work other files left running in its jest worker. Call `stop()` (an `afterEach`) to unsubscribe.
 */
export function recordChannels(accept: (cache: string) => boolean = () => true): ChannelRecorder {
  const events: RecordedEvent[] = [];
  const tracing = diagnosticsChannel.tracingChannel<unknown, FetchTraceContext>(CHANNELS.fetch);
  const handlers = Object.fromEntries(
    FETCH_EVENTS.map((channel) => [
      channel,
      (message: FetchTraceContext): void => {
        if (accept(message.cache)) events.push({ channel, message: { ...message } });
      },
    ]),
  ) as Record<(typeof FETCH_EVENTS)[number], (message: FetchTraceContext) => void>;
  tracing.subscribe(handlers);
  const onRemoval = (message: unknown): void => {
    const removal = message as RemovalMessage;
    if (accept(removal.cache)) events.push({ channel: 'removal', message: { ...removal } });
  };
  const onStale = (message: unknown): void => {
    const stale = message as StaleMessage;
    if (accept(stale.cache)) events.push({ channel: 'stale', message: { ...stale } });
  };
  diagnosticsChannel.subscribe(CHANNELS.removal, onRemoval);
  diagnosticsChannel.subscribe(CHANNELS.stale, onStale);
  return {
    events,
    fetchEvents: () =>
      events.flatMap((event) =>
        event.channel === 'removal' || event.channel === 'stale'
          ? []
          : [[event.channel, event.message.attempt] as [string, number]],
      ),
    fetchMessages: (channel) => events.flatMap((event) => (event.channel === channel ? [event.message] : [])),
    removals: () => events.flatMap((event) => (event.channel === 'removal' ? [event.message.reason] : [])),
    staleCauses: () => events.flatMap((event) => (event.channel === 'stale' ? [event.message.cause] : [])),
    stop: () => {
      tracing.unsubscribe(handlers);
      diagnosticsChannel.unsubscribe(CHANNELS.removal, onRemoval);
      diagnosticsChannel.unsubscribe(CHANNELS.stale, onStale);
    },
  };
}

/**
 * Makes `performance.now()` (node:perf_hooks, which jest's fake timers leave real) follow the fake
 * `Date.now()`, so run times are exact in fake time. Restored by `jest.restoreAllMocks()`.
 */
export function timeRunsOnFakeClock(): void {
  const origin = Date.now();
  jest.spyOn(performance, 'now').mockImplementation(() => Date.now() - origin);
}

/** Lets pending promise callbacks run without moving the fake clock. */
export const flush = (): Promise<void> => jest.advanceTimersByTimeAsync(0);

/** A promise settled `ms` fake milliseconds from now by `outcome` (its value, or its throw). */
export function after<T>(ms: number, outcome: () => T): Promise<T> {
  return new Promise((resolve, reject) =>
    setTimeout(() => {
      try {
        resolve(outcome());
      } catch (error) {
        reject(error);
      }
    }, ms),
  );
}
