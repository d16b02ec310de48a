import { InvalidCacheConfigError } from '../../contracts/errors/InvalidCacheConfigError';
import { InvalidExpirationError } from '../../contracts/errors/InvalidExpirationError';
import type { CacheParameters } from '../../contracts/CacheParameters';
import type { EvictionPolicy } from '../../contracts/EvictionPolicy';
import { Key } from '../../contracts/Key';
import { KeyStrategy } from '../../contracts/KeyStrategy';
import type { ExpirationPolicyFactory } from '../../policies/expiration/ExpirationPolicyFactory';
import type { ExpirationPolicy } from '../../contracts/ExpirationPolicy';
import type { AdoptionFunction } from '../../policies/lifecycle/adoptResources';
import { compileTags, type TagsOf } from './compileTags';
import { CACHE_OPTION_NAMES } from './DEFAULT_CACHE_OPTIONS';
import { OptionReader, isInteger } from './OptionReader';
import { DURATION_FORM, durationToMs } from './resolveDuration';
import { resolveLifecycleOptions } from './resolveLifecycleOptions';
import { resolveResilienceOptions } from './resolveResilienceOptions';
import { resolveSharedOption, type ResolvedShared } from './resolveSharedOption';
import { resolveSizeOptions } from './resolveSizeOptions';

/** What the options are validated against. @internal */
export interface OptionsContext {
  /** The wrapped function's kind (DESIGN.md §2). */
  readonly async: boolean;
  /** Names the function or `Class.method` in error messages. */
  readonly where: string;
  /** The factory that must understand `expiration` and `negativeExpiration`. */
  readonly expirationFactory: ExpirationPolicyFactory;
  /** The function or method (tag templates read its parameter names). */
  readonly fn: (...args: never[]) => unknown;
  /** True for a decorated method (`{this…}` in tag templates). */
  readonly isMethod: boolean;
}

/** The validated options, with everything that can be computed once computed. @internal */
export interface ResolvedCacheOptions {
  readonly parameters: CacheParameters;
  /** The `eviction` option as a policy; `null`: the container's `EvictionPolicy` binding. */
  readonly eviction: EvictionPolicy | null;
  /** `weigh`, called with the result and the call's arguments (its return unchecked); `null` without a weight bound. */
  readonly weigh: ((result: unknown, args: readonly unknown[]) => unknown) | null;
  readonly expiration: ExpirationPolicy;
  readonly negativeExpiration: ExpirationPolicy;
  readonly autoRemovalPeriodMs: number | null;
  readonly closeDelayMs: number | null;
  readonly adoption: AdoptionFunction | null;
  /** `cacheIf`, called with the result and the call's arguments. */
  readonly cacheIf: ((result: unknown, args: readonly unknown[]) => boolean) | null;
  /** The tags of a call (`tags`), or `null`. */
  readonly tagsOf: TagsOf | null;
  readonly staleWhileRevalidateMs: number | null;
  readonly staleIfErrorMs: number | null;
  /** Set (default 10 s) whenever `staleIfError` is. */
  readonly staleIfErrorBackoffMs: number | null;
  readonly timeoutMs: number | null;
  readonly hardTimeoutMs: number | null;
  /** The record-key segments of a shared cache (`shared`), or `null`. */
  readonly shared: ResolvedShared | null;
}

/**
 * Validates `options` once, at wrap or decoration time, fills in the defaults (DESIGN.md §3) and
 * builds the expiration policies through `context.expirationFactory`. Each option group has its
 * resolver (`resolveSizeOptions`, `resolveLifecycleOptions`, `resolveResilienceOptions`,
 * `resolveSharedOption`); every problem they find is collected, so one error lists them all.
 * @throws {@link InvalidExpirationError} when the expiration is the only bad option.
 * @throws {@link InvalidCacheConfigError} listing every bad option otherwise.
 * @internal
 */
export function resolveCacheOptions(options: unknown, context: OptionsContext): ResolvedCacheOptions {
  if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) {
    throw new InvalidCacheConfigError([{ option: 'options', value: options, expected: 'an options object' }], {
      context: context.where,
    });
  }
  const reader = new OptionReader(readOptions(options, context.where));
  const { given, problems } = reader;
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(CACHE_OPTION_NAMES, name)) {
      reader.bad(name, given[name], `a known option (${Object.keys(CACHE_OPTION_NAMES).join(', ')})`);
    }
  }

  const enabled = reader.pick('enabled');
  if (typeof enabled !== 'boolean') reader.bad('enabled', enabled, 'a boolean');

  const key = reader.orNull('key');
  if (
    key !== null &&
    typeof key !== 'string' &&
    typeof key !== 'function' &&
    key !== Key.SINGLE_KEY &&
    !isKeyStrategy(key)
  ) {
    reader.bad('key', key, 'a template string, Key.SINGLE_KEY, a key function or a KeyStrategy');
  }

  const size = resolveSizeOptions(reader);

  let expirationError: InvalidExpirationError | undefined;
  const expirationValue = reader.pick('expiration');
  const negativeExpirationValue = reader.pick('negativeExpiration');
  const policyFor = (option: 'expiration' | 'negativeExpiration', value: unknown): ExpirationPolicy | undefined => {
    try {
      return context.expirationFactory.create(value as CacheParameters['expiration'], { async: context.async });
    } catch (error) {
      const expected =
        error instanceof InvalidExpirationError
          ? error.expected
          : `an expiration value the bound ExpirationPolicyFactory accepts (${error instanceof Error ? error.message : String(error)})`;
      expirationError ??= new InvalidExpirationError(value, expected, { option, context: context.where, cause: error });
      reader.bad(option, value, expected);
      return undefined;
    }
  };
  const expiration = policyFor('expiration', expirationValue);
  const negativeExpiration = policyFor('negativeExpiration', negativeExpirationValue);

  const autoRemoval = reader.orNull('expiredItemsAutoRemovalPeriod');
  let autoRemovalPeriodMs: number | null = null;
  if (autoRemoval !== null) {
    const ms = durationToMs(autoRemoval);
    if (ms === undefined) reader.bad('expiredItemsAutoRemovalPeriod', autoRemoval, DURATION_FORM);
    else autoRemovalPeriodMs = ms;
  }

  const negativeCache = reader.pick('negativeCache');
  if (negativeCache !== true && negativeCache !== false && negativeCache !== 'rethrow') {
    reader.bad('negativeCache', negativeCache, "true, false or 'rethrow'");
  }

  const retryCount = reader.pick('retryCount');
  if (!(isInteger(retryCount) && retryCount >= 0)) reader.bad('retryCount', retryCount, 'an integer >= 0');

  const backoff = reader.pick('backoffInSeconds');
  if (!(typeof backoff === 'number' && Number.isFinite(backoff) && backoff >= 0)) {
    reader.bad('backoffInSeconds', backoff, 'a finite number of seconds >= 0');
  }

  const lifecycle = resolveLifecycleOptions(reader, context);

  const name = reader.orNull('name');
  if (name !== null && !(typeof name === 'string' && name.length > 0)) {
    reader.bad('name', name, 'a non-empty string or null');
  }

  const cacheIfOption = reader.orNull('cacheIf');
  let cacheIf: ResolvedCacheOptions['cacheIf'] = null;
  if (cacheIfOption !== null) {
    if (typeof cacheIfOption !== 'function') {
      reader.bad('cacheIf', cacheIfOption, 'a function (result, ...args) => boolean, or null');
    } else {
      const predicate = cacheIfOption as (result: unknown, ...args: unknown[]) => unknown;
      cacheIf = (result, args) => predicate(result, ...args) === true;
    }
  }

  const tags = reader.orNull('tags');
  const tagsOf =
    tags === null ? null : compileTags(tags, context.fn, context.isMethod, (problem) => problems.push(problem));

  const resilience = resolveResilienceOptions(reader, context);
  const shared = resolveSharedOption(
    given.shared,
    {
      async: context.async,
      where: context.where,
      isMethod: context.isMethod,
      name: given.name,
      wrapAsyncExitStack: given.wrapAsyncExitStack,
      expiration: expirationValue,
      expirationPolicy: expiration,
    },
    problems,
  );

  if (problems.length > 0) {
    if (expirationError !== undefined && problems.length === 1) throw expirationError;
    throw new InvalidCacheConfigError(problems, { context: context.where });
  }

  const parameters: CacheParameters = Object.freeze({
    enabled,
    key,
    maxsize: reader.orNull('maxsize'),
    eviction: reader.orNull('eviction'),
    maxWeight: reader.orNull('maxWeight'),
    weigh: reader.orNull('weigh'),
    expiration: expirationValue,
    expiredItemsAutoRemovalPeriod: autoRemoval,
    negativeCache,
    negativeExpiration: negativeExpirationValue,
    retryCount,
    backoffInSeconds: backoff,
    wrapAsyncExitStack: reader.orNull('wrapAsyncExitStack'),
    exitStackCloseDelay: reader.orNull('exitStackCloseDelay'),
    name,
    cacheIf: cacheIfOption,
    tags,
    staleWhileRevalidate: reader.orNull('staleWhileRevalidate'),
    staleIfError: reader.orNull('staleIfError'),
    staleIfErrorBackoff: resilience.staleIfErrorBackoff,
    timeout: reader.orNull('timeout'),
    hardTimeout: reader.orNull('hardTimeout'),
    shared: shared.parameters,
  });
  return Object.freeze({
    parameters,
    eviction: size.eviction,
    weigh: size.weigh,
    expiration: expiration!,
    negativeExpiration: negativeExpiration!,
    autoRemovalPeriodMs,
    closeDelayMs: lifecycle.closeDelayMs,
    adoption: lifecycle.adoption,
    cacheIf,
    tagsOf,
    staleWhileRevalidateMs: resilience.staleWhileRevalidateMs,
    staleIfErrorMs: resilience.staleIfErrorMs,
    staleIfErrorBackoffMs: resilience.staleIfErrorBackoffMs,
    timeoutMs: resilience.timeoutMs,
    hardTimeoutMs: resilience.hardTimeoutMs,
    shared: shared.resolved,
  });
}

/**
 * A plain snapshot of the options' own enumerable properties, read once: an options object whose
 * getters (or Proxy traps) throw is a configuration error, not a crash.
 */
function readOptions(options: object | null | undefined, where: string): Record<string, unknown> {
  const snapshot: Record<string, unknown> = {};
  if (options === null || options === undefined) return snapshot;
  try {
    for (const name of Object.keys(options)) snapshot[name] = (options as Record<string, unknown>)[name];
  } catch (error) {
    throw new InvalidCacheConfigError(
      [{ option: 'options', value: options, expected: 'an options object whose properties can be read' }],
      { context: where, cause: error },
    );
  }
  return snapshot;
}

/** `instanceof KeyStrategy`, false (not a throw) for a Proxy whose traps throw. */
function isKeyStrategy(value: unknown): boolean {
  try {
    return value instanceof KeyStrategy;
  } catch {
    // A value whose prototype cannot even be read is certainly no KeyStrategy: report it as a bad key.
    return false;
  }
}
