import { InvalidCacheConfigError, type InvalidOption } from '../contracts/errors/InvalidCacheConfigError';
import { DURATION_FORM, durationToMs } from '../core/options/resolveDuration';
import { sharedKeySegment } from '../policies/shared/sharedKeys';
import { Serializer } from '../policies/shared/Serializer';
import { V8Serializer } from '../policies/shared/V8Serializer';
import { MAX_TIMER_MS } from '../util/LongTimer';
import { DEFAULT_REDIS_TIER_OPTIONS, REDIS_TIER_OPTION_NAMES } from './DEFAULT_REDIS_TIER_OPTIONS';
import type { RedisTierClient, RedisTierOptions, ResolvedRedisTierOptions } from './RedisTierOptions';

const CLIENT_FORM = 'an ioredis Redis or Cluster instance';
/** A timer's limit: `setTimeout` fires a longer delay after 1 ms (every command would time out at once). */
const TIMER_BOUNDED_DURATION = `${DURATION_FORM.replace('a non-negative', 'a positive')}, at most ${MAX_TIMER_MS} ms (about 24.8 days)`;

/**
 * Validates {@link RedisTierOptions} once, fills in the defaults and freezes the result.
 * @throws {@link InvalidCacheConfigError} listing every bad option with its value and expected form.
 */
export function resolveRedisTierOptions(options: RedisTierOptions): ResolvedRedisTierOptions {
  const where = { context: 'redisTierModule' };
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidCacheConfigError([{ option: 'options', value: options, expected: 'an options object' }], where);
  }
  const given = options as unknown as Record<string, unknown>;
  const problems: InvalidOption[] = [];
  const bad = (option: string, value: unknown, expected: string): void =>
    void problems.push({ option, value, expected });

  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(REDIS_TIER_OPTION_NAMES, name)) {
      bad(name, given[name], `a known option (${Object.keys(REDIS_TIER_OPTION_NAMES).join(', ')})`);
    }
  }
  if (!isRedisClient(options.client)) bad('client', options.client, CLIENT_FORM);
  if (options.subscriber !== undefined && !isRedisClient(options.subscriber)) {
    bad('subscriber', options.subscriber, `${CLIENT_FORM}, or undefined to duplicate client`);
  } else if (options.subscriber !== undefined && options.subscriber === options.client) {
    bad('subscriber', '<the client itself>', 'a connection other than client (it enters subscriber mode)');
  }
  let namespace = '';
  try {
    namespace = sharedKeySegment('namespace', options.namespace);
  } catch (error) {
    problems.push(...(error as InvalidCacheConfigError).problems);
  }
  if (options.serializer !== undefined && !(options.serializer instanceof Serializer)) {
    bad(
      'serializer',
      options.serializer,
      'a Serializer instance (e.g. new JsonSerializer()), or undefined for V8Serializer',
    );
  }
  const duration = (name: 'commandTimeout' | 'lockTimeout' | 'breakerDuration', timed: boolean): number => {
    const value = options[name] ?? DEFAULT_REDIS_TIER_OPTIONS[name];
    const ms = durationToMs(value);
    if (ms === undefined || (timed && (ms <= 0 || ms > MAX_TIMER_MS))) {
      bad(name, options[name], timed ? TIMER_BOUNDED_DURATION : DURATION_FORM);
      return 0;
    }
    return ms;
  };
  const commandTimeoutMs = duration('commandTimeout', true);
  // Whole milliseconds: the lease's `SET … PX` and `PEXPIRE` refuse a fraction.
  const lockTimeoutMs = Math.ceil(duration('lockTimeout', true));
  const breakerDurationMs = duration('breakerDuration', false);
  const breakerThreshold = options.breakerThreshold ?? DEFAULT_REDIS_TIER_OPTIONS.breakerThreshold;
  if (!Number.isSafeInteger(breakerThreshold) || breakerThreshold < 1) {
    bad('breakerThreshold', options.breakerThreshold, 'a positive integer');
  }
  if (problems.length > 0) throw new InvalidCacheConfigError(problems, where);

  return Object.freeze({
    client: options.client,
    namespace,
    subscriber: options.subscriber ?? null,
    serializer: options.serializer ?? new V8Serializer(),
    commandTimeoutMs,
    lockTimeoutMs,
    breakerThreshold,
    breakerDurationMs,
  });
}

/** Duck-typed (the tier never loads ioredis): what a `Redis` and a `Cluster` both have. */
function isRedisClient(value: unknown): value is RedisTierClient {
  if (value === null || typeof value !== 'object') return false;
  const client = value as Record<string, unknown>;
  return (
    typeof client.isCluster === 'boolean' &&
    typeof client.getBuffer === 'function' &&
    typeof client.evalsha === 'function' &&
    typeof client.duplicate === 'function' &&
    typeof client.subscribe === 'function' &&
    typeof client.on === 'function'
  );
}
