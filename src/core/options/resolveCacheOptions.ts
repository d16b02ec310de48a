import { InvalidCacheConfigError, type InvalidOption } from '../../contracts/errors/InvalidCacheConfigError';
import { InvalidExpirationError } from '../../contracts/errors/InvalidExpirationError';
import type { CacheParameters, EvictionOption } from '../../contracts/CacheOptions';
import { EvictionPolicy } from '../../contracts/EvictionPolicy';
import { Key } from '../../contracts/Key';
import { KeyStrategy } from '../../contracts/KeyStrategy';
import type { ExpirationPolicyFactory } from '../../policies/expiration/ExpirationPolicyFactory';
import type { ExpirationPolicy } from '../../contracts/ExpirationPolicy';
import { LeastRecentlyUsedEviction } from '../../policies/eviction/LeastRecentlyUsedEviction';
import { WindowTinyLfuEviction } from '../../policies/eviction/WindowTinyLfuEviction';
import { compileAdoption, type AdoptionFunction } from '../../policies/lifecycle/adoptResources';
import { compileTags, type TagsOf } from './compileTags';
import { CACHE_OPTION_NAMES, DEFAULT_CACHE_OPTIONS, DEFAULT_STALE_IF_ERROR_BACKOFF } from './DEFAULT_CACHE_OPTIONS';
import { DURATION_FORM, durationToMs } from './resolveDuration';
import { resolveSharedOption, type ResolvedShared } from './resolveSharedOption';

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

const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/**
 * Validates `options` once, at wrap or decoration time, fills in the defaults (DESIGN.md §3) and
 * builds the expiration policies through `context.expirationFactory`.
 * @throws {@link InvalidExpirationError} when the expiration is the only bad option.
 * @throws {@link InvalidCacheConfigError} listing every bad option otherwise.
 * @internal
 */
export function resolveCacheOptions(options: unknown, context: OptionsContext): ResolvedCacheOptions {
  const problems: InvalidOption[] = [];
  let expirationError: InvalidExpirationError | undefined;
  const bad = (option: string, value: unknown, expected: string): void => {
    problems.push({ option, value, expected });
  };

  if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) {
    throw new InvalidCacheConfigError([{ option: 'options', value: options, expected: 'an options object' }], {
      context: context.where,
    });
  }
  const given = readOptions(options, context.where);
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(CACHE_OPTION_NAMES, name)) {
      bad(name, given[name], `a known option (${Object.keys(CACHE_OPTION_NAMES).join(', ')})`);
    }
  }
  const pick = <K extends keyof CacheParameters>(name: K): CacheParameters[K] =>
    given[name] === undefined ? DEFAULT_CACHE_OPTIONS[name] : (given[name] as CacheParameters[K]);
  const orNull = <K extends keyof CacheParameters>(name: K): CacheParameters[K] =>
    given[name] === undefined ? (null as CacheParameters[K]) : (given[name] as CacheParameters[K]);

  const enabled = pick('enabled');
  if (typeof enabled !== 'boolean') bad('enabled', enabled, 'a boolean');

  const key = orNull('key');
  if (
    key !== null &&
    typeof key !== 'string' &&
    typeof key !== 'function' &&
    key !== Key.SINGLE_KEY &&
    !isKeyStrategy(key)
  ) {
    bad('key', key, 'a template string, Key.SINGLE_KEY, a key function or a KeyStrategy');
  }

  const maxsize = orNull('maxsize');
  if (maxsize !== null && !(isInteger(maxsize) && maxsize >= 0)) bad('maxsize', maxsize, 'null or an integer >= 0');

  const evictionOption = orNull('eviction');
  const eviction = evictionPolicyOf(evictionOption);
  if (eviction === undefined) bad('eviction', evictionOption, "'lru', 'w-tinylfu', an EvictionPolicy instance or null");

  const maxWeight = orNull('maxWeight');
  const weighOption = orNull('weigh');
  let weigh: ResolvedCacheOptions['weigh'] = null;
  if (maxWeight !== null && !(typeof maxWeight === 'number' && Number.isFinite(maxWeight) && maxWeight >= 0)) {
    bad('maxWeight', maxWeight, 'null or a finite number >= 0');
  } else if (maxWeight !== null && weighOption === null) {
    bad('weigh', weighOption, 'a function (result, ...args) => number: maxWeight needs weigh');
  }
  if (weighOption !== null) {
    if (typeof weighOption !== 'function') {
      bad('weigh', weighOption, 'a function (result, ...args) => number, or null');
    } else if (maxWeight === null) {
      bad('maxWeight', maxWeight, 'a finite number >= 0: weigh needs maxWeight');
    } else {
      const weighFunction = weighOption as (result: unknown, ...args: unknown[]) => unknown;
      weigh = (result, args) => weighFunction(result, ...args);
    }
  }

  const expirationValue = pick('expiration');
  const negativeExpirationValue = pick('negativeExpiration');
  const policyFor = (option: 'expiration' | 'negativeExpiration', value: unknown): ExpirationPolicy | undefined => {
    try {
      return context.expirationFactory.create(value as CacheParameters['expiration'], { async: context.async });
    } catch (error) {
      const expected =
        error instanceof InvalidExpirationError
          ? error.expected
          : `an expiration value the bound ExpirationPolicyFactory accepts (${error instanceof Error ? error.message : String(error)})`;
      expirationError ??= new InvalidExpirationError(value, expected, { option, context: context.where, cause: error });
      bad(option, value, expected);
      return undefined;
    }
  };
  const expiration = policyFor('expiration', expirationValue);
  const negativeExpiration = policyFor('negativeExpiration', negativeExpirationValue);

  const autoRemoval = orNull('expiredItemsAutoRemovalPeriod');
  let autoRemovalPeriodMs: number | null = null;
  if (autoRemoval !== null) {
    const ms = durationToMs(autoRemoval);
    if (ms === undefined) bad('expiredItemsAutoRemovalPeriod', autoRemoval, DURATION_FORM);
    else autoRemovalPeriodMs = ms;
  }

  const negativeCache = pick('negativeCache');
  if (negativeCache !== true && negativeCache !== false && negativeCache !== 'rethrow') {
    bad('negativeCache', negativeCache, "true, false or 'rethrow'");
  }

  const retryCount = pick('retryCount');
  if (!(isInteger(retryCount) && retryCount >= 0)) bad('retryCount', retryCount, 'an integer >= 0');

  const backoff = pick('backoffInSeconds');
  if (!(typeof backoff === 'number' && Number.isFinite(backoff) && backoff >= 0)) {
    bad('backoffInSeconds', backoff, 'a finite number of seconds >= 0');
  }

  const stack = orNull('wrapAsyncExitStack');
  let adoption: ResolvedCacheOptions['adoption'] = null;
  if (stack !== null && stack !== false) {
    if (!context.async) {
      bad('wrapAsyncExitStack', stack, 'null or false: resource adoption needs an async function');
    } else {
      try {
        adoption = compileAdoption(stack);
      } catch (error) {
        const expected =
          error instanceof InvalidCacheConfigError && error.problems[0] !== undefined
            ? error.problems[0].expected
            : "true, '*' or a list of paths";
        bad('wrapAsyncExitStack', stack, expected);
      }
    }
  }

  const delay = orNull('exitStackCloseDelay');
  let closeDelayMs: number | null = null;
  if (delay !== null) {
    const ms = durationToMs(delay);
    if (!context.async) bad('exitStackCloseDelay', delay, 'null: a close delay needs an async function');
    else if (ms === undefined) bad('exitStackCloseDelay', delay, DURATION_FORM);
    else closeDelayMs = ms;
  }

  const name = orNull('name');
  if (name !== null && !(typeof name === 'string' && name.length > 0)) bad('name', name, 'a non-empty string or null');

  const cacheIfOption = orNull('cacheIf');
  let cacheIf: ResolvedCacheOptions['cacheIf'] = null;
  if (cacheIfOption !== null) {
    if (typeof cacheIfOption !== 'function') {
      bad('cacheIf', cacheIfOption, 'a function (result, ...args) => boolean, or null');
    } else {
      const predicate = cacheIfOption as (result: unknown, ...args: unknown[]) => unknown;
      cacheIf = (result, args) => predicate(result, ...args) === true;
    }
  }

  const tags = orNull('tags');
  const tagsOf =
    tags === null ? null : compileTags(tags, context.fn, context.isMethod, (problem) => problems.push(problem));

  const durationOption = (option: keyof CacheParameters, positive: boolean): number | null => {
    const value = given[option];
    if (value === undefined || value === null) return null;
    const ms = durationToMs(value);
    if (ms === undefined || (positive && ms === 0)) {
      bad(option, value, positive ? `a positive duration (${DURATION_FORM})` : DURATION_FORM);
      return null;
    }
    return ms;
  };
  const staleWhileRevalidateMs = durationOption('staleWhileRevalidate', false);
  const staleIfErrorMs = durationOption('staleIfError', false);
  let staleIfErrorBackoffMs = durationOption('staleIfErrorBackoff', false);
  const staleIfErrorBackoff =
    given.staleIfErrorBackoff ?? (given.staleIfError == null ? null : DEFAULT_STALE_IF_ERROR_BACKOFF);
  if (staleIfErrorMs !== null && staleIfErrorBackoffMs === null)
    staleIfErrorBackoffMs = durationToMs(staleIfErrorBackoff)!;
  const asyncOnly = (option: 'timeout' | 'hardTimeout'): number | null => {
    const ms = durationOption(option, true);
    if (given[option] != null && !context.async) {
      bad(option, given[option], `null: a ${option} needs an async function (a sync call cannot stop waiting)`);
      return null;
    }
    return ms;
  };
  const timeoutMs = asyncOnly('timeout');
  const hardTimeoutMs = asyncOnly('hardTimeout');
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
    maxsize,
    eviction: evictionOption,
    maxWeight,
    weigh: weighOption,
    expiration: expirationValue,
    expiredItemsAutoRemovalPeriod: autoRemoval,
    negativeCache,
    negativeExpiration: negativeExpirationValue,
    retryCount,
    backoffInSeconds: backoff,
    wrapAsyncExitStack: stack,
    exitStackCloseDelay: delay,
    name,
    cacheIf: cacheIfOption,
    tags,
    staleWhileRevalidate: orNull('staleWhileRevalidate'),
    staleIfError: orNull('staleIfError'),
    staleIfErrorBackoff: staleIfErrorBackoff as CacheParameters['staleIfErrorBackoff'],
    timeout: orNull('timeout'),
    hardTimeout: orNull('hardTimeout'),
    shared: shared.parameters,
  });
  return Object.freeze({
    parameters,
    eviction: eviction!,
    weigh,
    expiration: expiration!,
    negativeExpiration: negativeExpiration!,
    autoRemovalPeriodMs,
    closeDelayMs,
    adoption,
    cacheIf,
    tagsOf,
    staleWhileRevalidateMs,
    staleIfErrorMs,
    staleIfErrorBackoffMs,
    timeoutMs,
    hardTimeoutMs,
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

/**
 * The policy the `eviction` option names: `null` for the container's binding, `undefined` for a
 * value that is none of the accepted forms.
 */
function evictionPolicyOf(value: EvictionOption | null): EvictionPolicy | null | undefined {
  if (value === null) return null;
  if (value === 'lru') return new LeastRecentlyUsedEviction();
  if (value === 'w-tinylfu') return new WindowTinyLfuEviction();
  try {
    return value instanceof EvictionPolicy ? value : undefined;
  } catch {
    // A Proxy whose prototype cannot be read is no EvictionPolicy.
    return undefined;
  }
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
