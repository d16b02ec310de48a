import type { Entry } from './Entry';

/**
 * The entries of one cache by tag (`tags` option), so `invalidateTags` finds them without a scan.
 * Built only for caches with the option: an untagged cache has none and pays nothing.
 * @internal
 */
export class TagIndex {
  readonly #byTag = new Map<string, Set<Entry>>();

  /** Records that `entry` carries `tags`. */
  add(entry: Entry, tags: readonly string[]): void {
    for (const tag of tags) {
      let entries = this.#byTag.get(tag);
      if (entries === undefined) this.#byTag.set(tag, (entries = new Set()));
      entries.add(entry);
    }
  }

  /** Forgets `entry` (it left the table). */
  remove(entry: Entry, tags: readonly string[]): void {
    for (const tag of tags) {
      const entries = this.#byTag.get(tag);
      if (entries === undefined) continue;
      entries.delete(entry);
      if (entries.size === 0) this.#byTag.delete(tag);
    }
  }

  /** Every entry carrying at least one of `tags` (each once). */
  carrying(tags: ReadonlySet<string>): Entry[] {
    const found = new Set<Entry>();
    for (const tag of tags) for (const entry of this.#byTag.get(tag) ?? []) found.add(entry);
    return Array.from(found);
  }
}

/** True when `tags` holds one of `wanted`. @internal */
export function carriesAny(tags: readonly string[] | null, wanted: ReadonlySet<string>): boolean {
  if (tags === null) return false;
  for (const tag of tags) if (wanted.has(tag)) return true;
  return false;
}
