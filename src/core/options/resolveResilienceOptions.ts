import type { CacheParameters } from '../../contracts/CacheParameters';
import { DEFAULT_STALE_IF_ERROR_BACKOFF } from './DEFAULT_CACHE_OPTIONS';
import { durationToMs } from './resolveDuration';
import type { OptionReader } from './OptionReader';

/** The resilience options once validated, in milliseconds (`null`: off). @internal */
export interface ResolvedResilienceOptions {
  readonly staleWhileRevalidateMs: number | null;
  readonly staleIfErrorMs: number | null;
  /** Set (default 10 s) whenever `staleIfError` is. */
  readonly staleIfErrorBackoffMs: number | null;
  readonly timeoutMs: number | null;
  readonly hardTimeoutMs: number | null;
  /** `staleIfErrorBackoff` as `cacheParameters()` shows it: the default when only `staleIfError` is given. */
  readonly staleIfErrorBackoff: CacheParameters['staleIfErrorBackoff'];
}

/**
 * Validates `staleWhileRevalidate`, `staleIfError`, `staleIfErrorBackoff`, `timeout` and
 * `hardTimeout` (design/resilience.md): durations; the timeouts positive and async only.
 * Problems go to `reader`.
 * @internal
 */
export function resolveResilienceOptions(
  reader: OptionReader,
  context: { readonly async: boolean },
): ResolvedResilienceOptions {
  const { given } = reader;
  const staleWhileRevalidateMs = reader.duration('staleWhileRevalidate', false);
  const staleIfErrorMs = reader.duration('staleIfError', false);
  let staleIfErrorBackoffMs = reader.duration('staleIfErrorBackoff', false);
  const staleIfErrorBackoff =
    given.staleIfErrorBackoff ?? (given.staleIfError == null ? null : DEFAULT_STALE_IF_ERROR_BACKOFF);
  if (staleIfErrorMs !== null && staleIfErrorBackoffMs === null) {
    staleIfErrorBackoffMs = durationToMs(staleIfErrorBackoff)!;
  }
  const asyncOnly = (option: 'timeout' | 'hardTimeout'): number | null => {
    const ms = reader.duration(option, true);
    if (given[option] != null && !context.async) {
      reader.bad(option, given[option], `null: a ${option} needs an async function (a sync call cannot stop waiting)`);
      return null;
    }
    return ms;
  };
  return {
    staleWhileRevalidateMs,
    staleIfErrorMs,
    staleIfErrorBackoffMs,
    timeoutMs: asyncOnly('timeout'),
    hardTimeoutMs: asyncOnly('hardTimeout'),
    staleIfErrorBackoff: staleIfErrorBackoff as CacheParameters['staleIfErrorBackoff'],
  };
}
