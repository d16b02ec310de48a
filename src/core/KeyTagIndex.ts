import type { CacheKey } from './MethodKey';

/**
 * The tags of a *plain* cache's entries (`tags` option, no expiry), by key: a plain table holds raw
 * values, so the tags live here, indexed both ways (tag → keys for `invalidateTags`, key → tags to
 * forget a key that leaves the table). A tag carried by one key maps to that key itself; a `Set` is
 * made only once a second key carries it. Built only for caches with the option.
 * @internal
 */
export class KeyTagIndex {
  readonly #byTag = new Map<string, CacheKey | Set<CacheKey>>();
  readonly #byKey = new Map<CacheKey, readonly string[]>();

  /** Records that the entry under `key` carries `tags` (replacing what it carried before). */
  record(key: CacheKey, tags: readonly string[]): void {
    if (this.#byKey.has(key)) this.forget(key);
    this.#byKey.set(key, tags);
    const byTag = this.#byTag;
    for (const tag of tags) {
      const held = byTag.get(tag);
      if (held === undefined) byTag.set(tag, key);
      else if (held instanceof Set) held.add(key);
      else if (held !== key) byTag.set(tag, new Set([held, key]));
    }
  }

  /** Forgets `key` (its entry left the table); nothing when it carries no tags. */
  forget(key: CacheKey): void {
    const tags = this.#byKey.get(key);
    if (tags === undefined) return;
    this.#byKey.delete(key);
    const byTag = this.#byTag;
    for (const tag of tags) {
      const held = byTag.get(tag);
      if (held === key) byTag.delete(tag);
      else if (held instanceof Set && held.delete(key) && held.size === 0) byTag.delete(tag);
    }
  }

  /** Every key whose entry carries at least one of `tags` (each once). */
  carrying(tags: ReadonlySet<string>): CacheKey[] {
    if (tags.size === 1) {
      const [tag] = tags;
      const held = this.#byTag.get(tag);
      return held === undefined ? [] : held instanceof Set ? Array.from(held) : [held];
    }
    const found = new Set<CacheKey>();
    for (const tag of tags) {
      const held = this.#byTag.get(tag);
      if (held === undefined) continue;
      if (held instanceof Set) for (const key of held) found.add(key);
      else found.add(held);
    }
    return Array.from(found);
  }
}
