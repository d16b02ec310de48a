import type { InvalidOption } from '../../contracts/errors/InvalidCacheConfigError';
import type { CacheParameters } from '../../contracts/CacheParameters';
import { DEFAULT_CACHE_OPTIONS } from './DEFAULT_CACHE_OPTIONS';
import { DURATION_FORM, durationToMs } from './resolveDuration';

/**
 * The options as given (a plain snapshot) and the problems found in them so far: every option
 * group's resolver reads through one reader and reports here, so one `InvalidCacheConfigError`
 * lists every bad option at once.
 * @internal
 */
export class OptionReader {
  /** Every bad option found so far, in the order found. */
  readonly problems: InvalidOption[] = [];

  constructor(
    /** The options' own enumerable properties, read once. */
    readonly given: Readonly<Record<string, unknown>>,
  ) {}

  /** Reports `option` with its `value` and what was `expected` of it. */
  bad(option: string, value: unknown, expected: string): void {
    this.problems.push({ option, value, expected });
  }

  /** The option as given, or its default (DESIGN.md §3). */
  pick<K extends keyof CacheParameters>(name: K): CacheParameters[K] {
    const value = this.given[name];
    return value === undefined ? DEFAULT_CACHE_OPTIONS[name] : (value as CacheParameters[K]);
  }

  /** The option as given, or `null` when it is not. */
  orNull<K extends keyof CacheParameters>(name: K): CacheParameters[K] {
    const value = this.given[name];
    return value === undefined ? (null as CacheParameters[K]) : (value as CacheParameters[K]);
  }

  /**
   * A duration option in milliseconds, `null` when absent (or bad, which is reported);
   * `positive` refuses zero.
   */
  duration(option: keyof CacheParameters, positive: boolean): number | null {
    const value = this.given[option];
    if (value === undefined || value === null) return null;
    const ms = durationToMs(value);
    if (ms === undefined || (positive && ms === 0)) {
      this.bad(option, value, positive ? `a positive duration (${DURATION_FORM})` : DURATION_FORM);
      return null;
    }
    return ms;
  }
}

/** An integer (no fraction, finite). @internal */
export const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
