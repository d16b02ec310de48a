import type { EvictionOption } from '../../contracts/CacheOptions';
import { EvictionPolicy } from '../../contracts/EvictionPolicy';
import { LeastRecentlyUsedEviction } from '../../policies/eviction/LeastRecentlyUsedEviction';
import { WindowTinyLfuEviction } from '../../policies/eviction/WindowTinyLfuEviction';
import { isInteger, type OptionReader } from './OptionReader';

/** The size options once validated. @internal */
export interface ResolvedSizeOptions {
  /** The `eviction` option as a policy; `null`: the container's `EvictionPolicy` binding. */
  readonly eviction: EvictionPolicy | null;
  /** `weigh`, called with the result and the call's arguments (its return unchecked); `null` without a weight bound. */
  readonly weigh: ((result: unknown, args: readonly unknown[]) => unknown) | null;
}

/**
 * Validates `maxsize`, `eviction`, `maxWeight` and `weigh` (design/eviction.md): a weight bound
 * needs both `maxWeight` and `weigh`. Problems go to `reader`; the result is meaningful only when
 * there are none.
 * @internal
 */
export function resolveSizeOptions(reader: OptionReader): ResolvedSizeOptions {
  const maxsize = reader.orNull('maxsize');
  if (maxsize !== null && !(isInteger(maxsize) && maxsize >= 0)) {
    reader.bad('maxsize', maxsize, 'null or an integer >= 0');
  }

  const evictionOption = reader.orNull('eviction');
  const eviction = evictionPolicyOf(evictionOption);
  if (eviction === undefined) {
    reader.bad('eviction', evictionOption, "'lru', 'w-tinylfu', an EvictionPolicy instance or null");
  }

  const maxWeight = reader.orNull('maxWeight');
  const weighOption = reader.orNull('weigh');
  let weigh: ResolvedSizeOptions['weigh'] = null;
  if (maxWeight !== null && !(typeof maxWeight === 'number' && Number.isFinite(maxWeight) && maxWeight >= 0)) {
    reader.bad('maxWeight', maxWeight, 'null or a finite number >= 0');
  } else if (maxWeight !== null && weighOption === null) {
    reader.bad('weigh', weighOption, 'a function (result, ...args) => number: maxWeight needs weigh');
  }
  if (weighOption !== null) {
    if (typeof weighOption !== 'function') {
      reader.bad('weigh', weighOption, 'a function (result, ...args) => number, or null');
    } else if (maxWeight === null) {
      reader.bad('maxWeight', maxWeight, 'a finite number >= 0: weigh needs maxWeight');
    } else {
      const weighFunction = weighOption as (result: unknown, ...args: unknown[]) => unknown;
      weigh = (result, args) => weighFunction(result, ...args);
    }
  }
  return { eviction: eviction ?? null, weigh };
}

/**
 * The policy the `eviction` option names: `null` for the container's binding, `undefined` for a
 * value that is none of the accepted forms.
 */
function evictionPolicyOf(value: EvictionOption | null): EvictionPolicy | null | undefined {
  if (value === null) return null;
  if (value === 'lru') return new LeastRecentlyUsedEviction();
  if (value === 'w-tinylfu') return new WindowTinyLfuEviction();
  try {
    return value instanceof EvictionPolicy ? value : undefined;
  } catch {
    // A Proxy whose prototype cannot be read is no EvictionPolicy.
    return undefined;
  }
}
