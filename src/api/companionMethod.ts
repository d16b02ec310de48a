import { InvalidCacheConfigError, type InvalidOption } from '../contracts/errors/InvalidCacheConfigError';
import type { AnyMethod } from '../contracts/CompanionOptions';
import type { CacheCore, EntryTarget } from '../core/CacheCore';
import { METHOD_DEFINITION, MethodDefinition } from '../core/MethodDefinition';
import { isThenable } from '../core/thenable';
import { markWrapper } from '../util/originalFunction';
import { classNameOf, copyFunctionMetadata, managerOf } from './methodDecoration';

/**
 * What `@CacheEvict` and `@CachePut` share: reading and checking their options, finding the target
 * method's cache for an instance, and the replacement method that runs their work around the
 * decorated one.
 * @packageDocumentation
 * @internal
 */

/** The cache of the target method for one instance: its core and the instance's entry target. @internal */
export interface TargetCache {
  readonly core: CacheCore;
  readonly entry: EntryTarget;
}

/**
 * What a companion does for one call, decided before the decorated method runs: a `pending` piece of
 * work already started (an eviction before invocation) and what to do once it succeeded.
 * @internal
 */
export interface CompanionRun {
  /** Work started before the method ran, which an async method waits for. */
  readonly pending: Promise<unknown> | undefined;
  /**
   * Work once the method succeeded: `value` is its result (the fulfilled value when it returned a
   * promise), `raw` what it returned. Its promise, if any, is awaited by an async method.
   */
  readonly finish: ((value: unknown, raw: unknown) => Promise<unknown> | undefined) | null;
}

/** Starts a companion's work for one call of the decorated method (before it runs). @internal */
export type CompanionStart = (self: unknown, args: unknown[]) => CompanionRun;

/**
 * A snapshot of a decorator's options: its own enumerable properties, checked against `known`.
 * @throws {@link InvalidCacheConfigError} when `options` is not an object or cannot be read.
 * @internal
 */
export function readCompanionOptions(
  options: unknown,
  known: readonly string[],
  context: string,
  bad: (problem: InvalidOption) => void,
): Record<string, unknown> {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidCacheConfigError([{ option: 'options', value: options, expected: 'an options object' }], {
      context,
    });
  }
  const snapshot: Record<string, unknown> = {};
  try {
    for (const name of Object.keys(options)) snapshot[name] = (options as Record<string, unknown>)[name];
  } catch (error) {
    throw new InvalidCacheConfigError(
      [{ option: 'options', value: options, expected: 'an options object whose properties can be read' }],
      { context, cause: error },
    );
  }
  for (const name of Object.keys(snapshot)) {
    if (!known.includes(name))
      bad({ option: name, value: snapshot[name], expected: `a known option (${known.join(', ')})` });
  }
  return snapshot;
}

/**
 * Checks the `method` option against the class being defined: a string or symbol naming a method of
 * it (own or inherited; not a getter or field). Reports into `bad` and returns `null` otherwise.
 * @internal
 */
export function checkMethodName(
  value: unknown,
  target: object,
  bad: (problem: InvalidOption) => void,
): string | symbol | null {
  const expected = `the name of a method of ${classNameOf(target)}`;
  if (typeof value !== 'string' && typeof value !== 'symbol') {
    bad({ option: 'method', value, expected });
    return null;
  }
  const stop = typeof target === 'function' ? Function.prototype : Object.prototype;
  for (
    let holder: object | null = target;
    holder !== null && holder !== stop;
    holder = Object.getPrototypeOf(holder) as object | null
  ) {
    const descriptor = Object.getOwnPropertyDescriptor(holder, value);
    if (descriptor === undefined) continue;
    if (typeof descriptor.value === 'function') return value;
    break;
  }
  bad({ option: 'method', value, expected });
  return null;
}

/**
 * Checks an `args` option: `null` when absent, else a function. Reports into `bad`.
 * @internal
 */
export function checkArgsOption(value: unknown, bad: (problem: InvalidOption) => void): AnyMethod | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'function') return value as AnyMethod;
  bad({ option: 'args', value, expected: "a function of the decorated method's arguments returning an array" });
  return null;
}

/**
 * The target method's arguments for one call: what `args` returns (called with the instance as
 * `this`), or the decorated method's own.
 * @throws {@link InvalidCacheConfigError} when `args` returns something other than an array.
 * @internal
 */
export function targetArgs(args: AnyMethod | null, self: unknown, own: unknown[], context: string): readonly unknown[] {
  if (args === null) return own;
  const produced: unknown = (args as (...a: unknown[]) => unknown).apply(self, own);
  if (Array.isArray(produced)) return produced;
  throw new InvalidCacheConfigError(
    [
      {
        option: 'args',
        value: produced,
        expected: "the args function to return an array of the target method's arguments",
      },
    ],
    { context },
  );
}

/**
 * The cache of `self[method]` in `self`'s manager, with `self`'s entry target: what a call
 * `self[method](…)` uses.
 * @throws {@link InvalidCacheConfigError} when `self[method]` is not a `@Cacheable` method (known only
 *   at the first call: decorators run in declaration order) or there is no instance.
 * @internal
 */
export function targetCache(self: unknown, method: string | symbol, context: string): TargetCache {
  if (self === null || (typeof self !== 'object' && typeof self !== 'function')) {
    throw new InvalidCacheConfigError(
      [{ option: 'this', value: self, expected: 'an instance: call the decorated method on one' }],
      { context },
    );
  }
  const member = (self as Record<string | symbol, unknown>)[method];
  const definition =
    typeof member === 'function' ? (member as unknown as Record<symbol, unknown>)[METHOD_DEFINITION] : undefined;
  if (!(definition instanceof MethodDefinition)) {
    throw new InvalidCacheConfigError(
      [
        {
          option: 'method',
          value: method,
          expected: `the name of a @Cacheable method (${String(method)} of ${classNameOf(self)} is not cached)`,
        },
      ],
      { context },
    );
  }
  const core = managerOf(self).methodCore(definition);
  return { core, entry: { thisArg: self, binding: definition.bindingOf(self, core) } };
}

/**
 * Replaces `descriptor.value` (`inner`, the method as the decorators below left it) with a method
 * that runs `start` before it and the run's `finish` after it succeeds. An async method stays an
 * `AsyncFunction` whose promise settles after the companion's work; a sync one stays sync (when it
 * returns a promise, the work runs once it fulfils and the caller gets a promise that settles after).
 * The replacement keeps `inner`'s name, length, own properties (a `@Cacheable` method's controls)
 * and reflect-metadata.
 * @internal
 */
export function installCompanion(
  descriptor: PropertyDescriptor,
  inner: AnyMethod,
  async: boolean,
  start: CompanionStart,
): void {
  const call = inner as (...args: unknown[]) => unknown;
  const replacement = async
    ? async function companionMethod(this: unknown, ...args: unknown[]): Promise<unknown> {
        const run = start(this, args);
        const value: unknown =
          run.pending === undefined
            ? await call.apply(this, args)
            : (await Promise.all([run.pending, call.apply(this, args)]))[1];
        if (run.finish !== null) await run.finish(value, value);
        return value;
      }
    : function companionMethod(this: unknown, ...args: unknown[]): unknown {
        const run = start(this, args);
        const result = call.apply(this, args);
        const finish = run.finish;
        if (finish === null) return result;
        if (isThenable(result)) {
          return Promise.resolve(result).then(async (value) => {
            await finish(value, result);
            return value;
          });
        }
        // Sync work: what it may return is a promise that never rejects (disposals report their own).
        void finish(result, result);
        return result;
      };
  for (const [name, property] of Object.entries(Object.getOwnPropertyDescriptors(inner))) {
    if (name === 'prototype' || name === 'arguments' || name === 'caller') continue;
    Object.defineProperty(replacement, name, property);
  }
  for (const symbol of Object.getOwnPropertySymbols(inner)) {
    Object.defineProperty(replacement, symbol, Object.getOwnPropertyDescriptor(inner, symbol)!);
  }
  markWrapper(replacement, inner);
  copyFunctionMetadata(inner, replacement);
  descriptor.value = replacement;
}
