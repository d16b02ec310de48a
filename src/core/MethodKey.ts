import { ContentHashedKey } from '../policies/eviction/ContentHashedKey';
import { hashKey, hashString } from '../policies/eviction/hashKey';
import { methodKey } from './instanceKeys';

/**
 * The table key of a decorated method's call with one string or number argument: one object per
 * (instance, argument), kept in the instance binding's `keys`, so a hit looks up by identity (a
 * `Map` finds an object about twice as fast as a string) and builds nothing. Released from the
 * binding when its entry leaves the table, so the bindings hold exactly the live keys. Its hash
 * (for W-TinyLFU's sketch) comes from the prefix and the argument, so the key made for the same
 * call after a release hashes the same.
 * @internal
 */
export class MethodKey extends ContentHashedKey {
  /**
   * What a built-in bounded table holds under this key (a plain value or an `Entry`), `undefined`
   * when it holds nothing: a hit reads it here, without a second `Map` lookup. The manager sets it
   * with every store into that table and clears it with every removal (`release`).
   */
  stored: unknown = undefined;
  /** The table slot of `stored`, for the hit's refresh (`SlottedTable.refresh`). */
  slot = 0;

  constructor(
    /** The instance's key prefix (identifies the instance for cleanup once it is collected). */
    readonly prefix: string,
    readonly arg: string | number,
    readonly owner: MethodKeyOwner,
  ) {
    super();
  }

  /** The instance prefix's hash continued over the argument's. */
  override contentHash(): number {
    return hashString(this.prefix, hashKey(this.arg));
  }

  /** The key as reports and events show it: the encoding a composite method key would have. */
  override toString(): string {
    return methodKey(this.prefix, [this.arg]) as string;
  }

  /**
   * The key to store a late result under (a refresh or a `set` that settled after this key's entry
   * left the table): the binding's current key for the argument, or this one registered again when
   * there is none, so the stored entry stays reachable by the hit path.
   */
  live(): MethodKey {
    const current = this.owner.get(this.arg);
    if (current !== undefined) return current;
    this.owner.set(this.arg, this);
    return this;
  }

  /** Forgets this key in its binding (its entry left the table). */
  release(): void {
    this.stored = undefined;
    if (this.owner.get(this.arg) === this) this.owner.delete(this.arg);
  }
}

/** The per-instance map a `MethodKey` lives in (`InstanceBinding.keys`). @internal */
export interface MethodKeyOwner {
  get(arg: string | number): MethodKey | undefined;
  set(arg: string | number, key: MethodKey): unknown;
  delete(arg: string | number): unknown;
}

/** What the entry table of a cache is keyed by. @internal */
export type CacheKey =
  import('../strategies/encoding/encodeKey').TableKey | MethodKey | import('./CompositeKey').CompositeKey;
