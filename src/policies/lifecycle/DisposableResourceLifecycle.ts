import { injectable } from 'inversify';
import type { RemovalReason } from '../../contracts/RemovalReason';
import { ResourceLifecycle } from './ResourceLifecycle';

/** `Symbol.asyncDispose`, or the registry symbol Node 20 uses when the global one is missing. */
const ASYNC_DISPOSE: symbol = Symbol.asyncDispose ?? Symbol.for('nodejs.asyncDispose');
/** `Symbol.dispose`, or the registry symbol Node 20 uses when the global one is missing. */
const DISPOSE: symbol = Symbol.dispose ?? Symbol.for('nodejs.dispose');

/** The disposal methods recognised, in order of preference: the first one present is called. */
const DISPOSAL_METHODS: readonly PropertyKey[] = Object.freeze([
  ASYNC_DISPOSE,
  DISPOSE,
  'close',
  'quit',
  'end',
  'destroy',
  'disconnect',
]);

/**
 * The default `ResourceLifecycle` (DESIGN.md §7). A value is disposable when it is an object or
 * function with a `Symbol.asyncDispose`, `Symbol.dispose`, `close`, `quit`, `end`, `destroy` or
 * `disconnect` method (own or inherited); `dispose` calls the first of these, in that order, with
 * the value as `this`, so ioredis gets `quit` (not `disconnect`), undici's `Pool`/`Agent` get
 * `close` (not `destroy`) and pg's `Pool` gets `end`. A property getter that throws counts as
 * absent.
 *
 * @example
 * ```ts
 * const lifecycle = new DisposableResourceLifecycle();
 * lifecycle.isDisposable(new Redis());      // true
 * await lifecycle.dispose(pool, 'evicted'); // pool.end()
 * ```
 */
@injectable()
export class DisposableResourceLifecycle extends ResourceLifecycle {
  /** {@inheritDoc ResourceLifecycle.isDisposable} */
  override isDisposable(value: unknown): boolean {
    return findDisposalMethod(value) !== undefined;
  }

  /**
   * Calls the value's first disposal method (see the class notes) with the value as `this`. Returns
   * a promise that settles with that method's result when it returns a thenable, else `undefined`.
   * A value with no disposal method is left alone (returns `undefined`); a method that throws
   * throws here.
   */
  override dispose(value: unknown, _reason: RemovalReason): void | Promise<void> {
    const method = findDisposalMethod(value);
    if (method === undefined) return undefined;
    const result: unknown = method.call(value);
    if (isThenable(result)) return Promise.resolve(result).then(ignoreResult);
    return undefined;
  }
}

function findDisposalMethod(value: unknown): ((this: unknown) => unknown) | undefined {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return undefined;
  const holder = value as Record<PropertyKey, unknown>;
  for (const name of DISPOSAL_METHODS) {
    let candidate: unknown;
    try {
      candidate = holder[name];
    } catch {
      // A getter that throws cannot give us a method: treat the name as absent and try the next.
      continue;
    }
    if (typeof candidate === 'function') return candidate as (this: unknown) => unknown;
  }
  return undefined;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function ignoreResult(): void {
  // The disposal's resolved value carries no meaning for the cache.
}
