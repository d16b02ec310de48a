import type { RemovalReason } from './RemovalReason';

/** Where an error that nobody awaits (a failed disposal) was raised. */
export interface CacheErrorContext {
  /** What failed: the disposal of an adopted resource. */
  readonly operation: 'dispose';
  /** The cache key of the entry. */
  readonly key: unknown;
  /** Why the entry went away. */
  readonly reason: RemovalReason;
}

/**
 * Receives errors that no caller awaits, such as a disposal that threw. A throw from a handler never
 * reaches the cache or a caller. Rebind it to log elsewhere.
 */
export abstract class CacheErrorHandler {
  /** Reports `error`. */
  abstract handle(error: unknown, context: CacheErrorContext): void;
}
