import { SmallIntegerKeyedMap } from '../policies/eviction/SmallIntegerKeyedMap';
import { MethodKey } from './MethodKey';

/**
 * What an instance binding needs of its method's cache (`CacheCore` implements it): the hit lookup
 * for method keys and the slow path of a call.
 * @internal
 */
export interface InstanceCache {
  /** Calls may be answered by the hit lookup alone (no sweep due at the start of a call). */
  readonly fastPath: boolean;
  /** The hit lookup for a `MethodKey`: a value, or `MISS`. */
  readonly lookupMethodKey: (key: MethodKey) => unknown;
  /** The hit lookup by a raw key (a string or number argument of the primary instance). */
  readonly lookup: (key: string | number) => unknown;
  /** The slow path of a decorated method's call, its arguments passed spread. */
  callMethodSpread(thisArg: unknown, binding: InstanceBinding, ...args: unknown[]): unknown;
}

/**
 * The per-instance state of a decorated method: its cache and key prefix.
 *
 * The first instance a method cache serves is its *primary* instance: its entries are keyed as a
 * wrapped function's are (a string or number argument is its own key, other calls their encoding),
 * so a singleton service, the common case in a container, costs no more per entry and hit than
 * `wrap`. Every other instance keys its entries by its prefix (`MethodKey` objects for one string or
 * number argument): `this` stays part of the key, and instances never share entries.
 * @internal
 */
export class InstanceBinding {
  /** The keys of this instance's live one-primitive-argument entries (see `MethodKey`). */
  readonly keys = new SmallIntegerKeyedMap<string | number, MethodKey>();

  /** A hit may be answered by `keys` and `lookup` alone (inline default key, no sweep due per call). */
  readonly fast: boolean;
  /** The core's hit lookup for method keys. */
  readonly lookup: (key: MethodKey) => unknown;
  /** The core's hit lookup by raw key (the primary instance's). */
  readonly lookupArg: (key: string | number) => unknown;

  constructor(
    readonly core: InstanceCache,
    /** The default-key prefix of the instance; `null` when the key is not the inline default. */
    readonly prefix: string | null,
    /** The cache's primary instance, keyed without its prefix (see the class notes). */
    readonly primary: boolean,
  ) {
    this.fast = prefix !== null && core.fastPath;
    this.lookup = core.lookupMethodKey;
    this.lookupArg = core.lookup;
  }

  /** The key of a call with one string or number argument (the prefix is not null). */
  keyOf(arg: string | number): MethodKey {
    let key = this.keys.get(arg);
    if (key === undefined) {
      key = new MethodKey(this.prefix!, arg, this.keys);
      this.keys.set(arg, key);
    }
    return key;
  }
}
