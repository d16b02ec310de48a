import { CachewrightError } from './CachewrightError';
import { formatValue } from './formatValue';

/** Thrown by `parseDateTime`, `parseDate` and `parseTime` for input outside aquiche's grammar. */
export class DateTimeParseError extends CachewrightError {
  override readonly code = 'E_PARSE' as const;
  /** The input that failed to parse. */
  readonly input: unknown;

  constructor(input: unknown, expected: string, options?: ErrorOptions) {
    super(`cannot parse ${formatValue(input)} as ${expected}`, options);
    this.input = input;
  }
}
