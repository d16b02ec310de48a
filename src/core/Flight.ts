import type { CacheKey } from './MethodKey';

/**
 * One execution of the wrapped function for one key, shared by every concurrent caller.
 * `promise` is null while the function's synchronous part runs.
 * @internal
 */
export class Flight {
  promise: Promise<unknown> | null = null;
  /** Releases the flight's hold on re-entry tracking (async functions); idempotent. */
  release: () => void = noop;

  constructor(
    readonly key: CacheKey,
    readonly generation: number,
  ) {}
}

function noop(): void {
  // Sync flights hold nothing to release.
}
