import { AsyncLocalStorage } from 'node:async_hooks';
import type { CacheScopeOptions } from '../../contracts/CacheScopeOptions';
import { InvalidCacheConfigError, type InvalidOption } from '../../contracts/errors/InvalidCacheConfigError';

/** The options in force inside a `withCacheScope` callback (merged with the enclosing scopes'). @internal */
export interface ActiveScope {
  readonly signal: AbortSignal | undefined;
  readonly forceRefresh: boolean;
  readonly bypass: boolean;
  /** `forceRefresh || bypass`: a hit may not be answered from the table. */
  readonly skipsEntries: boolean;
}

/** Something whose `scoped` flag turns on once any scope has been entered in the process. @internal */
export interface ScopeWatcher {
  scoped: boolean;
}

const scopes = new AsyncLocalStorage<ActiveScope>();
/** Watchers made before the first scope, held weakly until then. */
let watchers: Set<WeakRef<ScopeWatcher>> | null = new Set();
let inUse = false;

/**
 * Switches `watcher.scoped` on when the first `withCacheScope` runs (at once if one already has).
 * Until then a cache reads no `AsyncLocalStorage` on any path: scopes cost nothing to a process
 * that never enters one.
 * @internal
 */
export function watchScopes(watcher: ScopeWatcher): void {
  if (watchers === null) {
    watcher.scoped = true;
    return;
  }
  if (watchers.size > 0 && watchers.size % 256 === 0) {
    for (const ref of watchers) if (ref.deref() === undefined) watchers.delete(ref);
  }
  watchers.add(new WeakRef(watcher));
}

/** The scope of the current call, or `undefined` outside every scope. @internal */
export function currentScope(): ActiveScope | undefined {
  return inUse ? scopes.getStore() : undefined;
}

/** Runs `fn` outside every scope (a fetch runs outside its caller's scope). @internal */
export function outsideScope<T>(fn: () => T): T {
  return inUse && scopes.getStore() !== undefined ? scopes.exit(fn) : fn();
}

/**
 * Runs `callback` and returns what it returns; every cached call made in it (synchronously or after
 * awaits in its async context) obeys `options`:
 * - `signal`: when it aborts, the call stops waiting and rejects with `signal.reason` (the shared
 *   fetch goes on for its other callers); an already-aborted signal rejects at once, starting nothing
 *   (a fresh hit still answers: it waits for nothing);
 * - `forceRefresh`: skip the stored entry, join a flight in progress or start one, store and return
 *   its result (as `refresh`);
 * - `bypass`: call the function directly, reading and storing nothing (as `wrapped`).
 *
 * Nested scopes: the innermost one's options win, option by option. A fetch runs outside its
 * caller's scope. Entering the first scope of the process enables an `AsyncLocalStorage`; from
 * then on a hit costs one `AsyncLocalStorage` read more.
 * @example
 * ```ts
 * const user = await withCacheScope({ signal: req.signal, forceRefresh: true }, () => users.getUser('42'));
 * ```
 * @throws {@link InvalidCacheConfigError} (context `withCacheScope`) naming every bad argument and
 *   its value: `options` not an object, `signal` not an `AbortSignal`, `forceRefresh` or `bypass` not
 *   a boolean, `callback` not a function.
 */
export function withCacheScope<T>(options: CacheScopeOptions, callback: () => T): T {
  const problems: InvalidOption[] = [];
  const scope = resolveScope(options, scopes.getStore(), problems);
  if (typeof callback !== 'function') problems.push({ option: 'callback', value: callback, expected: 'a function' });
  if (problems.length > 0 || scope === undefined) {
    throw new InvalidCacheConfigError(problems, { context: 'withCacheScope' });
  }
  if (!inUse) {
    inUse = true;
    const waiting = watchers;
    watchers = null;
    if (waiting !== null) {
      for (const ref of waiting) {
        const watcher = ref.deref();
        if (watcher !== undefined) watcher.scoped = true;
      }
    }
  }
  return scopes.run(scope, callback);
}

/** The scope `options` make inside `outer`; `undefined` (with `problems` reported) when they are bad. */
function resolveScope(
  options: CacheScopeOptions,
  outer: ActiveScope | undefined,
  problems: InvalidOption[],
): ActiveScope | undefined {
  if (options === null || typeof options !== 'object') {
    problems.push({ option: 'options', value: options, expected: 'an object { signal?, forceRefresh?, bypass? }' });
    return undefined;
  }
  const { signal, forceRefresh, bypass } = options;
  const before = problems.length;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    problems.push({ option: 'signal', value: signal, expected: 'an AbortSignal or undefined' });
  }
  if (forceRefresh !== undefined && typeof forceRefresh !== 'boolean') {
    problems.push({ option: 'forceRefresh', value: forceRefresh, expected: 'a boolean or undefined' });
  }
  if (bypass !== undefined && typeof bypass !== 'boolean') {
    problems.push({ option: 'bypass', value: bypass, expected: 'a boolean or undefined' });
  }
  if (problems.length > before) return undefined;
  const force = forceRefresh ?? outer?.forceRefresh ?? false;
  const skip = bypass ?? outer?.bypass ?? false;
  return Object.freeze({
    signal: signal ?? outer?.signal,
    forceRefresh: force,
    bypass: skip,
    skipsEntries: force || skip,
  });
}
