import { injectable, unmanaged } from 'inversify';
import { EvictionPolicy } from '../../contracts/EvictionPolicy';
import type { EvictionTable } from '../../contracts/EvictionTable';
import { InvalidCacheConfigError, type InvalidOption } from '../../contracts/errors/InvalidCacheConfigError';
import { UnboundedTable } from './UnboundedTable';
import { WindowTinyLfuTable, type WindowTinyLfuOptions } from './WindowTinyLfuTable';

/**
 * W-TinyLFU eviction (Caffeine's policy): a `WindowTinyLfuTable` bounded by `maxsize`, which keeps
 * what is used often as well as what was used last, and sizes its recency window to the workload by
 * hill climbing; with `maxsize: null`, an `UnboundedTable`. On most real workloads it hits more often
 * than an LRU of the same size (see the README's hit-ratio table); hits cost about the same.
 *
 * @example
 * ```ts
 * container.rebind(EvictionPolicy).to(WindowTinyLfuEviction); // every cache of this container
 * manager.wrap(load, { maxsize: 1000, eviction: 'w-tinylfu' }); // or one cache (see `CacheOptions.eviction`)
 * ```
 */
@injectable()
export class WindowTinyLfuEviction extends EvictionPolicy {
  readonly #options: WindowTinyLfuOptions;

  /**
   * @param options - for every table this policy builds; the container builds it with none. Give a
   *   seeded `random` to make the hash-flood guard's rare random admissions repeatable (tests,
   *   simulations).
   * @throws {@link InvalidCacheConfigError} when `options` is not an object, `random` is neither
   *   `undefined` nor a function, or `adaptiveWindow` neither `undefined` nor a boolean (every bad
   *   option is listed with its value).
   */
  constructor(@unmanaged() options: WindowTinyLfuOptions = {}) {
    super();
    this.#options = Object.freeze({ ...validOptions(options) });
  }

  /**
   * A new empty table: W-TinyLFU-bounded to `maxsize` entries, or unbounded for `null`.
   * @throws {@link InvalidCacheConfigError} when `maxsize` is neither `null` nor a positive safe
   *   integer (`0` never reaches a table: the manager treats it as `enabled: false`).
   */
  override createTable<K, V>(maxsize: number | null): EvictionTable<K, V> {
    return maxsize === null ? new UnboundedTable<K, V>() : new WindowTinyLfuTable<K, V>(maxsize, this.#options);
  }
}

/** `options` when every field has an accepted form; otherwise throws, listing each bad field with its value. */
function validOptions(options: WindowTinyLfuOptions): WindowTinyLfuOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidCacheConfigError(
      [{ option: 'options', value: options, expected: 'an object { random?, adaptiveWindow? }' }],
      { context: 'WindowTinyLfuEviction' },
    );
  }
  const { random, adaptiveWindow } = options;
  const problems: InvalidOption[] = [];
  if (random !== undefined && typeof random !== 'function') {
    problems.push({
      option: 'random',
      value: random,
      expected: 'a function returning a number in [0, 1), or undefined',
    });
  }
  if (adaptiveWindow !== undefined && typeof adaptiveWindow !== 'boolean') {
    problems.push({ option: 'adaptiveWindow', value: adaptiveWindow, expected: 'a boolean, or undefined' });
  }
  if (problems.length > 0) throw new InvalidCacheConfigError(problems, { context: 'WindowTinyLfuEviction' });
  return options;
}
