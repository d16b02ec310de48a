import type { Entry } from './Entry';

/**
 * The entries of one cache by tag (`tags` option), so `invalidateTags` finds them without a scan:
 * a rich cache's `Entry` objects, or a plain cache's keys (`KeyTagIndex`). Built only for caches
 * with the option: an untagged cache has none and pays nothing.
 *
 * A tag carried by one entry (the common case for a per-key tag such as `'user:{id}'`) maps to that
 * entry itself; a `Set` is made only once a second entry carries it (so an entry is never a `Set`).
 * @internal
 */
export class TagIndex<T = Entry> {
  readonly #byTag = new Map<string, T | Set<T>>();

  /** Records that `entry` carries `tags`. */
  add(entry: T, tags: readonly string[]): void {
    const byTag = this.#byTag;
    for (const tag of tags) {
      const held = byTag.get(tag);
      if (held === undefined) byTag.set(tag, entry);
      else if (held instanceof Set) held.add(entry);
      else if (held !== entry) byTag.set(tag, new Set([held, entry]));
    }
  }

  /** Forgets `entry` (it left the table). */
  remove(entry: T, tags: readonly string[]): void {
    const byTag = this.#byTag;
    for (const tag of tags) {
      const held = byTag.get(tag);
      if (held === entry) byTag.delete(tag);
      else if (held instanceof Set && held.delete(entry) && held.size === 0) byTag.delete(tag);
    }
  }

  /** Every entry carrying at least one of `tags` (each once). */
  carrying(tags: ReadonlySet<string>): T[] {
    const byTag = this.#byTag;
    if (tags.size === 1) {
      const [tag] = tags;
      const held = byTag.get(tag);
      return held === undefined ? [] : held instanceof Set ? Array.from(held) : [held];
    }
    const found = new Set<T>();
    for (const tag of tags) {
      const held = byTag.get(tag);
      if (held === undefined) continue;
      if (held instanceof Set) for (const entry of held) found.add(entry);
      else found.add(held);
    }
    return Array.from(found);
  }
}

/** True when `tags` holds one of `wanted`. @internal */
export function carriesAny(tags: readonly string[] | null, wanted: ReadonlySet<string>): boolean {
  if (tags === null) return false;
  for (const tag of tags) if (wanted.has(tag)) return true;
  return false;
}
