import { InvalidCacheConfigError } from '../../contracts/errors/InvalidCacheConfigError';
import type { EvictionTable } from '../../contracts/EvictionTable';
import { noEvictions } from './noEvictions';
import { SmallIntegerKeyedMap } from './SmallIntegerKeyedMap';
import { NO_SLOT, type SlottedTable } from './SlottedTable';

/** "No slot": ends the link chain of a slot that was the tail when it was deleted. */
const NIL = 0xffff_ffff;
/** Marks a slot that holds no entry (keys may be `undefined`, so `undefined` cannot mark it). */
const FREE: unique symbol = Symbol('cachewright.freeSlot');
/** The radix sort of stamps (`#liveSlotsByStamp`): 11 bits a pass, three passes for 32 bits. */
const RADIX_BITS = 11;
const RADIX = 1 << RADIX_BITS;
const RADIX_MASK = RADIX - 1;
/** Slots allocated up front; a larger table grows by doubling, up to `maxsize`. */
const INITIAL_CAPACITY = 16;

/**
 * An exact least-recently-used table holding at most `maxsize` entries, after lru-cache's model: a
 * map from key to slot index (a `SmallIntegerKeyedMap`), keys and values in arrays, and the recency
 * list as `prev`/`next` links in `Uint32Array`s, with a free-slot stack. `get` refreshes an entry in O(1) by relinking
 * its slot (no `Map` re-insertion); `set` of a new key into a full table recycles the least
 * recently used slot.
 *
 * Slots are allocated lazily: the arrays start at `min(maxsize, 1024)` slots and double (capped at
 * `maxsize`) as entries arrive, so `maxsize = 1e9` costs no more than the entries actually stored.
 *
 * `entries()` runs least recently used first and yields at most the entries present when it
 * started. Deleting the entry just yielded (or any other entry) while iterating is safe: every
 * remaining entry is still visited once. `clear()` ends the iteration. `get`/`set` during an
 * iteration never corrupt the table and the iteration always ends, but it may then skip or repeat
 * entries (a `get` of each entry as it is yielded still visits each once).
 */
export class LeastRecentlyUsedTable<K, V> implements EvictionTable<K, V>, SlottedTable<K, V> {
  readonly #maxsize: number;
  /** The slot of each key (small integer keys read by offset, see `SmallIntegerKeyedMap`). */
  readonly #slots = new SmallIntegerKeyedMap<K, number>();
  #keys: Array<K | typeof FREE>;
  #values: Array<V | undefined>;
  #next: Uint32Array;
  #prev: Uint32Array;
  /** Slots allocated in the arrays above. */
  #capacity: number;
  /** Slots `0 … #fill - 1` have been handed out at least once; the rest are untouched. */
  #fill = 0;
  /** Slots released by `delete`, reused before `#fill` grows. */
  readonly #free: number[] = [];
  /** Least recently used slot; meaningless while the table is empty. */
  #head = 0;
  /** Most recently used slot; meaningless while the table is empty. */
  #tail = 0;
  /** Bumped by `clear()`, which ends running iterations. */
  #generation = 0;
  /**
   * Until the table first fills, recency is a stamp per slot (one store per hit) instead of list
   * links (several): nothing can be evicted yet, so the order is only needed later. The first
   * eviction sorts the slots by stamp into the `prev`/`next` list once (`#link`), and the table stays
   * linked from then on (until `clear()`). Exact LRU either way.
   */
  #linked = false;
  #stamps: Uint32Array;
  #tick = 0;
  /** The entry the last insertion evicted, until `set`/`store` hands it on (no array per eviction). */
  #didEvict = false;
  #evictedKey: K | undefined = undefined;
  #evictedValue: V | undefined = undefined;

  /**
   * @param maxsize - the bound: a positive safe integer.
   * @throws {@link InvalidCacheConfigError} when `maxsize` is not a positive safe integer (`0`,
   *   negatives, fractions, `NaN`, `Infinity`; use `UnboundedTable` for no bound).
   */
  constructor(maxsize: number) {
    if (!Number.isSafeInteger(maxsize) || maxsize < 1) {
      throw new InvalidCacheConfigError([
        { option: 'maxsize', value: maxsize, expected: 'a positive integer for an LRU table (null: unbounded)' },
      ]);
    }
    this.#maxsize = maxsize;
    const capacity = Math.min(maxsize, INITIAL_CAPACITY);
    this.#capacity = capacity;
    this.#keys = new Array<K | typeof FREE>(capacity).fill(FREE);
    this.#values = new Array<V | undefined>(capacity).fill(undefined);
    this.#next = new Uint32Array(capacity);
    this.#prev = new Uint32Array(capacity);
    this.#stamps = new Uint32Array(capacity);
  }

  /** The bound given to the constructor. */
  get maxsize(): number {
    return this.#maxsize;
  }

  /** {@inheritDoc EvictionTable.size} */
  get size(): number {
    return this.#slots.size;
  }

  /** {@inheritDoc EvictionTable.get} */
  get(key: K): V | undefined {
    const index = this.#slots.get(key);
    if (index === undefined) return undefined;
    this.refresh(index);
    return this.#values[index];
  }

  /** {@inheritDoc SlottedTable.keyIndex} @internal */
  get keyIndex(): SmallIntegerKeyedMap<K, number> {
    return this.#slots;
  }

  /** {@inheritDoc SlottedTable.slotOf} @internal */
  slotOf(key: K): number {
    return this.#slots.get(key) ?? NO_SLOT;
  }

  /** {@inheritDoc SlottedTable.valueAt} @internal */
  valueAt(slot: number): V {
    return this.#values[slot] as V;
  }

  /** {@inheritDoc EvictionTable.peek} */
  peek(key: K): V | undefined {
    const index = this.#slots.get(key);
    return index === undefined ? undefined : this.#values[index];
  }

  /**
   * Stores `value` under `key` as the most recently used entry. An existing key keeps its slot and
   * gets the new value. A new key in a full table evicts the least recently used entry and returns
   * it as `[[key, value]]` (a fresh array); otherwise returns a shared frozen empty array, which the
   * caller may iterate but not modify.
   */
  set(key: K, value: V): Array<[K, V]> {
    this.#insert(key, value);
    if (!this.#didEvict) return noEvictions<K, V>();
    const evicted: Array<[K, V]> = [[this.#evictedKey as K, this.#evictedValue as V]];
    this.#forgetEviction();
    return evicted;
  }

  /**
   * `set` for the manager's own calls, allocating nothing (see `SlottedTable.store`): returns the
   * slot `key` occupies (an LRU never evicts the entry it stores); an evicted entry goes to
   * `onEvict` (dropped when it is `null`).
   * @internal
   */
  store(key: K, value: V, onEvict: ((key: K, value: V) => void) | null): number {
    const slot = this.#insert(key, value);
    this.#handOnEviction(onEvict);
    return slot;
  }

  /**
   * `store` for a key the caller knows is absent (it has just missed and nothing could have stored
   * it since): skips the lookup that looks for it. Storing a present key this way corrupts the
   * table.
   * @internal
   */
  storeNew(key: K, value: V, onEvict: ((key: K, value: V) => void) | null): number {
    const slot = this.#insertNew(key, value);
    this.#handOnEviction(onEvict);
    return slot;
  }

  /**
   * Marks the entry in `slot` most recently used: `get` without the key lookup, for a caller that
   * knows which slot holds a live entry (the slot `store` returned, the entry not removed since).
   * @internal
   */
  refresh(slot: number): void {
    if (!this.#linked) this.#touch(slot);
    else if (slot !== this.#tail) this.#moveToTail(slot);
  }

  /**
   * Evicts the least recently used entry (for a bound the table does not know of: the manager's
   * weight bound), handing it to `onEvict`; false when the table is empty.
   * @internal
   */
  evictVictim(onEvict: (key: K, value: V) => void): boolean {
    if (this.#slots.size === 0) return false;
    if (!this.#linked) this.#link();
    const slot = this.#head;
    const key = this.#keys[slot] as K;
    const value = this.#values[slot] as V;
    this.delete(key);
    onEvict(key, value);
    return true;
  }

  /** An LRU has no regions to size (see `SlottedTable.sizeRegionsFor`). @internal */
  sizeRegionsFor(_entries: number): void {
    // Nothing to size: recency alone orders the entries.
  }

  /** Stores `key` → `value` and returns its slot; an eviction is left in the `#evicted…` fields. */
  #insert(key: K, value: V): number {
    const index = this.#slots.get(key);
    if (index === undefined) return this.#insertNew(key, value);
    this.#values[index] = value;
    this.refresh(index);
    return index;
  }

  /** `#insert` of a key known to be absent. */
  #insertNew(key: K, value: V): number {
    const stored = key === 0 ? (0 as K) : key; // -0 is stored as +0, as a Map stores it
    const size = this.#slots.size;
    if (size < this.#maxsize) {
      const slot = this.#free.length > 0 ? (this.#free.pop() as number) : this.#allocate();
      this.#keys[slot] = stored;
      this.#values[slot] = value;
      this.#slots.set(key, slot);
      if (!this.#linked) {
        this.#touch(slot);
      } else {
        if (size === 0) this.#head = slot;
        else this.#connect(this.#tail, slot);
        this.#tail = slot;
      }
      return slot;
    }
    if (!this.#linked) this.#link();
    // Full: recycle the least recently used slot for the new entry.
    const slot = this.#head;
    this.#evictedKey = this.#keys[slot] as K;
    this.#evictedValue = this.#values[slot];
    this.#didEvict = true;
    this.#slots.delete(this.#evictedKey);
    this.#keys[slot] = stored;
    this.#values[slot] = value;
    this.#slots.set(key, slot);
    if (slot !== this.#tail) {
      this.#head = this.#next[slot];
      this.#connect(this.#tail, slot);
      this.#tail = slot;
    }
    return slot;
  }

  /** Hands the entry the last insertion evicted (if any) to `onEvict`, and forgets it. */
  #handOnEviction(onEvict: ((key: K, value: V) => void) | null): void {
    if (!this.#didEvict) return;
    const key = this.#evictedKey as K;
    const value = this.#evictedValue as V;
    this.#forgetEviction();
    if (onEvict !== null) onEvict(key, value);
  }

  /** Drops the references to the last evicted entry (the table must not keep it alive). */
  #forgetEviction(): void {
    this.#didEvict = false;
    this.#evictedKey = undefined;
    this.#evictedValue = undefined;
  }

  /** {@inheritDoc EvictionTable.delete} */
  delete(key: K): boolean {
    const index = this.#slots.get(key);
    if (index === undefined) return false;
    this.#slots.delete(key);
    if (this.#linked) this.#unlink(index);
    // The slot keeps its `next` link, so an iteration standing on it can still move on.
    this.#keys[index] = FREE;
    this.#values[index] = undefined;
    this.#free.push(index);
    return true;
  }

  /** Takes a deleted slot out of the recency list (linked mode). */
  #unlink(index: number): void {
    if (this.#slots.size === 0) {
      this.#next[index] = NIL;
    } else if (index === this.#head) {
      this.#head = this.#next[index];
    } else if (index === this.#tail) {
      this.#tail = this.#prev[index];
      this.#next[index] = NIL;
    } else {
      this.#connect(this.#prev[index], this.#next[index]);
    }
  }

  /** Removes every entry; the table keeps its allocated slots and stays fully usable. */
  clear(): void {
    this.#slots.clear();
    this.#keys.fill(FREE, 0, this.#fill);
    this.#values.fill(undefined, 0, this.#fill);
    this.#fill = 0;
    this.#free.length = 0;
    this.#head = 0;
    this.#tail = 0;
    this.#generation++;
    this.#linked = false;
    this.#tick = 0;
  }

  /**
   * Every `[key, value]`, least recently used first. Deleting entries while iterating is safe;
   * `clear()` ends the iteration (see the class notes).
   */
  *entries(): IterableIterator<[K, V]> {
    // At most the entries present at the start are yielded: a consumer that refreshes each entry
    // with get() would otherwise chase it around the list for ever.
    let remaining = this.#slots.size;
    if (remaining === 0) return;
    if (!this.#linked) {
      yield* this.#entriesByStamp();
      return;
    }
    const generation = this.#generation;
    let index = this.#head;
    for (;;) {
      const key = this.#keys[index];
      if (key === FREE) {
        // Deleted after the previous step captured it: follow its kept link.
        index = this.#next[index];
        if (index === NIL) return;
        continue;
      }
      const last = index === this.#tail;
      const next = this.#next[index];
      yield [key, this.#values[index] as V];
      if (last || --remaining === 0 || generation !== this.#generation || this.#slots.size === 0) return;
      index = next;
    }
  }

  /** Live entries, least recently used first, from the stamps (unlinked mode); tolerates deletion. */
  *#entriesByStamp(): IterableIterator<[K, V]> {
    const generation = this.#generation;
    const slots = this.#liveSlotsByStamp();
    for (const slot of slots) {
      if (generation !== this.#generation) return;
      const key = this.#keys[slot];
      if (key === FREE) continue;
      yield [key, this.#values[slot] as V];
    }
  }

  /**
   * Live slots, least recently used first: an LSD radix sort of the slots by their 32-bit stamps
   * (11 bits a pass, passes above the highest stamp skipped). Linear, so the first eviction of a
   * 100,000-entry table costs about a millisecond, not the tens a comparator sort would.
   */
  #liveSlotsByStamp(): Uint32Array {
    const keys = this.#keys;
    const stamps = this.#stamps;
    let slots = new Uint32Array(this.#slots.size);
    let count = 0;
    for (let slot = 0; slot < this.#fill; slot++) if (keys[slot] !== FREE) slots[count++] = slot;
    let spare = new Uint32Array(count);
    const offsets = new Uint32Array(RADIX);
    for (let shift = 0; shift < 32 && this.#tick >>> shift !== 0; shift += RADIX_BITS) {
      offsets.fill(0);
      for (let i = 0; i < count; i++) offsets[(stamps[slots[i]] >>> shift) & RADIX_MASK]++;
      let start = 0;
      for (let digit = 0; digit < RADIX; digit++) {
        const n = offsets[digit];
        offsets[digit] = start;
        start += n;
      }
      for (let i = 0; i < count; i++) {
        const slot = slots[i];
        spare[offsets[(stamps[slot] >>> shift) & RADIX_MASK]++] = slot;
      }
      [slots, spare] = [spare, slots];
    }
    return slots;
  }

  /** Marks `index` most recently used (unlinked mode); past 2^32 − 2 stamps the table links itself. */
  #touch(index: number): void {
    if (this.#tick === 0xffff_fffe) {
      this.#link();
      if (index !== this.#tail) this.#moveToTail(index);
      return;
    }
    this.#stamps[index] = ++this.#tick;
  }

  /** Builds the recency list from the stamps, once: from then on hits relink in O(1). */
  #link(): void {
    const slots = this.#liveSlotsByStamp();
    this.#linked = true;
    if (slots.length === 0) return;
    this.#head = slots[0];
    for (let i = 1; i < slots.length; i++) this.#connect(slots[i - 1], slots[i]);
    this.#tail = slots[slots.length - 1];
    this.#next[this.#tail] = NIL;
  }

  #connect(previous: number, next: number): void {
    this.#prev[next] = previous;
    this.#next[previous] = next;
  }

  /** Makes `index` (not already the tail) the most recently used slot. */
  #moveToTail(index: number): void {
    if (index === this.#head) this.#head = this.#next[index];
    else this.#connect(this.#prev[index], this.#next[index]);
    this.#connect(this.#tail, index);
    this.#tail = index;
  }

  /** Hands out the next never-used slot, growing the arrays first when they are full. */
  #allocate(): number {
    if (this.#fill === this.#capacity) this.#grow();
    return this.#fill++;
  }

  #grow(): void {
    const capacity = Math.min(this.#maxsize, this.#capacity * 2);
    const next = new Uint32Array(capacity);
    next.set(this.#next);
    const prev = new Uint32Array(capacity);
    prev.set(this.#prev);
    const stamps = new Uint32Array(capacity);
    stamps.set(this.#stamps);
    this.#stamps = stamps;
    const keys = new Array<K | typeof FREE>(capacity).fill(FREE);
    const values = new Array<V | undefined>(capacity).fill(undefined);
    for (let i = 0; i < this.#capacity; i++) {
      keys[i] = this.#keys[i];
      values[i] = this.#values[i];
    }
    this.#next = next;
    this.#prev = prev;
    this.#keys = keys;
    this.#values = values;
    this.#capacity = capacity;
  }
}
