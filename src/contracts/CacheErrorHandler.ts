import type { RemovalReason } from './RemovalReason';

/**
 * What failed, for a `CacheErrorHandler`:
 * - `'dispose'`: the disposal of an adopted resource (`reason` says why its entry left);
 * - `'cacheIf'`: the `cacheIf` option threw (the result was returned, not stored);
 * - `'refresh'`: a refresh nobody awaits failed (a stale-while-revalidate refresh), or a fetch failed
 *   and the stale value was served instead (`staleIfError`);
 * - `'weigh'`: the `weigh` option threw or returned something other than a non-negative finite number;
 * - `'shared-read'`, `'shared-write'`, `'shared-lock'`, `'shared-bus'`: the shared tier (reading a
 *   record, writing or deleting one, taking or releasing a lease, the invalidation bus).
 */
export type CacheErrorOperation =
  'dispose' | 'cacheIf' | 'refresh' | 'weigh' | 'shared-read' | 'shared-write' | 'shared-lock' | 'shared-bus';

/** Every `CacheErrorOperation`, as an exhaustive map. */
export const CACHE_ERROR_OPERATIONS: { readonly [K in CacheErrorOperation]: K } = Object.freeze({
  dispose: 'dispose',
  cacheIf: 'cacheIf',
  refresh: 'refresh',
  weigh: 'weigh',
  'shared-read': 'shared-read',
  'shared-write': 'shared-write',
  'shared-lock': 'shared-lock',
  'shared-bus': 'shared-bus',
});

/** Where an error that nobody awaits (a failed disposal, a failed background refresh, …) was raised. */
export interface CacheErrorContext {
  /** What failed. */
  readonly operation: CacheErrorOperation;
  /** The cache key of the entry concerned (`undefined` when no single entry is, e.g. a bus fault). */
  readonly key: unknown;
  /** Why the entry went away: set for `'dispose'` only. */
  readonly reason?: RemovalReason;
  /** The cache's name (the `name` option, `Class.method` or the function's name); absent for `'dispose'`. */
  readonly cache?: string;
}

/**
 * Receives errors that no caller awaits, such as a disposal that threw or a background refresh that
 * failed. A throw from a handler never reaches the cache or a caller. Rebind it to log elsewhere.
 */
export abstract class CacheErrorHandler {
  /** Reports `error`. */
  abstract handle(error: unknown, context: CacheErrorContext): void;
}
