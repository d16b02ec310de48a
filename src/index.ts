/**
 * cachewright: memoize sync and async functions and methods, every behaviour an Inversify binding.
 * @packageDocumentation
 */

// Entry points
export { CacheManager } from './api/CacheManager';
export { Cacheable } from './api/Cacheable';
export {
  defaultCacheManager,
  attachCacheManager,
  cacheOf,
  clearAll,
  clearAllSync,
  awaitDisposals,
  cancelDisposals,
} from './api/defaultCacheManager';
export { CacheModule } from './container/CacheModule';
export { createCacheContainer } from './container/createCacheContainer';
export { Key, SINGLE_KEY } from './strategies/Key';
export { DEFAULT_CACHE_OPTIONS } from './api/options/DEFAULT_CACHE_OPTIONS';
export { REMOVAL_REASONS } from './api/types';

// Tokens
export { Clock } from './api/Clock';
export { CacheErrorHandler } from './api/CacheErrorHandler';
export { KeyStrategy } from './strategies/KeyStrategy';
export { KeyStrategyFactory } from './strategies/KeyStrategyFactory';
export { ExpirationPolicy } from './policies/expiration/ExpirationPolicy';
export { ExpirationPolicyFactory } from './policies/expiration/ExpirationPolicyFactory';
export { EvictionPolicy } from './policies/eviction/EvictionPolicy';
export { RetryPolicy } from './policies/retry/RetryPolicy';
export { ResourceLifecycle } from './policies/lifecycle/ResourceLifecycle';

// Built-in implementations
export { SystemClock } from './api/SystemClock';
export { CoarseClock } from './api/CoarseClock';
export { WarningCacheErrorHandler } from './api/WarningCacheErrorHandler';
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
export { ExponentialBackoffRetry } from './policies/retry/ExponentialBackoffRetry';
export { NoRetry } from './policies/retry/NoRetry';
export { DisposableResourceLifecycle } from './policies/lifecycle/DisposableResourceLifecycle';

// Parsers
export { parseDuration } from './policies/expiration/parsing/parseDuration';
export { parseDateTime } from './policies/expiration/parsing/parseDateTime';
export { parseDate } from './policies/expiration/parsing/parseDate';
export { parseTime } from './policies/expiration/parsing/parseTime';

// Errors
export { CachewrightError } from './api/errors/CachewrightError';
export { InvalidCacheConfigError } from './api/errors/InvalidCacheConfigError';
export { InvalidExpirationError } from './api/errors/InvalidExpirationError';
export { DurationParseError } from './api/errors/DurationParseError';
export { DateTimeParseError } from './api/errors/DateTimeParseError';
export { ExtractionError } from './api/errors/ExtractionError';
export { DisposalTimeoutError } from './api/errors/DisposalTimeoutError';
export { KeyEncodingError } from './api/errors/KeyEncodingError';
export { ReentrantCallError } from './api/errors/ReentrantCallError';

// Types
export type {
  CacheOptions,
  CachedFunction,
  CacheControls,
  CacheInfo,
  CacheParameters,
  CachedItem,
  ExpirationValue,
  ExpirationCallback,
  TimeOfDayValue,
  RemovalReason,
  DurationValue,
  KeyOption,
  ControlResult,
  WithError,
} from './api/types';
export type { EvictionTable } from './policies/eviction/EvictionTable';
export type { KeyCall } from './strategies/KeyStrategy';
export type { KeyStrategyContext } from './strategies/KeyStrategyFactory';
export type { ExpirationContext } from './policies/expiration/ExpirationPolicyFactory';
export type { CacheErrorContext } from './api/CacheErrorHandler';
export type { CacheManagerDependencies, Wrappable } from './api/CacheManager';
export type { InvalidOption } from './api/errors/InvalidCacheConfigError';
export type { SingleKey } from './strategies/Key';
export type { MethodDecoratorFn } from './api/Cacheable';
export type { TableKey } from './strategies/encoding/encodeKey';
export type { TimeOfDayFields } from './policies/expiration/TimeOfDayExpiration';
