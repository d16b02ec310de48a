import { Duration } from 'luxon';
import { DurationParseError } from '../../../contracts/errors/DurationParseError';

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/**
 * pydantic's `standard_duration_re`, as aquiche uses it: `[D [day[s], ]][H:]M:]S[.ffffff]` where
 * each of days, hours, minutes and seconds may carry its own `-` (hours only when followed by
 * `M:S`), and the fraction keeps six digits and ignores up to six more.
 */
const STANDARD_DURATION_RE =
  /^(?:(?<days>-?\d+) (?:days?, )?)?(?:(?<hours>-?\d+):(?=\d+:\d+))?(?:(?<minutes>-?\d+):)?(?<seconds>-?\d+)(?:\.(?<fraction>\d{1,6})\d{0,6})?$/;

/** ISO 8601 durations with days, hours, minutes and seconds only (each may be fractional). */
const ISO_DURATION_RE =
  /^(?<sign>[-+]?)P(?:(?<days>\d+(?:\.\d+)?)D)?(?:T(?:(?<hours>\d+(?:\.\d+)?)H)?(?:(?<minutes>\d+(?:\.\d+)?)M)?(?:(?<seconds>\d+(?:\.\d+)?)S)?)?$/;

/** aquiche's sum-expression form: `N unit` pairs, ASCII whitespace allowed around and between. */
const HUMAN_DURATION_RE = /^(?:\d+[ \t\n\v\f\r]*[A-Za-z]+[ \t\n\v\f\r]*)+$/;
const HUMAN_TERM_RE = /(\d+)[ \t\n\v\f\r]*([A-Za-z]+)/g;

/** aquiche's unit table (matched case-insensitively); nothing else (`sec`, `min`, `hr`, `w`) is a unit. */
const HUMAN_UNIT_MS: ReadonlyMap<string, number> = new Map([
  ['s', MS_PER_SECOND],
  ['second', MS_PER_SECOND],
  ['seconds', MS_PER_SECOND],
  ['m', MS_PER_MINUTE],
  ['minute', MS_PER_MINUTE],
  ['minutes', MS_PER_MINUTE],
  ['h', MS_PER_HOUR],
  ['hour', MS_PER_HOUR],
  ['hours', MS_PER_HOUR],
  ['d', MS_PER_DAY],
  ['day', MS_PER_DAY],
  ['days', MS_PER_DAY],
]);

/** Largest magnitude toString of a number can print without an exponent (`toFixed` limit). */
const FIXED_NOTATION_LIMIT = 1e21;

/**
 * Parses a duration the way aquiche does (pydantic v1's grammar plus aquiche's unit sums). Forms,
 * tried in this order on the trimmed string:
 *
 * 1. `[-]D [day[s], ][[-]H:][-]M:][-]S[.ffffff]`, each component with its own sign: `'30'`,
 *    `'15:30'` (15 min 30 s), `'10:15:30'`, `'4 15:30'`, `'4 days, 0:15:30'`, `'-15:30'`
 *    (−15 min + 30 s = −870 s), `'-30.1'` (−30.1 s), `'15:30.000001'`; `'1 2'` is 1 day 2 s.
 * 2. ISO 8601 with days, hours, minutes and seconds only, each possibly fractional, with an
 *    optional sign: `'P4D'`, `'P0.5D'` (12 h), `'PT5H'`, `'P1DT2H'`, `'PT870S'`, `'PT0.000005S'`,
 *    `'-P1D'`. Years, months and weeks (`'P4Y'`, `'P4M'`, `'P4W'`) are rejected.
 * 3. Sums of `N unit` (integers only, units `s`/`second(s)`, `m`/`minute(s)`, `h`/`hour(s)`,
 *    `d`/`day(s)`, any case, any order, spaces optional): `'1 day 42 minutes 6 seconds'`,
 *    `'1d42m6s'` (88 926 s), `'10minutes'`, `'1m 10h 10s'`. `'1.5h'` and `'5 weeks'` are rejected.
 *
 * A number is seconds (`30.1` → 30 100 ms; as in aquiche it is first printed with six decimals,
 * so `9.9e-5` is 99 µs). A luxon `Duration` is accepted too.
 *
 * The result is `Duration.fromMillis(ms)`, sign kept. JS holds milliseconds: sub-millisecond
 * fractions are **truncated toward zero** (`'0:00:00.0009'` → 0 ms, `'-0.0015'` → −1 ms,
 * `'PT0.000005S'` → 0 ms). Round trip: for `d` with a non-negative whole number of ms up to
 * about 4.4e15 ms (luxon prints `PT870S`, `PT0.5S`), `parseDuration(d.toISO())` equals `d`;
 * negative ones print as `PT-870S`, which this grammar rejects.
 *
 * Deliberate differences from aquiche: `''`, `'P'` and `'PT'` are rejected (aquiche reads them
 * as 0); digits are ASCII only; durations beyond `Number.MAX_SAFE_INTEGER` ms (about 285 616
 * years, in total or in any one component) are rejected where Python's limit is 999 999 999 days.
 * @throws {@link DurationParseError} for anything else, including `NaN`, ±`Infinity`, invalid
 * `Duration`s and values that are neither strings, numbers nor `Duration`s.
 * @example parseDuration('15:30').toMillis() // 930000
 * @example parseDuration('1d42m6s').as('seconds') // 88926
 * @example parseDuration('-15:30').toMillis() // -870000
 */
export function parseDuration(value: string | number | Duration): Duration {
  const ms = durationMs(value);
  if (ms === undefined || !Number.isSafeInteger(ms)) throw new DurationParseError(value);
  return Duration.fromMillis(ms + 0); // + 0 turns -0 into 0
}

function durationMs(value: unknown): number | undefined {
  if (Duration.isDuration(value)) return value.isValid ? Math.trunc(value.toMillis()) : undefined;
  if (typeof value === 'number') {
    if (!(Math.abs(value) < FIXED_NOTATION_LIMIT)) return undefined; // NaN, ±Infinity, huge
    return standardMs(value.toFixed(6));
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return standardMs(text) ?? isoMs(text) ?? humanMs(text);
}

/** `count` whole units in ms, or `undefined` when not exactly representable. */
function wholeMs(digits: string | undefined, unitMs: number): number | undefined {
  const ms = Number(digits ?? 0) * unitMs;
  return Number.isSafeInteger(ms) ? ms : undefined;
}

function sumMs(terms: readonly (number | undefined)[]): number | undefined {
  let total = 0;
  for (const term of terms) {
    if (term === undefined) return undefined;
    total += term;
  }
  return total;
}

function standardMs(text: string): number | undefined {
  const groups = STANDARD_DURATION_RE.exec(text)?.groups;
  if (groups === undefined) return undefined;
  const whole = sumMs([
    wholeMs(groups['days'], MS_PER_DAY),
    wholeMs(groups['hours'], MS_PER_HOUR),
    wholeMs(groups['minutes'], MS_PER_MINUTE),
    wholeMs(groups['seconds'], MS_PER_SECOND),
  ]);
  if (whole === undefined) return undefined;
  // The fraction takes the sign of the seconds ('-0.5' is -0.5 s), as in aquiche.
  const magnitude = Number((groups['fraction'] ?? '').padEnd(6, '0'));
  const micros = groups['seconds']?.startsWith('-') ? -magnitude : magnitude;
  const fractionMs = Math.trunc(micros / 1000);
  const remainderMicros = micros - fractionMs * 1000;
  const total = whole + fractionMs;
  // Truncate toward zero: a remainder of the other sign pulls the total one ms toward zero.
  if (total > 0 && remainderMicros < 0) return total - 1;
  if (total < 0 && remainderMicros > 0) return total + 1;
  return total;
}

/** A non-negative decimal amount of a unit: whole part exact in ms, fraction rounded to µs. */
function decimalMicros(decimal: string | undefined, unitMs: number): { ms: number; micros: number } | undefined {
  if (decimal === undefined) return { ms: 0, micros: 0 };
  const [whole, fraction] = decimal.split('.');
  const ms = wholeMs(whole, unitMs);
  if (ms === undefined) return undefined;
  return { ms, micros: fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * unitMs * 1000) };
}

function isoMs(text: string): number | undefined {
  const groups = ISO_DURATION_RE.exec(text)?.groups;
  if (groups === undefined) return undefined;
  const parts = [
    decimalMicros(groups['days'], MS_PER_DAY),
    decimalMicros(groups['hours'], MS_PER_HOUR),
    decimalMicros(groups['minutes'], MS_PER_MINUTE),
    decimalMicros(groups['seconds'], MS_PER_SECOND),
  ];
  const present = [groups['days'], groups['hours'], groups['minutes'], groups['seconds']];
  if (present.every((part) => part === undefined)) return undefined; // 'P' and 'PT'
  let ms = 0;
  let micros = 0;
  for (const part of parts) {
    if (part === undefined) return undefined;
    ms += part.ms;
    micros += part.micros;
  }
  const total = ms + Math.floor(micros / 1000);
  return groups['sign'] === '-' ? -total : total;
}

function humanMs(text: string): number | undefined {
  if (!HUMAN_DURATION_RE.test(text)) return undefined;
  const terms: (number | undefined)[] = [];
  for (const [, count, unit] of text.matchAll(HUMAN_TERM_RE)) {
    const unitMs = HUMAN_UNIT_MS.get((unit ?? '').toLowerCase());
    if (unitMs === undefined) return undefined;
    terms.push(wholeMs(count, unitMs));
  }
  return sumMs(terms);
}
