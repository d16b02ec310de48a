import type { CacheKey } from './MethodKey';
import { TagIndex } from './TagIndex';

/**
 * The tags of a *plain* cache's entries (`tags` option), by key: a plain table holds raw values, so
 * the tags live here, indexed both ways (a `TagIndex` of keys for `invalidateTags`, and key → tags
 * to forget a key that leaves the table). Built only for caches with the option.
 * @internal
 */
export class KeyTagIndex {
  readonly #byTag = new TagIndex<CacheKey>();
  readonly #byKey = new Map<CacheKey, readonly string[]>();

  /** Records that the entry under `key` carries `tags` (replacing what it carried before). */
  record(key: CacheKey, tags: readonly string[]): void {
    if (this.#byKey.has(key)) this.forget(key);
    this.#byKey.set(key, tags);
    this.#byTag.add(key, tags);
  }

  /** Forgets `key` (its entry left the table); nothing when it carries no tags. */
  forget(key: CacheKey): void {
    const tags = this.#byKey.get(key);
    if (tags === undefined) return;
    this.#byKey.delete(key);
    this.#byTag.remove(key, tags);
  }

  /** Every key whose entry carries at least one of `tags` (each once). */
  carrying(tags: ReadonlySet<string>): CacheKey[] {
    return this.#byTag.carrying(tags);
  }
}
