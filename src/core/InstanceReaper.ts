import { CompositeKey } from './CompositeKey';
import type { EntryStore } from './EntryStore';
import { MethodKey, type CacheKey } from './MethodKey';

/**
 * Removes a collected instance's entries from a decorated method's cache: a `FinalizationRegistry`
 * reports each collected instance's key prefix, and one microtask later every entry under the
 * prefixes reported meanwhile leaves the table (its resources disposed as if evicted).
 * @internal
 */
export class InstanceReaper {
  readonly #registry = new FinalizationRegistry<string>((prefix) => this.collected(prefix));
  #dead: string[] = [];

  constructor(
    private readonly store: EntryStore,
    private readonly onRemoved: (key: CacheKey, value: unknown) => void,
  ) {}

  /** Watches `instance`, whose keys start with `prefix`. */
  register(instance: object, prefix: string): void {
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
    for (const [key, value] of Array.from(this.store.table.entries())) {
      const text = key instanceof MethodKey ? key.prefix : key instanceof CompositeKey ? key.text : key;
      if (typeof text !== 'string' || !prefixes.some((prefix) => text.startsWith(prefix))) continue;
      this.store.delete(key);
      this.onRemoved(key, value);
    }
  }
}
