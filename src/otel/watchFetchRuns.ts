import diagnosticsChannel from 'node:diagnostics_channel';
import { CHANNELS, type FetchTraceContext } from '../core/events/channels';

/** What {@link watchFetchRuns} calls: once when a run starts, once when it settles. @internal */
export interface FetchRunHandlers {
  /** A run started (the `start` event). */
  started(context: FetchTraceContext): void;
  /** The run settled: `failed` when it threw or rejected (`context.error` holds why). */
  settled(context: FetchTraceContext, failed: boolean): void;
}

/** One subscription to the `cachewright:fetch` tracing channel; `stop` unsubscribes. @internal */
export interface FetchRunWatch {
  /** Stops reporting runs that start from now on; runs already started still settle. */
  stopStarting(): void;
  /** Unsubscribes from every event at once. */
  stop(): void;
}

/**
 * Subscribes to the `cachewright:fetch` tracing channel (by its public name, as an APM agent would)
 * and turns its events into one `started` and one `settled` call per run: a run that settled
 * synchronously has `result` or `error` set as an own property of its context at `end`; any other
 * run settles at `asyncEnd` (after `error` when it rejected).
 * @internal
 */
export function watchFetchRuns(handlers: FetchRunHandlers): FetchRunWatch {
  const channel = diagnosticsChannel.tracingChannel<unknown, FetchTraceContext>(CHANNELS.fetch);
  const onStart = (message: unknown): void => handlers.started(message as FetchTraceContext);
  const onEnd = (message: unknown): void => {
    const context = message as FetchTraceContext;
    if (Object.hasOwn(context, 'error')) handlers.settled(context, true);
    else if (Object.hasOwn(context, 'result')) handlers.settled(context, false);
  };
  const onAsyncEnd = (message: unknown): void => {
    const context = message as FetchTraceContext;
    handlers.settled(context, Object.hasOwn(context, 'error'));
  };
  channel.start.subscribe(onStart);
  channel.end.subscribe(onEnd);
  channel.asyncEnd.subscribe(onAsyncEnd);
  let starting = true;
  const stopStarting = (): void => {
    if (!starting) return;
    starting = false;
    channel.start.unsubscribe(onStart);
  };
  return {
    stopStarting,
    stop: () => {
      stopStarting();
      channel.end.unsubscribe(onEnd);
      channel.asyncEnd.unsubscribe(onAsyncEnd);
    },
  };
}
