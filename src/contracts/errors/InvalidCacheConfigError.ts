import { CachewrightError } from './CachewrightError';
import { formatValue } from './formatValue';

/** One rejected option: its name, the value given and the form that was expected. */
export interface InvalidOption {
  /** The option's name, e.g. `maxsize` (prefixed with the method, for a decorator). */
  readonly option: string;
  /** The value the user passed. */
  readonly value: unknown;
  /** The accepted form, in words. */
  readonly expected: string;
}

/**
 * Thrown at wrap or decoration time when options are invalid. Lists every bad option with its
 * value and the expected form (`problems`).
 */
export class InvalidCacheConfigError extends CachewrightError {
  override readonly code: `E_${string}` = 'E_INVALID_CONFIG';
  /** Every bad option found. */
  readonly problems: readonly InvalidOption[];

  constructor(problems: readonly InvalidOption[] | string, options?: ErrorOptions & { context?: string }) {
    const list = typeof problems === 'string' ? [] : problems;
    const prefix = options?.context ? `${options.context}: ` : '';
    super(
      typeof problems === 'string'
        ? prefix + problems
        : `${prefix}invalid cache options: ` +
            list.map((p) => `${p.option} = ${formatValue(p.value)} (expected ${p.expected})`).join('; '),
      options,
    );
    this.problems = list;
  }
}
