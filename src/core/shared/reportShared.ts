import type { CacheErrorHandler } from '../../contracts/CacheErrorHandler';
import { SharedTierError, type SharedTierOperation } from '../../contracts/errors/SharedTierError';
import { SharedTierUnavailableError } from '../../contracts/errors/SharedTierUnavailableError';

/**
 * Reports a shared-tier failure once to `CacheErrorHandler`, with the error's own operation (a
 * `SharedTierError`'s, else `fallback`). `SharedTierUnavailableError` is never reported: it only
 * says the tier is being skipped, and the failures that opened the breaker were reported as they
 * happened. A throw from the handler never reaches the cache.
 * @internal
 */
export function reportShared(
  handler: CacheErrorHandler,
  error: unknown,
  fallback: SharedTierOperation,
  key: string | undefined,
  cache: string | undefined,
): void {
  if (error instanceof SharedTierUnavailableError) return;
  const operation = error instanceof SharedTierError ? error.operation : fallback;
  try {
    handler.handle(error, cache === undefined ? { operation, key } : { operation, key, cache });
  } catch {
    // A failing handler must never reach the cache or a caller (DESIGN.md §1.1).
  }
}
