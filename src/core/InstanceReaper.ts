import { CompositeKey } from './CompositeKey';
import type { EntryStore } from './EntryStore';
import { MethodKey, type CacheKey } from './MethodKey';

/**
 * Removes a collected instance's entries from a decorated method's cache: a `FinalizationRegistry`
 * reports each collected instance's key prefix, and one microtask later every entry of the instances
 * reported meanwhile leaves the table (its resources disposed as if evicted). An instance's entries
 * are those whose `MethodKey` or composite encoding carries its prefix; the primary instance's are
 * the others (raw keys and unprefixed encodings, see `InstanceBinding`).
 * @internal
 */
export class InstanceReaper {
  readonly #registry = new FinalizationRegistry<string>((prefix) => this.collected(prefix));
  #dead: string[] = [];
  /** The primary instance's prefix, once one is registered. */
  #primary: string | null = null;

  constructor(
    private readonly store: EntryStore,
    private readonly onRemoved: (key: CacheKey, value: unknown) => void,
  ) {}

  /** Watches `instance`, whose keys start with `prefix` (or are unprefixed, for the primary instance). */
  register(instance: object, prefix: string, primary = false): void {
    if (primary) this.#primary = prefix;
    this.#registry.register(instance, prefix);
  }

  /** Reports an instance collected (the registry's callback): its entries go one microtask later. */
  collected(prefix: string): void {
    this.#dead.push(prefix);
    if (this.#dead.length === 1) queueMicrotask(() => this.#reap());
  }

  #reap(): void {
    const prefixes = this.#dead;
    this.#dead = [];
    const primaryDead = this.#primary !== null && prefixes.includes(this.#primary);
    for (const [key, value] of Array.from(this.store.table.entries())) {
      let dead: boolean;
      if (key instanceof MethodKey) dead = prefixes.includes(key.prefix);
      else if (key instanceof CompositeKey && key.text.startsWith(PREFIXED))
        dead = prefixes.some((prefix) => key.text.startsWith(prefix));
      else dead = primaryDead;
      if (!dead) continue;
      this.store.delete(key);
      this.onRemoved(key, value);
    }
  }
}

/** How every instance prefix starts (`instancePrefix`): an encoding that does not is the primary's. */
const PREFIXED = '\u0000m';
