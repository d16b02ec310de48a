import { FetchTimeoutError } from '../../contracts/errors/FetchTimeoutError';
import { waitForFlight } from '../CallerWait';
import type { Clock } from '../../contracts/Clock';
import { keyForReport } from '../CompositeKey';
import type { Entry } from '../Entry';
import { staleChannel, type StaleCause } from '../events/channels';
import type { Flight } from '../Flight';
import type { LayoutHost } from '../LayoutHost';
import type { CacheKey } from '../MethodKey';
import type { ResolvedCacheOptions } from '../options/resolveCacheOptions';
import type { ActiveScope } from '../scope/cacheScope';
import type { EntryRules } from './EntryRules';

/**
 * How callers wait on a rich cache's async flights, and how they get a stale result instead:
 * the per-caller promise (`withCacheScope` signal, `hardTimeout` from its own call), the flight's
 * soft `timeout` and `hardTimeout` abort, and stale results served at once (counted and published
 * on `cachewright:stale`).
 * @internal
 */
export class FlightWaits {
  constructor(
    private readonly core: LayoutHost,
    private readonly options: ResolvedCacheOptions,
    private readonly rules: EntryRules,
    private readonly clock: Clock,
  ) {}

  /** The promise a caller of an async flight awaits (its own, when it may leave early). */
  join(flight: Flight<Entry>, scope: ActiveScope | undefined, key: CacheKey): unknown {
    if (flight.promise === null) return this.core.fail(new Error('unreachable: a sync flight cannot be joined'));
    const hardTimeoutMs = this.options.hardTimeoutMs;
    const current = flight.current;
    return waitForFlight(flight, {
      signal: scope?.signal,
      hardTimeoutMs,
      onHardTimeout: () => {
        if (current !== null && !current.removed && this.rules.withinErrorWindow(current, this.clock.now())) {
          this.publishStale(key, 'timeout');
          return this.rules.deliver(current);
        }
        throw new FetchTimeoutError(this.core.name, keyForReport(key), hardTimeoutMs!);
      },
      onSoftTimeout:
        current === null
          ? null
          : () => {
              this.publishStale(key, 'timeout');
              return this.rules.deliver(current);
            },
    });
  }

  /**
   * Arms a flight's `hardTimeout` abort. Armed after its starting caller's own timer (same delay, so
   * that one fires first): at `hardTimeout` that caller gets its `FetchTimeoutError` (or the stale
   * result), never the failure the abort then causes in the fetch.
   */
  armHardTimeout(flight: Flight<Entry>): void {
    const hardTimeoutMs = this.options.hardTimeoutMs;
    if (hardTimeoutMs === null) return;
    flight.after(hardTimeoutMs, () =>
      flight.abort(new FetchTimeoutError(this.core.name, keyForReport(flight.key), hardTimeoutMs)),
    );
  }

  /** Arms a flight's soft `timeout` when it has a stale result to fall back on. */
  armSoftTimeout(flight: Flight<Entry>): void {
    const timeoutMs = this.options.timeoutMs;
    const current = flight.current;
    if (timeoutMs === null || current === null || flight.background) return;
    if (!this.rules.withinErrorWindow(current, this.clock.now())) return;
    flight.softTimeout = new Promise((resolve) =>
      flight.after(
        timeoutMs,
        () => {
          flight.softFired = true;
          flight.background = true;
          resolve();
        },
        true,
      ),
    );
  }

  /** Answers a call with a stale entry at once (a hit), counted and published. */
  serveStale(entry: Entry, cause: StaleCause): unknown {
    this.core.counters.staleHits++;
    this.publishStale(entry.key, cause);
    return this.rules.deliver(entry);
  }

  /** Publishes one stale result served on `cachewright:stale`. */
  publishStale(key: CacheKey, cause: StaleCause): void {
    if (staleChannel.hasSubscribers) staleChannel.publish({ cache: this.core.name, key: keyForReport(key), cause });
  }
}
