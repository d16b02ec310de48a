/** What `withCacheScope(options, callback)` changes for every cached call made inside `callback`. */
export interface CacheScopeOptions {
  /**
   * When it aborts, the calls of this scope stop waiting: each rejects with `signal.reason`. A shared
   * fetch goes on for its other callers (its own signal aborts once every waiting caller has left).
   * An already-aborted signal rejects at once without starting a fetch (a fresh hit, which waits for
   * nothing, still answers).
   * @defaultValue `undefined` (callers wait until the fetch settles or their `hardTimeout`)
   */
  readonly signal?: AbortSignal;
  /**
   * Skip the stored entry: join a flight in progress or start one, store and return its result
   * (as `refresh`).
   * @defaultValue `undefined` (inherited from an enclosing scope, else `false`)
   */
  readonly forceRefresh?: boolean;
  /**
   * Call the function directly: nothing read, nothing stored (as `wrapped`).
   * @defaultValue `undefined` (inherited from an enclosing scope, else `false`)
   */
  readonly bypass?: boolean;
}
