import 'reflect-metadata';
import { runInThisContext } from 'node:vm';
import { injectable } from 'inversify';
import type { Container } from 'inversify';
import {
  CacheErrorHandler,
  CacheManager,
  DisposableResourceLifecycle,
  ResourceLifecycle,
  createCacheContainer,
  type CacheErrorContext,
  type RemovalReason,
} from '../../../src';

/** How a fake resource is disposed: the protocol DESIGN.md §7 recognises. */
export type DisposalProtocol = 'asyncDispose' | 'dispose' | 'close' | 'quit' | 'end' | 'destroy' | 'disconnect';

/** What the disposal method does when called. */
export type DisposalBehaviour = 'sync' | 'async' | 'throw' | 'reject' | 'deferred' | 'throwValue';

/** A fake client: records every disposal call; `deferred` ones settle when the test says so. */
export interface FakeResource {
  readonly name: string;
  /** Names of the disposal methods called, in order. */
  readonly calls: string[];
  /** Settles a `deferred` disposal. */
  finish(): void;
  /** True once a disposal method has run to its end (an async one: resolved). */
  readonly closed: boolean;
  [key: string | symbol]: unknown;
}

/** The real `setImmediate`, captured before any test installs fake timers. */
const realSetImmediate = setImmediate;

/** Waits one real macrotask turn (fake timers or not): enough for Node to report unhandled rejections. */
export function nextMacrotask(): Promise<void> {
  return new Promise<void>((resolve) => realSetImmediate(resolve));
}

const ASYNC_DISPOSE: symbol = Symbol.asyncDispose ?? Symbol.for('nodejs.asyncDispose');
const DISPOSE: symbol = Symbol.dispose ?? Symbol.for('nodejs.dispose');

const METHOD_KEYS: { readonly [P in DisposalProtocol]: PropertyKey } = {
  asyncDispose: ASYNC_DISPOSE,
  dispose: DISPOSE,
  close: 'close',
  quit: 'quit',
  end: 'end',
  destroy: 'destroy',
  disconnect: 'disconnect',
};

/** Builds a fake resource disposed through `protocol`, behaving as `behaviour` when disposed. */
export function fakeResource(
  name: string,
  protocol: DisposalProtocol = 'close',
  behaviour: DisposalBehaviour = 'sync',
): FakeResource {
  const calls: string[] = [];
  let closed = false;
  let release: () => void = () => undefined;
  const resource: FakeResource = {
    name,
    calls,
    finish: () => release(),
    get closed() {
      return closed;
    },
  };
  resource[METHOD_KEYS[protocol]] = function disposeFake(this: unknown): unknown {
    if (this !== resource) throw new Error(`${name}: disposal method called with a foreign this`);
    calls.push(protocol);
    switch (behaviour) {
      case 'sync':
        closed = true;
        return undefined;
      case 'async':
        return Promise.resolve().then(() => {
          closed = true;
        });
      case 'throw':
        throw new Error(`${name} failed to ${protocol}`);
      case 'throwValue': {
        const notAnError: unknown = 42;
        throw notAnError;
      }
      case 'reject':
        return Promise.reject(new Error(`${name} failed to ${protocol} asynchronously`));
      case 'deferred':
        return new Promise<void>((resolve) => {
          release = () => {
            closed = true;
            resolve();
          };
        });
    }
  };
  return resource;
}

/** One call of `ResourceLifecycle.dispose` as the recording lifecycle saw it. */
export interface DisposalRecord {
  readonly value: unknown;
  readonly reason: RemovalReason;
}

/** The default lifecycle, recording each disposal and its reason before running it. */
@injectable()
export class RecordingResourceLifecycle extends DisposableResourceLifecycle {
  readonly disposals: DisposalRecord[] = [];

  override dispose(value: unknown, reason: RemovalReason): void | Promise<void> {
    this.disposals.push({ value, reason });
    return super.dispose(value, reason);
  }

  /** The reasons recorded for `value`, in order. */
  reasonsOf(value: unknown): RemovalReason[] {
    return this.disposals.filter((record) => record.value === value).map((record) => record.reason);
  }
}

/** A `CacheErrorHandler` that keeps what it is given. */
@injectable()
export class RecordingCacheErrorHandler extends CacheErrorHandler {
  readonly errors: Array<{ error: unknown; context: CacheErrorContext }> = [];

  override handle(error: unknown, context: CacheErrorContext): void {
    this.errors.push({ error, context });
  }
}

/** A container with the recording lifecycle and error handler bound, and its manager. */
export interface LifecycleFixture {
  readonly container: Container;
  readonly manager: CacheManager;
  readonly lifecycle: RecordingResourceLifecycle;
  /** The bound `CacheErrorHandler`. */
  readonly handler: CacheErrorHandler;
  /** What the recording handler received (empty when another handler is bound). */
  readonly errors: RecordingCacheErrorHandler['errors'];
}

/**
 * Builds a {@link LifecycleFixture}: the recording lifecycle, and `errorHandler` bound as the
 * `CacheErrorHandler` (`'default'` keeps `WarningCacheErrorHandler`).
 */
export function lifecycleFixture(
  errorHandler: (new () => CacheErrorHandler) | 'default' = RecordingCacheErrorHandler,
): LifecycleFixture {
  const container = createCacheContainer();
  container.rebind(ResourceLifecycle).to(RecordingResourceLifecycle).inSingletonScope();
  if (errorHandler !== 'default') container.rebind(CacheErrorHandler).to(errorHandler).inSingletonScope();
  const manager = container.get(CacheManager);
  const handler = container.get(CacheErrorHandler);
  return {
    container,
    manager,
    lifecycle: container.get(ResourceLifecycle) as RecordingResourceLifecycle,
    handler,
    errors: handler instanceof RecordingCacheErrorHandler ? handler.errors : [],
  };
}

/** Lets pending promise callbacks run (several microtask turns) without moving fake time. */
export async function flushPromises(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve();
}

/** Fake timers that leave `nextTick` and `queueMicrotask` real, so promise plumbing runs normally. */
export function useLifecycleFakeTimers(): void {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
}

/** For a `beforeEach`: installs {@link useLifecycleFakeTimers}, then builds a default {@link lifecycleFixture}. */
export function startLifecycleTest(): LifecycleFixture {
  useLifecycleFakeTimers();
  return lifecycleFixture();
}

/** For the matching `afterEach`: unbinds the fixture's container (disposing what it holds), then restores real timers. */
export async function endLifecycleTest(fixture: LifecycleFixture): Promise<void> {
  await fixture.container.unbindAllAsync();
  jest.useRealTimers();
}

/**
 * The Node `process` itself. Jest gives each test file a copy of `process` whose listeners never
 * hear the real process's events, so an `unhandledRejection` listener must go on the real one.
 */
const realProcess = runInThisContext('process') as NodeJS.Process;

/** Records every unhandled rejection (on the real process) while installed; `stop()` in `afterEach`. */
export function recordUnhandledRejections(): { readonly reasons: unknown[]; stop(): void } {
  const reasons: unknown[] = [];
  const listener = (reason: unknown): void => {
    reasons.push(reason);
  };
  realProcess.on('unhandledRejection', listener);
  return { reasons, stop: () => realProcess.off('unhandledRejection', listener) };
}

/** An async loader that makes a new value per call with `make`, keeping every value it made. */
export function resourceLoader<T>(make: (key: string, index: number) => T): {
  readonly load: (key: string) => Promise<T>;
  readonly made: T[];
} {
  const made: T[] = [];
  return {
    made,
    load: async (key: string): Promise<T> => {
      const value = make(key, made.length);
      made.push(value);
      return value;
    },
  };
}

/** A fetch the test settles by hand. */
export interface PendingFetch<T> {
  readonly key: string;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** An async loader whose calls wait until the test settles them (`pending`, in call order). */
export function deferredLoader<T>(): {
  readonly load: (key: string) => Promise<T>;
  readonly pending: PendingFetch<T>[];
} {
  const pending: PendingFetch<T>[] = [];
  return {
    pending,
    load: async (key: string): Promise<T> =>
      await new Promise<T>((resolve, reject) => {
        pending.push({ key, resolve, reject });
      }),
  };
}
