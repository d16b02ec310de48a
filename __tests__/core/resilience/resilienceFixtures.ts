/**
 * Cached functions of every kind the resilience contract covers (sync and async, `wrap` and
 * `@Cacheable`), controllable promises, and a recording `CacheErrorHandler`, for the stale-window,
 * timeout, fetch-context and scope tests (design/resilience.md).
 *
 * @packageDocumentation
 */
import 'reflect-metadata';
import { injectable } from 'inversify';
import diagnosticsChannel from 'node:diagnostics_channel';
import {
  Cacheable,
  CacheErrorHandler,
  CacheManager,
  CHANNELS,
  createCacheContainer,
  type CacheControls,
  type CacheErrorContext,
  type CacheOptions,
  type RemovalMessage,
  type StaleMessage,
} from '../../../src';

export { T0, useFakeTimeAtT0 } from '../../support/fakeTime';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

/** The four ways a function is cached: `wrap` or `@Cacheable`, sync or async. */
export type Kind = 'wrap sync' | 'wrap async' | '@Cacheable sync' | '@Cacheable async';
export const KINDS: readonly Kind[] = ['wrap sync', 'wrap async', '@Cacheable sync', '@Cacheable async'];
export const SYNC_KINDS: readonly Kind[] = ['wrap sync', '@Cacheable sync'];
export const ASYNC_KINDS: readonly Kind[] = ['wrap async', '@Cacheable async'];
export const isAsync = (kind: Kind): boolean => kind.endsWith('async');

/** What a test's function does on its `n`th run (0-based) for key `k`: a value, a throw, or (async) a promise. */
export type Body = (k: string, n: number) => unknown;

/** One cached function under test: calls through the cache, its controls and its runs. */
export interface Subject {
  /** Calls the cached function (the method of one instance, for `@Cacheable`). */
  call(k: string): unknown;
  /** The controls of that cache (`cacheOf(instance, 'get')` for `@Cacheable`). */
  readonly controls: CacheControls<(k: string) => unknown>;
  /** The keys of every run of the function, in order. */
  readonly runs: string[];
  readonly manager: CacheManager;
}

/** A container whose `CacheErrorHandler` records every report (and prints nothing). */
export function recordingContainer(): {
  container: ReturnType<typeof createCacheContainer>;
  reports: Array<{ error: unknown; context: CacheErrorContext }>;
} {
  const reports: Array<{ error: unknown; context: CacheErrorContext }> = [];
  @injectable()
  class RecordingHandler extends CacheErrorHandler {
    override handle(error: unknown, context: CacheErrorContext): void {
      reports.push({ error, context });
    }
  }
  const container = createCacheContainer();
  container.rebind(CacheErrorHandler).to(RecordingHandler).inSingletonScope();
  return { container, reports };
}

/**
 * Caches `body` as `kind` with `options` in a fresh container whose error handler records. An async
 * kind's function is an `async` function (its `body` may return a promise, which it awaits).
 */
export function subjectOf(
  kind: Kind,
  options: CacheOptions,
  body: Body,
): Subject & { reports: Array<{ error: unknown; context: CacheErrorContext }> } {
  const { container, reports } = recordingContainer();
  const manager = container.get(CacheManager);
  const runs: string[] = [];
  const run = (k: string): unknown => {
    const n = runs.length;
    runs.push(k);
    return body(k, n);
  };
  if (kind === 'wrap sync') {
    const cached = manager.wrap((k: string): unknown => run(k), options as CacheOptions<(k: string) => unknown>);
    return { call: (k) => cached(k), controls: cached, runs, manager, reports };
  }
  if (kind === 'wrap async') {
    const cached = manager.wrap(
      async (k: string): Promise<unknown> => run(k),
      options as CacheOptions<(k: string) => Promise<unknown>>,
    );
    return {
      call: (k) => cached(k),
      controls: cached,
      runs,
      manager,
      reports,
    };
  }
  let instance: { get(k: string): unknown };
  if (kind === '@Cacheable sync') {
    @injectable()
    class SyncService {
      @Cacheable(options)
      get(k: string): unknown {
        return run(k);
      }
    }
    container.bind(SyncService).toSelf().inSingletonScope();
    instance = container.get(SyncService);
  } else {
    @injectable()
    class AsyncService {
      @Cacheable(options)
      async get(k: string): Promise<unknown> {
        return run(k);
      }
    }
    container.bind(AsyncService).toSelf().inSingletonScope();
    instance = container.get(AsyncService);
  }
  return {
    call: (k) => instance.get(k),
    get controls() {
      return manager.cacheOf(instance, 'get') as CacheControls<(k: string) => unknown>;
    },
    runs,
    manager,
    reports,
  };
}

/** The value a call gives: awaited for a promise, returned for a value (a throw or rejection rethrown). */
export async function settle(result: unknown): Promise<unknown> {
  return await result;
}

/** Whether `result` (a value, or a promise of one) has settled after the current microtasks ran. */
export async function settledNow(result: unknown): Promise<boolean> {
  if (!(result instanceof Promise)) return true;
  let settled = false;
  result.then(
    () => (settled = true),
    () => (settled = true),
  );
  await jest.advanceTimersByTimeAsync(0);
  return settled;
}

/** A promise the test settles by hand. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T = unknown>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A promise that never settles (a hung source). */
export const never = (): Promise<never> => new Promise<never>(() => undefined);

/** Runs pending immediates and microtasks without moving the clock. */
export const turn = (): Promise<void> => jest.advanceTimersByTimeAsync(0);

/** Records every message of a diagnostics channel until `stop()`. */
export function listen<M>(name: string): { messages: M[]; stop(): void } {
  const messages: M[] = [];
  const onMessage = (message: unknown): void => {
    messages.push(message as M);
  };
  diagnosticsChannel.subscribe(name, onMessage);
  return { messages, stop: () => diagnosticsChannel.unsubscribe(name, onMessage) };
}

export const listenRemovals = (): { messages: RemovalMessage[]; stop(): void } =>
  listen<RemovalMessage>(CHANNELS.removal);
export const listenStale = (): { messages: StaleMessage[]; stop(): void } => listen<StaleMessage>(CHANNELS.stale);

/**
 * How key `k` of `kind` appears in reports and channel messages: as itself (a decorated method's
 * first instance is keyed as `wrap` keys; the subjects here have one instance).
 */
export function reportedKey(_kind: Kind, k: string): unknown {
  return k;
}
