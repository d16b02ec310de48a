import { injectable } from 'inversify';
import { DateTime, Duration } from 'luxon';
import { DateTimeParseError } from '../../contracts/errors/DateTimeParseError';
import { DurationParseError } from '../../contracts/errors/DurationParseError';
import { InvalidExpirationError } from '../../contracts/errors/InvalidExpirationError';
import type { ExpirationCallback, ExpirationValue, TimeOfDayValue } from '../../contracts/ExpirationValue';
import { AlwaysExpiration } from './AlwaysExpiration';
import { CallbackExpiration } from './CallbackExpiration';
import { DataPointerExpiration } from './DataPointerExpiration';
import { DeadlineExpiration } from './DeadlineExpiration';
import { ExpirationPolicy } from '../../contracts/ExpirationPolicy';
import { ExpirationPolicyFactory, type ExpirationContext } from './ExpirationPolicyFactory';
import { NeverExpiration } from './NeverExpiration';
import { parseDate } from './parsing/parseDate';
import { parseDateTime } from './parsing/parseDateTime';
import { parseDuration } from './parsing/parseDuration';
import { parseTime } from './parsing/parseTime';
import { unixNumberToDateTime } from './parsing/parseUnixNumber';
import { RefreshIntervalExpiration } from './RefreshIntervalExpiration';
import { TimeOfDayExpiration } from './TimeOfDayExpiration';

/** Every accepted form, for error messages. */
export const EXPECTED_EXPIRATION =
  "a duration ('10 minutes', '1:30', 'PT5M', or a number of seconds such as 30), a datetime " +
  "('2030-01-01T12:00:00Z', a Date, a luxon DateTime, or a Unix time above 100000000), a date ('2030-01-01'), " +
  "a time of day ('11:05:00Z', or { time: '11:05', zone: 'Europe/Prague' }), a '$.' data pointer ('$.expiresAt'), " +
  'a luxon Duration, a callback (item) => expiration, true, false, null, or an ExpirationPolicy instance';

/** Numbers above this are Unix times (deadlines); others are seconds (aquiche). */
const UNIX_TIME_THRESHOLD = 100_000_000;

/** A trailing offset in a time string: `Z`, `±HH`, `±HHMM`, `±HH:MM`. */
const EXPLICIT_OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * Maps each accepted form of `expiration` (DESIGN.md §5.1) to one policy class, checked in this order:
 * `null`/`undefined`/`false` → {@link NeverExpiration}; `true` → {@link AlwaysExpiration}; an
 * `ExpirationPolicy` → itself; a function → {@link CallbackExpiration}; a `Date`/`DateTime` →
 * {@link DeadlineExpiration}; a luxon `Duration` → {@link RefreshIntervalExpiration} (zero or
 * negative: always expired); a number, truncated to an integer `n`: above 100,000,000 a deadline at
 * Unix time `n` (s, ms, µs or ns), else an interval of `n` seconds (`0.5` → 0 and negatives: always
 * expired; `NaN`/`±Infinity` rejected); a string, trimmed: `'$.'` → {@link DataPointerExpiration},
 * else the first of `parseDuration` (an interval), `parseDateTime`, `parseDate` (deadlines) and
 * `parseTime` ({@link TimeOfDayExpiration}) that accepts it — so `'10:10'` is 610 s, `'11:05:00Z'` a
 * time of day, and a numeric string such as `'1700000000'` is a duration in seconds, never a Unix
 * time, exactly as aquiche parses it (pass a number for a Unix deadline); `{ time, zone }` →
 * {@link TimeOfDayExpiration} in that IANA zone.
 * Built once per wrapped function (and once per stored value for pointers and callbacks); holds no state.
 * @example
 * new DefaultExpirationPolicyFactory().create('10 minutes', { async: false }); // RefreshIntervalExpiration
 */
@injectable()
export class DefaultExpirationPolicyFactory extends ExpirationPolicyFactory {
  /**
   * {@inheritDoc ExpirationPolicyFactory.create}
   * @throws {@link InvalidExpirationError} naming the value and every accepted form when nothing
   *   accepts it; for an `async` callback when `context.async` is `false`; for an invalid
   *   `Date`/`DateTime`/`Duration`, `NaN`, `±Infinity` or an unknown zone.
   */
  override create(value: ExpirationValue, context: ExpirationContext): ExpirationPolicy {
    if (value === null || value === undefined || value === false) return new NeverExpiration();
    if (value === true) return new AlwaysExpiration();
    if (value instanceof ExpirationPolicy) return value;
    if (typeof value === 'function') return this.fromFunction(value, context);
    if (value instanceof Date || DateTime.isDateTime(value)) return new DeadlineExpiration(value);
    if (Duration.isDuration(value)) return new RefreshIntervalExpiration(value);
    if (typeof value === 'number') return fromNumber(value);
    if (typeof value === 'string') return this.fromString(value, context);
    if (isTimeOfDayValue(value)) return fromTimeOfDay(value);
    throw new InvalidExpirationError(value, EXPECTED_EXPIRATION);
  }

  private fromFunction(fn: ExpirationCallback, context: ExpirationContext): ExpirationPolicy {
    if ((fn as { prototype?: unknown }).prototype instanceof ExpirationPolicy) {
      throw new InvalidExpirationError(fn, `an ExpirationPolicy instance (new ${fn.name}(…)), not the class itself`);
    }
    return new CallbackExpiration(fn, this, context);
  }

  private fromString(raw: string, context: ExpirationContext): ExpirationPolicy {
    const text = raw.trim();
    if (text.startsWith('$.')) return new DataPointerExpiration(text, this, context);
    const duration = attempt(() => parseDuration(text));
    if (duration !== undefined) return new RefreshIntervalExpiration(duration);
    const deadline = attempt(() => parseDateTime(text)) ?? attempt(() => parseDate(text));
    if (deadline !== undefined) return new DeadlineExpiration(deadline);
    const time = attempt(() => parseTime(text));
    if (time !== undefined) return new TimeOfDayExpiration(time);
    throw new InvalidExpirationError(raw, EXPECTED_EXPIRATION);
  }
}

function fromNumber(value: number): ExpirationPolicy {
  if (!Number.isFinite(value)) {
    throw new InvalidExpirationError(
      value,
      `a finite number (seconds, or a Unix time above ${UNIX_TIME_THRESHOLD}); ${EXPECTED_EXPIRATION}`,
    );
  }
  const n = Math.trunc(value);
  if (n > UNIX_TIME_THRESHOLD) return new DeadlineExpiration(unixNumberToDateTime(n));
  return new RefreshIntervalExpiration(Duration.fromObject({ seconds: n }));
}

function isTimeOfDayValue(value: unknown): value is TimeOfDayValue {
  if (typeof value !== 'object' || value === null || !('time' in value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function fromTimeOfDay(value: TimeOfDayValue): ExpirationPolicy {
  const expected =
    "{ time: 'H:m[:s[.f]]', zone?: an IANA zone such as 'Europe/Prague' } (an offset in time, or a zone, not both)";
  const extra = Object.keys(value).filter((k) => k !== 'time' && k !== 'zone');
  const { time, zone } = value as { time: unknown; zone?: unknown };
  if (
    extra.length > 0 ||
    (typeof time !== 'string' && typeof time !== 'number') ||
    (zone !== undefined && typeof zone !== 'string')
  ) {
    throw new InvalidExpirationError(value, expected);
  }
  let parsed: DateTime;
  try {
    parsed = parseTime(time);
  } catch (error) {
    throw new InvalidExpirationError(value, expected, { cause: error });
  }
  if (zone === undefined) return new TimeOfDayExpiration(parsed);
  if (typeof time === 'string' && EXPLICIT_OFFSET.test(time.trim())) throw new InvalidExpirationError(value, expected);
  return new TimeOfDayExpiration({
    hour: parsed.hour,
    minute: parsed.minute,
    second: parsed.second,
    millisecond: parsed.millisecond,
    zone,
  });
}

/** The parser's result, or `undefined` when it rejects the input with its parse error. */
function attempt<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (error instanceof DurationParseError || error instanceof DateTimeParseError) return undefined;
    throw error;
  }
}
