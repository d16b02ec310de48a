import type { CacheErrorHandler } from '../../contracts/CacheErrorHandler';
import type { Clock } from '../../contracts/Clock';
import type { SharedTierError } from '../../contracts/errors/SharedTierError';
import type { SharedTier } from '../../policies/shared/SharedTier';
import type { ReceivedBusMessage } from '../../policies/shared/types';
import { reportShared } from './reportShared';

/** What a link routes bus messages to: one shared cache of the manager (`SharedCache`). @internal */
export interface SharedBusTarget {
  /** `namespace:name:version:`: the record keys (and `clear` prefix) of the cache. */
  readonly prefix: string;
  /** The longest a record of this cache can live from `now` on (ms; `Infinity` when unbounded). */
  recordLifeMs(now: number): number;
  /** Drops the memory-tier copies of these record keys (`settledOnly`: not flights). */
  dropRecords(recordKeys: readonly string[], settledOnly: boolean): void;
  /** Drops the whole memory tier (its flights too). */
  dropAll(): void;
  /** Drops the memory-tier entries carrying one of `tags`. */
  dropTags(tags: ReadonlySet<string>): void;
}

/** Tag times kept in memory at most; past it the cache of them starts over (they are read again). */
const MAX_CACHED_TAG_TIMES = 10_000;

/**
 * One manager's connection to one `SharedTier` (design/shared-tier.md "Invalidation bus"): it
 * listens to the tier's bus while the manager has shared caches on it, routes other processes'
 * messages to the caches they name (`invalidate`/`replace` by record key, `clear` by prefix, `tags`
 * to every cache), clears every shared cache's memory tier when the bus reconnects (messages may
 * have been missed), reports faults no caller awaits as `'shared-*'` errors, and keeps the tags'
 * invalidation times in memory (read from the tier on first need, raised by `tags` messages).
 * `close()` stops listening; a later shared call listens again. The tier itself is never closed
 * here: it belongs to whoever bound it (`redisTierModule` closes it when its container unbinds it).
 * @internal
 */
export class SharedLink {
  readonly tier: SharedTier;
  readonly #handler: CacheErrorHandler;
  readonly #clock: Clock;
  /** The shared caches on this tier, by prefix (several caches may share one), held weakly. */
  readonly #targets = new Map<string, Set<WeakRef<SharedBusTarget>>>();
  readonly #tagTimes = new Map<string, number>();
  #unlisten: (() => void) | null = null;

  constructor(tier: SharedTier, handler: CacheErrorHandler, clock: Clock) {
    this.tier = tier;
    this.#handler = handler;
    this.#clock = clock;
  }

  /** Routes the bus messages of `target`'s prefix to it (held weakly), and listens if not yet. */
  register(target: SharedBusTarget): void {
    let targets = this.#targets.get(target.prefix);
    if (targets === undefined) this.#targets.set(target.prefix, (targets = new Set()));
    targets.add(new WeakRef(target));
    this.listen();
  }

  /** Listens to the tier's bus (again, after `close()`). Cheap when already listening. */
  listen(): void {
    if (this.#unlisten !== null) return;
    this.#unlisten = this.tier.listen({
      message: (message) => this.#onMessage(message),
      reconnect: () => this.#onReconnect(),
      fault: (error) => this.#onFault(error),
    });
  }

  /** Stops listening (`manager.close()`); the tier stays open. */
  close(): void {
    const unlisten = this.#unlisten;
    this.#unlisten = null;
    unlisten?.();
  }

  /**
   * The latest invalidation times of `tags` (epoch ms, 0 for never), from memory, reading the ones not
   * known yet from the tier in one call; `undefined` when that read failed (reported).
   */
  async tagTimes(tags: readonly string[], cache: string): Promise<number[] | undefined> {
    const missing = tags.filter((tag) => !this.#tagTimes.has(tag));
    if (missing.length > 0) {
      let read: number[];
      try {
        read = await this.tier.readTagTimes(missing);
      } catch (error) {
        reportShared(this.#handler, error, 'shared-read', undefined, cache);
        return undefined;
      }
      missing.forEach((tag, i) => this.#noteTagTime(tag, read[i] ?? 0));
    }
    return tags.map((tag) => this.#tagTimes.get(tag) ?? 0);
  }

  /**
   * `invalidateTags` across processes: raises each tag's time to now in the tier, kept as long as the
   * longest-lived record of this manager's shared caches (a record carrying the tag can live no
   * longer), then publishes the tags. Failures are reported, never thrown.
   */
  async invalidateTags(tags: readonly string[]): Promise<void> {
    if (tags.length === 0) return;
    const at = this.#clock.now();
    for (const tag of tags) this.#noteTagTime(tag, at);
    if (!this.tier.available) return;
    try {
      await this.tier.raiseTagTimes(tags, at, this.#keepMs(at));
    } catch (error) {
      reportShared(this.#handler, error, 'shared-write', undefined, undefined);
      return;
    }
    try {
      await this.tier.publish({ type: 'tags', tags, at });
    } catch (error) {
      reportShared(this.#handler, error, 'shared-bus', undefined, undefined);
    }
  }

  /** How long a tag time must be kept: the longest remaining life of any record of these caches (≥ 1 ms). */
  #keepMs(now: number): number {
    let longest = 0;
    let any = false;
    for (const target of this.#live()) {
      any = true;
      longest = Math.max(longest, target.recordLifeMs(now));
    }
    return any ? Math.max(1, Math.ceil(longest)) : Infinity;
  }

  #noteTagTime(tag: string, at: number): void {
    const known = this.#tagTimes.get(tag);
    if (known !== undefined && known >= at) return;
    if (known === undefined && this.#tagTimes.size >= MAX_CACHED_TAG_TIMES) this.#tagTimes.clear();
    this.#tagTimes.set(tag, at);
  }

  /** The live targets (all, or those of one prefix), forgetting collected ones. */
  #live(prefix?: string): SharedBusTarget[] {
    const live: SharedBusTarget[] = [];
    const sets = prefix === undefined ? [...this.#targets.values()] : [this.#targets.get(prefix)];
    for (const targets of sets) {
      if (targets === undefined) continue;
      for (const ref of targets) {
        const target = ref.deref();
        if (target === undefined) targets.delete(ref);
        else live.push(target);
      }
    }
    return live;
  }

  #onMessage(message: ReceivedBusMessage): void {
    switch (message.type) {
      case 'invalidate':
      case 'replace': {
        const byPrefix = new Map<string, string[]>();
        for (const key of message.keys) {
          const brace = key.indexOf('{');
          if (brace === -1) continue;
          const prefix = key.slice(0, brace);
          const keys = byPrefix.get(prefix);
          if (keys === undefined) byPrefix.set(prefix, [key]);
          else keys.push(key);
        }
        for (const [prefix, keys] of byPrefix) {
          for (const target of this.#live(prefix)) target.dropRecords(keys, message.type === 'replace');
        }
        return;
      }
      case 'clear':
        for (const target of this.#live(message.prefix)) target.dropAll();
        return;
      case 'tags': {
        for (const tag of message.tags) this.#noteTagTime(tag, message.at);
        const tags = new Set(message.tags);
        for (const target of this.#live()) target.dropTags(tags);
        return;
      }
    }
  }

  #onReconnect(): void {
    // Invalidations may have been missed while the bus was down: nothing in memory can be trusted.
    this.#tagTimes.clear();
    for (const target of this.#live()) target.dropAll();
  }

  #onFault(error: SharedTierError): void {
    reportShared(this.#handler, error, 'shared-bus', error.key, undefined);
  }
}
