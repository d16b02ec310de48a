import { CachewrightError } from './CachewrightError';
import { formatValue } from './formatValue';

/** Thrown by `parseDuration` for input outside aquiche's duration grammar. */
export class DurationParseError extends CachewrightError {
  override readonly code = 'E_PARSE' as const;
  /** The input that failed to parse. */
  readonly input: unknown;

  constructor(input: unknown, options?: ErrorOptions) {
    super(
      `cannot parse ${formatValue(input)} as a duration: expected seconds (30), [-][D days, ]HH:MM[:SS[.ffffff]] ` +
        `('15:30', '4 days, 0:15:30'), ISO 8601 with D/H/M/S only ('P4D', 'PT5H') or units ('1 day 42 minutes', '1d42m6s')`,
      options,
    );
    this.input = input;
  }
}
