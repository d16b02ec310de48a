/**
 * cachewright: memoize sync and async functions and methods, every behaviour an Inversify binding.
 *
 * The main entry point, on the top floor of `src/`: rooms import one way, from `api/` down through
 * `container/`, `core/`, `policies/`, `strategies/` and `util/` to `contracts/` (src/README.md).
 * @packageDocumentation
 * @module cachewright
 */

// Entry points
export { CacheManager } from './core/CacheManager';
export { Cacheable } from './api/Cacheable';
export { CacheEvict } from './api/CacheEvict';
export { CachePut } from './api/CachePut';
export {
  defaultCacheManager,
  attachCacheManager,
  cacheOf,
  clearAll,
  clearAllSync,
  awaitDisposals,
  cancelDisposals,
  invalidateTags,
} from './api/defaultCacheManager';
export { withCacheScope } from './core/scope/cacheScope';
export { fetchContext } from './core/fetchContext';
export { CHANNELS } from './core/events/channels';
export { CacheModule } from './container/CacheModule';
export { createCacheContainer } from './container/createCacheContainer';
export { Key, SINGLE_KEY } from './contracts/Key';
export { DEFAULT_CACHE_OPTIONS } from './core/options/DEFAULT_CACHE_OPTIONS';
export { REMOVAL_REASONS } from './contracts/RemovalReason';
export { CACHE_ERROR_OPERATIONS } from './contracts/CacheErrorHandler';

// Tokens
export { Clock } from './contracts/Clock';
export { CacheErrorHandler } from './contracts/CacheErrorHandler';
export { KeyStrategy } from './contracts/KeyStrategy';
export { KeyStrategyFactory } from './strategies/KeyStrategyFactory';
export { ExpirationPolicy } from './contracts/ExpirationPolicy';
export { ExpirationPolicyFactory } from './policies/expiration/ExpirationPolicyFactory';
export { EvictionPolicy } from './contracts/EvictionPolicy';
export { RetryPolicy } from './policies/retry/RetryPolicy';
export { ResourceLifecycle } from './policies/lifecycle/ResourceLifecycle';
export { SharedTier } from './policies/shared/SharedTier';
export { SharedLease } from './policies/shared/SharedLease';
export { Serializer } from './policies/shared/Serializer';

// Built-in implementations
export { SystemClock } from './policies/clock/SystemClock';
export { CoarseClock } from './policies/clock/CoarseClock';
export { WarningCacheErrorHandler } from './policies/reporting/WarningCacheErrorHandler';
export { DefaultKeyStrategy } from './strategies/DefaultKeyStrategy';
export { DefaultKeyStrategyFactory } from './strategies/DefaultKeyStrategyFactory';
export { TemplateKeyStrategy } from './strategies/TemplateKeyStrategy';
export { SingleKeyStrategy } from './strategies/SingleKeyStrategy';
export { FunctionKeyStrategy } from './strategies/FunctionKeyStrategy';
export { DefaultExpirationPolicyFactory } from './policies/expiration/DefaultExpirationPolicyFactory';
export { NeverExpiration } from './policies/expiration/NeverExpiration';
export { AlwaysExpiration } from './policies/expiration/AlwaysExpiration';
export { RefreshIntervalExpiration } from './policies/expiration/RefreshIntervalExpiration';
export { DeadlineExpiration } from './policies/expiration/DeadlineExpiration';
export { TimeOfDayExpiration } from './policies/expiration/TimeOfDayExpiration';
export { DataPointerExpiration } from './policies/expiration/DataPointerExpiration';
export { CallbackExpiration } from './policies/expiration/CallbackExpiration';
export { LeastRecentlyUsedEviction } from './policies/eviction/LeastRecentlyUsedEviction';
export { UnboundedEviction } from './policies/eviction/UnboundedEviction';
export { WindowTinyLfuEviction } from './policies/eviction/WindowTinyLfuEviction';
export { ExponentialBackoffRetry } from './policies/retry/ExponentialBackoffRetry';
export { NoRetry } from './policies/retry/NoRetry';
export { DisposableResourceLifecycle } from './policies/lifecycle/DisposableResourceLifecycle';
export { V8Serializer } from './policies/shared/V8Serializer';
export { JsonSerializer } from './policies/shared/JsonSerializer';
export { SharedRecordCodec } from './policies/shared/SharedRecordCodec';
export { sharedKeyPrefix, sharedRecordKey, sharedHashTag, sharedLeaseKey } from './policies/shared/sharedKeys';
export { SHARED_BUS_MESSAGE_TYPES } from './policies/shared/types';

// Parsers
export { parseDuration } from './policies/expiration/parsing/parseDuration';
export { parseDateTime } from './policies/expiration/parsing/parseDateTime';
export { parseDate } from './policies/expiration/parsing/parseDate';
export { parseTime } from './policies/expiration/parsing/parseTime';

// Errors
export { CachewrightError } from './contracts/errors/CachewrightError';
export { InvalidCacheConfigError } from './contracts/errors/InvalidCacheConfigError';
export { InvalidExpirationError } from './contracts/errors/InvalidExpirationError';
export { DurationParseError } from './contracts/errors/DurationParseError';
export { DateTimeParseError } from './contracts/errors/DateTimeParseError';
export { ExtractionError } from './contracts/errors/ExtractionError';
export { DisposalTimeoutError } from './contracts/errors/DisposalTimeoutError';
export { KeyEncodingError } from './contracts/errors/KeyEncodingError';
export { ReentrantCallError } from './contracts/errors/ReentrantCallError';
export { FetchTimeoutError } from './contracts/errors/FetchTimeoutError';
export { SharedTierError, SHARED_TIER_OPERATIONS } from './contracts/errors/SharedTierError';
export { SharedTierTimeoutError } from './contracts/errors/SharedTierTimeoutError';
export { SharedTierUnavailableError } from './contracts/errors/SharedTierUnavailableError';
export { SerializationError } from './contracts/errors/SerializationError';
export { InvalidWeightError } from './contracts/errors/InvalidWeightError';

// Types
export type {
  CacheOptions,
  DurationValue,
  KeyOption,
  ResultOf,
  ArgsOf,
  CacheIfPredicate,
  EvictionOption,
  WeighFunction,
  TagsFunction,
  TagsOption,
  SharedOption,
  SharedParameters,
} from './contracts/CacheOptions';
export type { CacheParameters } from './contracts/CacheParameters';
export type {
  CachedFunction,
  CacheControls,
  CacheInfo,
  ControlResult,
  ControlReturn,
  ReturnOf,
  SetValue,
  WithError,
} from './contracts/CacheControls';
export type {
  AnyMethod,
  ArgsMapper,
  CacheEvictCheck,
  CacheEvictDecorator,
  CacheEvictOptions,
  CachePutCheck,
  CachePutDecorator,
  CachePutOptions,
  CompanionMisfit,
  DecoratedArgsFit,
  ParamsOf,
  TargetArgsFit,
} from './contracts/CompanionOptions';
export type { CacheStats, SharedCacheStats } from './contracts/CacheStats';
export type { FetchContext } from './contracts/FetchContext';
export type { CacheScopeOptions } from './contracts/CacheScopeOptions';
export type { FetchTraceContext, RemovalMessage, StaleMessage, StaleCause } from './core/events/channels';
export type { CachedItem } from './contracts/CachedItem';
export type { ExpirationValue, ExpirationCallback, TimeOfDayValue } from './contracts/ExpirationValue';
export type { RemovalReason } from './contracts/RemovalReason';
export type { EvictionTable } from './contracts/EvictionTable';
export type { WindowTinyLfuOptions } from './policies/eviction/WindowTinyLfuTable';
export type { KeyCall } from './contracts/KeyStrategy';
export type { KeyStrategyContext } from './strategies/KeyStrategyFactory';
export type { ExpirationContext } from './policies/expiration/ExpirationPolicyFactory';
export type { CacheErrorContext, CacheErrorOperation } from './contracts/CacheErrorHandler';
export type { CacheManagerDependencies, Wrappable, MethodName } from './core/CacheManager';
export type { InvalidOption } from './contracts/errors/InvalidCacheConfigError';
export type { SingleKey } from './contracts/Key';
export type { MethodDecoratorFn } from './api/Cacheable';
export type { TableKey } from './strategies/encoding/encodeKey';
export type { TimeOfDayFields } from './policies/expiration/TimeOfDayExpiration';
export type { SharedRecord } from './policies/shared/SharedRecord';
export type {
  SharedBusMessage,
  SharedBusMessageType,
  ReceivedBusMessage,
  SharedFillOutcome,
  SharedFillOutcomeKind,
  SharedFillWaitOptions,
  SharedTierListener,
} from './policies/shared/types';
export type { SharedTierOperation } from './contracts/errors/SharedTierError';
