import type { CacheErrorOperation } from '../CacheErrorHandler';
import { CachewrightError } from './CachewrightError';
import { formatValue } from './formatValue';

/**
 * What a shared-tier operation was for, as the cache reports it to `CacheErrorHandler`
 * (design/shared-tier.md "Faults"): reading records or tag times (`'shared-read'`), writing or
 * deleting them (`'shared-write'`), the per-key lease (`'shared-lock'`) and the invalidation bus
 * (`'shared-bus'`).
 */
export type SharedTierOperation = Extract<CacheErrorOperation, `shared-${string}`>;

/** Every {@link SharedTierOperation}, as an exhaustive map. */
export const SHARED_TIER_OPERATIONS: { readonly [K in SharedTierOperation]: K } = Object.freeze({
  'shared-read': 'shared-read',
  'shared-write': 'shared-write',
  'shared-lock': 'shared-lock',
  'shared-bus': 'shared-bus',
});

/**
 * A shared-tier operation failed: Redis answered with an error, the connection is gone, or the
 * value could not be encoded (then `cause` is a `SerializationError`). Every rejection of a
 * `SharedTier` member is one of these (or a subclass), so the cache reports it with
 * `error.operation` and carries on with its memory tier only.
 */
export class SharedTierError extends CachewrightError {
  override readonly code: `E_${string}` = 'E_SHARED_TIER';
  /** What the failed call was for. */
  readonly operation: SharedTierOperation;
  /** The command or step that failed, e.g. `GET`, `SET NX PX`, `SCAN`, `serialize`. */
  readonly command: string;
  /** The Redis key or channel the command addressed, when there is one. */
  readonly key: string | undefined;

  constructor(
    operation: SharedTierOperation,
    command: string,
    reason: string,
    options?: ErrorOptions & { key?: string },
  ) {
    super(
      `${operation}: ${command}${options?.key === undefined ? '' : ` ${formatValue(options.key)}`} failed: ${reason}`,
      options,
    );
    this.operation = operation;
    this.command = command;
    this.key = options?.key;
  }
}
