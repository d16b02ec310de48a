import { InvalidCacheConfigError } from './InvalidCacheConfigError';
import { formatValue } from './formatValue';

/**
 * Thrown when an expiration value cannot be understood: at wrap or decoration time, or (rejecting
 * that call) when a data pointer or callback produced it at run time.
 */
export class InvalidExpirationError extends InvalidCacheConfigError {
  override readonly code = 'E_INVALID_EXPIRATION' as const;
  /** The offending expiration value. */
  readonly value: unknown;
  /** The accepted forms, in words. */
  readonly expected: string;

  constructor(value: unknown, expected: string, options?: ErrorOptions & { option?: string; context?: string }) {
    const option = options?.option ?? 'expiration';
    super([{ option, value, expected }], options);
    this.message = `${options?.context ? options.context + ': ' : ''}invalid ${option} ${formatValue(value)}: expected ${expected}`;
    this.value = value;
    this.expected = expected;
  }
}
