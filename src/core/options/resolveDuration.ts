import { Duration } from 'luxon';
import { parseDuration } from '../../policies/expiration/parsing/parseDuration';

/**
 * Turns a duration option (anything `parseDuration` accepts, or a luxon `Duration`) into
 * milliseconds. Returns `undefined` when the value is not a valid, non-negative duration.
 * @internal
 */
export function durationToMs(value: unknown): number | undefined {
  try {
    let duration: Duration;
    if (Duration.isDuration(value)) duration = value;
    else if (typeof value === 'string' || typeof value === 'number') duration = parseDuration(value);
    else return undefined;
    if (!duration.isValid) return undefined;
    const ms = duration.toMillis();
    return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
  } catch {
    // parseDuration's typed error means "not a duration": the caller reports it with the option name.
    return undefined;
  }
}

/** The expected form of a duration option, for error messages. @internal */
export const DURATION_FORM =
  "a non-negative duration: seconds (30), '15:30', '1 day 42 minutes', 'PT5M', or a luxon Duration";
