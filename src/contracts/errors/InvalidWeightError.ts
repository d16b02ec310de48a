import { CachewrightError } from './CachewrightError';
import { formatValue } from './formatValue';

/**
 * The `weigh` option returned something other than a non-negative finite number for a result. It is
 * reported to `CacheErrorHandler` (operation `'weigh'`), never thrown to a caller: the caller gets
 * the result, which is not stored.
 */
export class InvalidWeightError extends CachewrightError {
  override readonly code = 'E_INVALID_WEIGHT' as const;
  /** The cache's name. */
  readonly cache: string;
  /** The cache key of the result. */
  readonly key: unknown;
  /** What `weigh` returned. */
  readonly weight: unknown;

  constructor(cache: string, key: unknown, weight: unknown) {
    super(
      `${cache}: weigh returned ${formatValue(weight)} for key ${formatValue(key)} (expected a non-negative finite number); the result was not stored`,
    );
    this.cache = cache;
    this.key = key;
    this.weight = weight;
  }
}
