import { InvalidWeightError } from '../../contracts/errors/InvalidWeightError';
import { keyForReport } from '../CompositeKey';
import { Entry } from '../Entry';
import type { EntryStore } from '../EntryStore';
import type { Flight } from '../Flight';
import type { LayoutHost } from '../LayoutHost';
import type { CacheKey } from '../MethodKey';
import type { ResolvedCacheOptions } from '../options/resolveCacheOptions';
import type { EntryWriter } from './EntryWriter';

/**
 * Decides whether a settled result may be stored: `cacheIf` (a throw is reported, operation
 * `'cacheIf'`) and the weight bound (`weigh`: a throw or a weight that is no non-negative finite
 * number is reported, operation `'weigh'`; a result heavier than `maxWeight` is returned, never
 * stored). A result turned away discards its flight's pending entry.
 * @internal
 */
export class ResultGate {
  constructor(
    private readonly core: LayoutHost,
    private readonly store: EntryStore,
    private readonly options: ResolvedCacheOptions,
    private readonly writer: EntryWriter,
  ) {}

  /** `cacheIf` allows storing `value`; a throw is reported and stores nothing. */
  cacheable(flight: Flight<Entry>, value: unknown): boolean {
    const cacheIf = this.options.cacheIf;
    if (cacheIf === null) return true;
    let keep: boolean;
    try {
      keep = cacheIf(value, flight.args!) === true;
    } catch (error) {
      this.core.report(error, 'cacheIf', flight.key);
      keep = false;
    }
    if (!keep) this.writer.discard(flight, null);
    return keep;
  }

  /** `value`'s weight (0 without a weight bound), or -1, having discarded the flight, when it may not be stored. */
  weighed(flight: Flight<Entry>, value: unknown): number {
    if (this.options.weigh === null) return 0;
    const weight = this.#weightOf(flight.key, value, flight.args!);
    if (weight < 0) this.writer.discard(flight, null);
    return weight;
  }

  /**
   * The weight of a value `set` stores (0 without a weight bound), or -1 when it may not be stored:
   * the entry it would have replaced is removed then ('replaced'), so that no read returns what `set`
   * meant to overwrite.
   */
  weighedForSet(key: CacheKey, value: unknown, args: ArrayLike<unknown>): number {
    if (this.options.weigh === null) return 0;
    const weight = this.#weightOf(key, value, Array.prototype.slice.call(args) as unknown[]);
    if (weight >= 0) return weight;
    const previous = this.store.table.peek(key);
    if (previous instanceof Entry && previous.flight === null) void this.writer.remove(previous, 'replaced');
    return -1;
  }

  /**
   * The weight `weigh` gives `value`, or -1 when it may not be stored: `weigh` threw or returned
   * something other than a non-negative finite number (reported, operation `'weigh'`), or the value
   * is heavier than `maxWeight` (returned to its callers, never stored).
   */
  #weightOf(key: CacheKey, value: unknown, args: readonly unknown[]): number {
    let weight: unknown;
    try {
      weight = this.options.weigh!(value, args);
    } catch (error) {
      this.core.report(error, 'weigh', key);
      return -1;
    }
    if (typeof weight !== 'number' || !(weight >= 0) || weight === Number.POSITIVE_INFINITY) {
      this.core.report(new InvalidWeightError(this.core.name, keyForReport(key), weight), 'weigh', key);
      return -1;
    }
    return weight > this.options.parameters.maxWeight! ? -1 : weight;
  }
}
