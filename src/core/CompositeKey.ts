import { ContentHashedKey } from '../policies/eviction/ContentHashedKey';
import { hashString } from '../policies/eviction/hashKey';

/**
 * The table key of a call whose default key is not one primitive argument (several arguments, an
 * object, a function, a key strategy's non-primitive result): its collision-free encoding (a string
 * starting with NUL) interned as an object. Composite keys are then never equal to a raw string
 * key, so a call with one string argument, whatever its characters, is its own key and the hit
 * path tests nothing about its content. It hashes by its encoding (for W-TinyLFU's sketch), so a
 * key interned again after the last one was collected hashes the same.
 * @internal
 */
export class CompositeKey extends ContentHashedKey {
  constructor(
    /** The encoding (see `encodeArgs` / `encodeKey`): what errors and disposal reports show. */
    readonly text: string,
  ) {
    super();
  }

  /** The encoding's hash. */
  override contentHash(): number {
    return hashString(this.text, 0);
  }

  /** The encoding. */
  override toString(): string {
    return this.text;
  }
}

/**
 * One cache's composite keys, by encoding: the same encoding gives the same object for as long as
 * anything (the table, a flight, a caller) holds it; the entry of a collected key is removed.
 * @internal
 */
export class CompositeKeys {
  readonly #byText = new Map<string, WeakRef<CompositeKey>>();
  readonly #registry = new FinalizationRegistry<string>((text) => {
    if (this.#byText.get(text)?.deref() === undefined) this.#byText.delete(text);
  });

  /** The key of `text`, a composite encoding. */
  intern(text: string): CompositeKey {
    let key = this.#byText.get(text)?.deref();
    if (key === undefined) {
      key = new CompositeKey(text);
      this.#byText.set(text, new WeakRef(key));
      this.#registry.register(key, text);
    }
    return key;
  }

  /**
   * Forgets every encoding at once (`clearCache`): the table no longer holds the keys, and a later
   * call interns its encoding anew. A key still held elsewhere (a flight the clear dropped) stays a
   * valid object; it is just no longer the one its encoding interns to.
   */
  clear(): void {
    this.#byText.clear();
  }

  /** Encodings interned (including some whose keys were collected and not yet cleaned up). */
  get size(): number {
    return this.#byText.size;
  }
}

/**
 * What a key looks like in errors, disposal reports and events: a composite key's encoding; any
 * other object key (a decorated method's `MethodKey`) as its string, the same encoding. @internal
 */
export function keyForReport(key: unknown): unknown {
  if (key instanceof CompositeKey) return key.text;
  return typeof key === 'object' && key !== null ? (key as { toString(): string }).toString() : key;
}
