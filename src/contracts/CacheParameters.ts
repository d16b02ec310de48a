import type { ExpirationValue } from './ExpirationValue';
import type {
  CacheIfPredicate,
  DurationValue,
  EvictionOption,
  KeyOption,
  SharedParameters,
  TagsOption,
  WeighFunction,
} from './CacheOptions';

/** The options as passed, with defaults filled in (options whose default is none are `null`). Frozen. */
export interface CacheParameters {
  /** {@inheritDoc CacheOptions.enabled} */
  readonly enabled: boolean;
  /** {@inheritDoc CacheOptions.key} */
  readonly key: KeyOption | null;
  /** {@inheritDoc CacheOptions.maxsize} */
  readonly maxsize: number | null;
  /** {@inheritDoc CacheOptions.eviction} */
  readonly eviction: EvictionOption | null;
  /** {@inheritDoc CacheOptions.maxWeight} */
  readonly maxWeight: number | null;
  /** {@inheritDoc CacheOptions.weigh} */
  readonly weigh: WeighFunction | null;
  /** {@inheritDoc CacheOptions.expiration} */
  readonly expiration: ExpirationValue;
  /** {@inheritDoc CacheOptions.expiredItemsAutoRemovalPeriod} */
  readonly expiredItemsAutoRemovalPeriod: DurationValue | null;
  /** {@inheritDoc CacheOptions.negativeCache} */
  readonly negativeCache: boolean | 'rethrow';
  /** {@inheritDoc CacheOptions.negativeExpiration} */
  readonly negativeExpiration: ExpirationValue;
  /** {@inheritDoc CacheOptions.retryCount} */
  readonly retryCount: number;
  /** {@inheritDoc CacheOptions.backoffInSeconds} */
  readonly backoffInSeconds: number;
  /** {@inheritDoc CacheOptions.wrapAsyncExitStack} */
  readonly wrapAsyncExitStack: boolean | '*' | readonly string[] | null;
  /** {@inheritDoc CacheOptions.exitStackCloseDelay} */
  readonly exitStackCloseDelay: DurationValue | null;
  /** {@inheritDoc CacheOptions.name} */
  readonly name: string | null;
  /** {@inheritDoc CacheOptions.cacheIf} */
  readonly cacheIf: CacheIfPredicate | null;
  /** {@inheritDoc CacheOptions.tags} */
  readonly tags: TagsOption | null;
  /** {@inheritDoc CacheOptions.staleWhileRevalidate} */
  readonly staleWhileRevalidate: DurationValue | null;
  /** {@inheritDoc CacheOptions.staleIfError} */
  readonly staleIfError: DurationValue | null;
  /** {@inheritDoc CacheOptions.staleIfErrorBackoff} */
  readonly staleIfErrorBackoff: DurationValue | null;
  /** {@inheritDoc CacheOptions.timeout} */
  readonly timeout: DurationValue | null;
  /** {@inheritDoc CacheOptions.hardTimeout} */
  readonly hardTimeout: DurationValue | null;
  /**
   * The `shared` option, resolved: `false` for a cache that is not shared, else the `name` and
   * `version` its record keys use (`namespace:name:version:{arguments}`).
   */
  readonly shared: SharedParameters;
}
