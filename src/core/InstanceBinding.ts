import type { CacheCore } from './CacheCore';
import { SmallIntegerKeyedMap } from '../policies/eviction/SmallIntegerKeyedMap';
import { MethodKey } from './MethodKey';

/** The per-instance state of a decorated method: its cache and key prefix. @internal */
export class InstanceBinding {
  /** The keys of this instance's live one-primitive-argument entries (see `MethodKey`). */
  readonly keys = new SmallIntegerKeyedMap<string | number, MethodKey>();

  /** A hit may be answered by `keys` and `lookup` alone (inline default key, no sweep due per call). */
  readonly fast: boolean;
  /** The core's hit lookup for method keys. */
  readonly lookup: (key: MethodKey) => unknown;

  constructor(
    readonly core: CacheCore,
    /** The default-key prefix of the instance; `null` when the key is not the inline default. */
    readonly prefix: string | null,
  ) {
    this.fast = prefix !== null && core.fastPath;
    this.lookup = core.lookupMethodKey;
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
