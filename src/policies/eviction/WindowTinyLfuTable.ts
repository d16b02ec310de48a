import { InvalidCacheConfigError } from '../../contracts/errors/InvalidCacheConfigError';
import type { EvictionTable } from '../../contracts/EvictionTable';
import { FrequencySketch } from './FrequencySketch';
import { hashKey } from './hashKey';
import { noEvictions } from './noEvictions';
import { SmallIntegerKeyedMap } from './SmallIntegerKeyedMap';
import { NO_SLOT, type SlottedTable } from './SlottedTable';

/** The three queues; each is also the slot of its list's sentinel (slots 0 … 2 hold no entry). */
const WINDOW = 0;
const PROBATION = 1;
const PROTECTED = 2;
/** A slot's flags: its queue in the low two bits, and this bit when its key's counters are all at 15. */
const QUEUE_MASK = 3;
const SATURATED = 4;
/** The first slot that holds entries. */
const FIRST_SLOT = 3;
/** Marks a slot that holds no entry (keys may be `undefined`, so `undefined` cannot mark it). */
const FREE: unique symbol = Symbol('cachewright.freeSlot');
/** Entry slots allocated up front; a larger table grows by doubling, up to `maxsize + 1`. */
const INITIAL_CAPACITY = 16;
/**
 * Entries the sketch is sized for from the start (up to `maxsize + 1`), whatever the table holds yet:
 * a narrower sketch would conflate the first keys' counts (glimpse @ 1,000 lost half a point), and
 * this one costs 8 KiB. It widens with the table beyond.
 */
const INITIAL_SKETCH_ENTRIES = 1024;
/** Caffeine's constants: main space 99 %, of it protected 80 %; hill climbing; flood guard. */
const PERCENT_MAIN = 0.99;
const PERCENT_MAIN_PROTECTED = 0.8;
const HILL_CLIMBER_RESTART_THRESHOLD = 0.05;
const HILL_CLIMBER_STEP_PERCENT = 0.0625;
const HILL_CLIMBER_STEP_DECAY_RATE = 0.98;
const ADMIT_HASHDOS_THRESHOLD = 6;
const ADMIT_HASHDOS_PROBABILITY = 1 / 128;
/** The most entries one operation moves between queues (the rest waits for the next operations). */
const QUEUE_TRANSFER_THRESHOLD = 1000;

/** Options of `WindowTinyLfuEviction` (for every table it builds): a seeded random source makes runs repeatable. */
export interface WindowTinyLfuOptions {
  /**
   * Uniform in [0, 1): the coin of the hash-flood guard.
   * @defaultValue `Math.random`
   */
  readonly random?: () => number;
  /**
   * `false`: the window keeps its initial 1 % (no hill climbing), for comparisons; a fixed window
   * falls behind LRU on recency-heavy workloads.
   * @defaultValue `true`
   */
  readonly adaptiveWindow?: boolean;
}

/**
 * A W-TinyLFU table of at most `maxsize` entries, after Caffeine's `BoundedLocalCache`: a small LRU
 * *window* (1 % of `maxsize` to start) in front of a segmented LRU *main* space (*probation* and
 * *protected*, 20 % / 80 %), and a {@link FrequencySketch} of every key's recent popularity.
 *
 * A new entry enters the window. The window's overflow moves to probation, where, once the table is
 * full, each such candidate meets the main space's victim (probation's least recently used entry):
 * the one with the lower estimated frequency is evicted, the victim on a tie, except that a warm
 * candidate (frequency ≥ 6) beats a victim at least as frequent with probability 1/128 (so an
 * attacker who raises a victim's counters by hash collisions cannot shut every newcomer out). A hit
 * in probation promotes the entry to protected, whose overflow returns to probation.
 *
 * Hill climbing sizes the window: every `10 × maxsize` operations (once the sketch is in use) the hit
 * rate of the sample is compared with the previous one; the window grows or shrinks by a step
 * (6.25 % of `maxsize` at first, ×0.98 each sample, back to 6.25 % after a change of 5 points), in
 * the same direction while the hit rate holds and the other way when it drops. A recency-heavy
 * workload gets a large window (LRU-like), a frequency-heavy one a small one.
 *
 * Every operation is O(1) (queue transfers are bounded per operation; the sketch's aging is
 * amortised) and a hit allocates nothing: entries live in slots of arrays (keys, values) and typed
 * arrays (links, queue, the key's hash, computed once when the key enters). The sketch widens with
 * the slot arrays (they grow by doubling up to `maxsize + 1`). `entries()` lists the window, probation, then protected, each least
 * recently used first, from a snapshot of the slots: deleting entries while iterating is safe; a
 * `set` may make it skip or repeat entries, `clear()` ends it. Keys are compared by SameValueZero.
 */
export class WindowTinyLfuTable<K, V> implements EvictionTable<K, V>, SlottedTable<K, V> {
  readonly #maxsize: number;
  readonly #random: () => number;
  readonly #slots = new SmallIntegerKeyedMap<K, number>();
  readonly #sketch: FrequencySketch;
  #keys: Array<K | typeof FREE>;
  #values: Array<V | undefined>;
  #next: Int32Array;
  #prev: Int32Array;
  /** Each slot's key hash, mixed by `FrequencySketch.spread`. */
  #hashes: Int32Array;
  /**
   * Each slot's queue (`WINDOW`, `PROBATION`, `PROTECTED`) and its `SATURATED` mark: the key's
   * counters are all at 15, so its increments change nothing until the sketch ages (which clears
   * every mark), and a hit of a hot key skips them.
   */
  #flags: Uint8Array;
  /** Slots allocated in the arrays above, sentinels included. */
  #capacity: number;
  /** Slots `0 … #fill - 1` have been handed out at least once. */
  #fill = FIRST_SLOT;
  readonly #free: number[] = [];
  /** Entries held (`#slots.size`, kept as a field: it is read on every insertion). */
  #size = 0;
  #generation = 0;
  #windowSize = 0;
  #protectedSize = 0;
  #windowMaximum: number;
  #protectedMaximum: number;
  // The hill climber (Caffeine's names).
  #sampleMisses = 0;
  #sampleRequests = 0;
  /** The request count at which `#climb` runs: the sample's end, or the next request while work is pending. */
  #climbAt: number;
  /** Requests per sample (`10 × maxsize`, the sketch's aging period; never reached for a fixed window). */
  #sampleLimit: number;
  readonly #adaptive: boolean;
  /** What the regions and the climber's step are sized from: `maxsize`, or `sizeRegionsFor`'s count. */
  #basis: number;
  #previousSampleHitRate = 0;
  #stepSize: number;
  /** Window growth (> 0) or shrinkage (< 0) still to apply. */
  #adjustment = 0;
  /** The entry the last insertion evicted, until `set`/`store` hands it on (no array per eviction). */
  #didEvict = false;
  #evictedKey: K | undefined = undefined;
  #evictedValue: V | undefined = undefined;

  /**
   * @param maxsize - the bound: a positive safe integer.
   * @throws {@link InvalidCacheConfigError} when `maxsize` is not a positive safe integer.
   */
  constructor(maxsize: number, options: WindowTinyLfuOptions = {}) {
    if (!Number.isSafeInteger(maxsize) || maxsize < 1) {
      throw new InvalidCacheConfigError([
        { option: 'maxsize', value: maxsize, expected: 'a positive integer for a W-TinyLFU table (null: unbounded)' },
      ]);
    }
    this.#maxsize = maxsize;
    this.#basis = maxsize;
    this.#random = options.random ?? Math.random;
    this.#adaptive = options.adaptiveWindow !== false;
    this.#windowMaximum = maxsize - Math.floor(PERCENT_MAIN * maxsize);
    this.#protectedMaximum = Math.floor(PERCENT_MAIN_PROTECTED * (maxsize - this.#windowMaximum));
    this.#stepSize = -HILL_CLIMBER_STEP_PERCENT * maxsize;
    const capacity = FIRST_SLOT + Math.min(maxsize + 1, INITIAL_CAPACITY);
    this.#capacity = capacity;
    this.#keys = new Array<K | typeof FREE>(capacity).fill(FREE);
    this.#values = new Array<V | undefined>(capacity).fill(undefined);
    this.#next = new Int32Array(capacity);
    this.#prev = new Int32Array(capacity);
    this.#hashes = new Int32Array(capacity);
    this.#flags = new Uint8Array(capacity);
    this.#sketch = new FrequencySketch(maxsize, Math.min(maxsize + 1, INITIAL_SKETCH_ENTRIES));
    this.#sampleLimit = this.#adaptive ? this.#sketch.sampleSize : Number.MAX_SAFE_INTEGER;
    this.#climbAt = this.#sampleLimit;
    this.#resetQueues();
  }

  /** The bound given to the constructor. */
  get maxsize(): number {
    return this.#maxsize;
  }

  /** {@inheritDoc EvictionTable.size} */
  get size(): number {
    return this.#size;
  }

  /**
   * The sizes and bounds of the three queues, for tests and diagnostics.
   * @internal
   */
  get regions(): {
    window: number;
    windowMaximum: number;
    probation: number;
    protected: number;
    protectedMaximum: number;
  } {
    return {
      window: this.#windowSize,
      windowMaximum: this.#windowMaximum,
      probation: this.#size - this.#windowSize - this.#protectedSize,
      protected: this.#protectedSize,
      protectedMaximum: this.#protectedMaximum,
    };
  }

  /** The frequency sketch. @internal */
  get sketch(): FrequencySketch {
    return this.#sketch;
  }

  /** The value under `key`, recording a hit (its frequency and recency); `undefined` when absent. */
  get(key: K): V | undefined {
    const slot = this.#slots.get(key);
    if (slot === undefined) return undefined;
    this.refresh(slot);
    return this.#values[slot];
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
    const slot = this.#slots.get(key);
    return slot === undefined ? undefined : this.#values[slot];
  }

  /**
   * Stores `value` under `key`. An existing key gets the new value and a hit. A new key enters the
   * window; when the table is then over `maxsize`, the entry admission rejects is evicted and
   * returned as `[[key, value]]` (a fresh array; possibly the new entry itself); otherwise returns a
   * shared frozen empty array, which the caller may iterate but not modify.
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
   * slot `key` occupies, or `NO_SLOT` when admission evicted the new entry itself; an evicted entry
   * goes to `onEvict` (dropped when it is `null`). Unlike `set`, storing over a present key records
   * no access (no count in the sketch or the climber's sample; recency is refreshed): the manager
   * stores there to complete an access it has already recorded (a miss's pending entry filled in, a
   * stale entry refetched by a call that hit it) or to replace a value (`set`), which is no request
   * for it; counting those would make every miss of a rich cache look twice as frequent as a hit.
   * @internal
   */
  store(key: K, value: V, onEvict: ((key: K, value: V) => void) | null): number {
    const slot = this.#slots.get(key);
    if (slot === undefined) return this.#handOnEviction(this.#insertNew(key, value), onEvict);
    this.#values[slot] = value;
    if (this.#next[slot] !== (this.#flags[slot] & QUEUE_MASK)) this.#relink(this.#flags[slot] & QUEUE_MASK, slot);
    return slot;
  }

  /**
   * `store` for a key the caller knows is absent: skips the lookup that looks for it. Storing a
   * present key this way corrupts the table.
   * @internal
   */
  storeNew(key: K, value: V, onEvict: ((key: K, value: V) => void) | null): number {
    return this.#handOnEviction(this.#insertNew(key, value), onEvict);
  }

  /**
   * Records a hit of the entry in `slot` (frequency, recency, the climber's sample): `get` without
   * the key lookup, for a caller that knows which slot holds a live entry.
   * @internal
   */
  refresh(slot: number): void {
    const flags = this.#flags[slot];
    if (flags < SATURATED) this.#count(slot);
    const queue = flags & QUEUE_MASK;
    if (queue === PROBATION && this.#protectedMaximum !== 0) {
      this.#moveTo(PROTECTED, slot);
      if (++this.#protectedSize > this.#protectedMaximum) this.#demoteFromProtected();
    } else if (this.#next[slot] !== queue) {
      this.#relink(queue, slot);
    }
    if (++this.#sampleRequests >= this.#climbAt) this.#climb();
  }

  /** {@inheritDoc EvictionTable.delete} */
  delete(key: K): boolean {
    const slot = this.#slots.get(key);
    if (slot === undefined) return false;
    this.#remove(slot);
    return true;
  }

  /** Removes every entry; the frequency history and the window's size stay (they describe the workload). */
  clear(): void {
    this.#slots.clear();
    this.#size = 0;
    this.#keys.fill(FREE, 0, this.#fill);
    this.#values.fill(undefined, 0, this.#fill);
    this.#fill = FIRST_SLOT;
    this.#free.length = 0;
    this.#windowSize = 0;
    this.#protectedSize = 0;
    this.#generation++;
    this.#resetQueues();
  }

  /** Every `[key, value]`: the window, probation, then protected, each least recently used first. */
  *entries(): IterableIterator<[K, V]> {
    if (this.#size === 0) return;
    const generation = this.#generation;
    const slots = new Int32Array(this.#size);
    let count = 0;
    for (let queue = WINDOW; queue <= PROTECTED; queue++) {
      for (let slot = this.#next[queue]; slot >= FIRST_SLOT; slot = this.#next[slot]) slots[count++] = slot;
    }
    for (let i = 0; i < count; i++) {
      if (generation !== this.#generation) return;
      const slot = slots[i];
      const key = this.#keys[slot];
      if (key !== FREE) yield [key, this.#values[slot] as V];
    }
  }

  /**
   * Evicts the entry admission picks (a bound the table does not know of: the manager's weight
   * bound): the window's oldest entry against probation's oldest, the less frequent goes, as when the
   * table is full. Hands it to `onEvict`; false when the table is empty.
   * @internal
   */
  evictVictim(onEvict: (key: K, value: V) => void): boolean {
    const size = this.#size;
    if (size === 0) return false;
    this.#evictFromMain(NO_SLOT, size - 1);
    this.#handOnEviction(NO_SLOT, onEvict);
    return true;
  }

  /**
   * Sizes the window, the protected space, the climber's step and sample and the sketch's aging for
   * `entries` entries, as the constructor does for `maxsize`: for a table whose own bound never binds
   * (a weight-bounded cache without `maxsize`), once the weight bound first evicts. The climber
   * starts over; the window's overflow moves to probation at once.
   * @internal
   */
  sizeRegionsFor(entries: number): void {
    const basis = Math.max(1, Math.min(Math.floor(entries), this.#maxsize));
    this.#basis = basis;
    this.#windowMaximum = basis - Math.floor(PERCENT_MAIN * basis);
    this.#protectedMaximum = Math.floor(PERCENT_MAIN_PROTECTED * (basis - this.#windowMaximum));
    this.#stepSize = -HILL_CLIMBER_STEP_PERCENT * basis;
    this.#sketch.setMaximum(basis);
    this.#sampleLimit = this.#adaptive ? this.#sketch.sampleSize : Number.MAX_SAFE_INTEGER;
    this.#sampleMisses = 0;
    this.#sampleRequests = 0;
    this.#previousSampleHitRate = 0;
    this.#adjustment = 0;
    this.#evictFromWindow();
    while (this.#protectedSize > this.#protectedMaximum) this.#demoteFromProtected();
    this.#climbAt = this.#sampleLimit;
  }

  /** Stores `key` → `value` and returns its slot (`NO_SLOT` if evicted at once). */
  #insert(key: K, value: V): number {
    const slot = this.#slots.get(key);
    if (slot === undefined) return this.#insertNew(key, value);
    this.#values[slot] = value;
    this.refresh(slot);
    return slot;
  }

  /** `#insert` of a key known to be absent: Caffeine's add, eviction and climbing, in that order. */
  #insertNew(key: K, value: V): number {
    const hash = FrequencySketch.spread(hashKey(key));
    // Counted before any eviction, as Caffeine's add does (the sketch knows nothing of slots).
    const outcome = this.#sketch.increment(hash);
    this.#sampleMisses++;
    let slot = this.#recycle();
    const recycled = slot !== NO_SLOT;
    if (!recycled) slot = this.#free.length > 0 ? (this.#free.pop() as number) : this.#allocate();
    this.#keys[slot] = key === 0 ? (0 as K) : key; // -0 is stored as +0, as a Map stores it
    this.#values[slot] = value;
    this.#hashes[slot] = hash;
    this.#append(WINDOW, slot, outcome === FrequencySketch.SATURATED ? SATURATED : 0);
    if (outcome === FrequencySketch.AGED) this.#clearSaturation();
    this.#windowSize++;
    this.#slots.set(key, slot);
    this.#size++;
    let stored = slot;
    if (!recycled) {
      const candidate = this.#evictFromWindow();
      if (this.#size > this.#maxsize) {
        this.#evictFromMain(candidate, this.#maxsize);
        if (this.#keys[slot] === FREE) stored = NO_SLOT; // admission turned the new entry away
      }
    }
    if (++this.#sampleRequests >= this.#climbAt) this.#climb();
    return stored;
  }

  /**
   * The usual eviction of a full table, done before the new entry is placed so that it takes the
   * freed slot: the window is full, so its oldest entry (the candidate) leaves it for probation,
   * where it meets probation's oldest (the victim); the less frequent goes. Caffeine's order (add,
   * move, compare) gives the same result: the new entry is neither of the two. Returns the freed
   * slot, or `NO_SLOT` when the table is not in that state (`#evictFromMain` then does the work).
   */
  #recycle(): number {
    if (this.#size !== this.#maxsize || this.#windowSize !== this.#windowMaximum) return NO_SLOT;
    const candidate = this.#next[WINDOW];
    const victim = this.#next[PROBATION];
    if (candidate < FIRST_SLOT || victim < FIRST_SLOT) return NO_SLOT;
    let evicted = candidate;
    if (this.#admit(this.#hashes[candidate], this.#hashes[victim])) {
      this.#moveTo(PROBATION, candidate);
      this.#windowSize--;
      evicted = victim;
    }
    this.#didEvict = true;
    this.#evictedKey = this.#keys[evicted] as K;
    this.#evictedValue = this.#values[evicted];
    this.#detach(evicted);
    return evicted;
  }

  /** Counts an occurrence of the key in `slot` in the sketch, keeping the saturation marks exact. */
  #count(slot: number): void {
    const outcome = this.#sketch.increment(this.#hashes[slot]);
    if (outcome === FrequencySketch.SATURATED) this.#flags[slot] |= SATURATED;
    else if (outcome === FrequencySketch.AGED) this.#clearSaturation();
  }

  /** The sketch has aged: no key is saturated any more. */
  #clearSaturation(): void {
    const flags = this.#flags;
    for (let slot = 0; slot < this.#fill; slot++) flags[slot] &= QUEUE_MASK;
  }

  /** Moves the window's overflow to probation; returns the first slot moved (`NO_SLOT`: none). */
  #evictFromWindow(): number {
    let first = NO_SLOT;
    while (this.#windowSize > this.#windowMaximum) {
      const slot = this.#next[WINDOW];
      if (slot < FIRST_SLOT) break;
      this.#moveTo(PROBATION, slot);
      this.#windowSize--;
      if (first === NO_SLOT) first = slot;
    }
    return first;
  }

  /**
   * Evicts until the table holds `maxsize` entries (Caffeine's `evictFromMain`): candidates (the
   * entries just moved from the window, then the window's own) meet victims (probation's least
   * recently used, then protected's, then the window's); the less frequent of each pair goes.
   */
  #evictFromMain(first: number, bound: number): void {
    let candidate = first;
    let candidateQueue = PROBATION;
    let victimQueue = PROBATION;
    let victim = this.#after(PROBATION);
    while (this.#size > bound) {
      if (candidate === NO_SLOT && candidateQueue === PROBATION) {
        candidate = this.#after(WINDOW);
        candidateQueue = WINDOW;
      }
      if (candidate === NO_SLOT && victim === NO_SLOT) {
        if (victimQueue === PROTECTED) {
          victim = this.#after(WINDOW);
          victimQueue = WINDOW;
          continue;
        } else if (victimQueue === PROBATION) {
          victim = this.#after(PROTECTED);
          victimQueue = PROTECTED;
          continue;
        }
        break;
      }
      let evict: number;
      if (victim === NO_SLOT) {
        evict = candidate;
        candidate = this.#after(candidate);
      } else if (candidate === NO_SLOT) {
        evict = victim;
        victim = this.#after(victim);
      } else if (candidate === victim) {
        evict = candidate;
        victim = this.#after(victim);
        candidate = NO_SLOT;
      } else if (this.#admit(this.#hashes[candidate], this.#hashes[victim])) {
        evict = victim;
        victim = this.#after(victim);
        candidate = this.#after(candidate);
      } else {
        evict = candidate;
        candidate = this.#after(candidate);
      }
      this.#evict(evict);
    }
  }

  /** Whether the candidate displaces the victim: more frequent, or warm and lucky (the flood guard). */
  #admit(candidateHash: number, victimHash: number): boolean {
    const candidateFrequency = this.#sketch.frequency(candidateHash);
    const victimFrequency = this.#sketch.frequency(victimHash);
    if (candidateFrequency > victimFrequency) return true;
    return candidateFrequency >= ADMIT_HASHDOS_THRESHOLD && this.#random() < ADMIT_HASHDOS_PROBABILITY;
  }

  /**
   * Caffeine's `climb`, run when a sample of `10 × maxsize` requests ends or an adjustment is
   * pending: a new adjustment from the sample's hit rate, protected's overflow demoted, then the
   * window resized (at most 1,000 entries moved per request; the rest waits for the next ones).
   */
  #climb(): void {
    if (this.#sampleRequests >= this.#sampleLimit) this.#determineAdjustment();
    if (this.#protectedSize > this.#protectedMaximum) this.#demoteFromProtected();
    if (this.#adjustment > 0) this.#increaseWindow();
    else if (this.#adjustment < 0) this.#decreaseWindow();
    // Pending work (an adjustment, or protected's overflow past one call's 1,000 moves): next request.
    const pending = this.#adjustment !== 0 || this.#protectedSize > this.#protectedMaximum;
    this.#climbAt = pending ? this.#sampleRequests + 1 : this.#sampleLimit;
  }

  /** Ends a sample: the step for the next one, from the change in hit rate. */
  #determineAdjustment(): void {
    const hitRate = (this.#sampleRequests - this.#sampleMisses) / this.#sampleRequests;
    const change = hitRate - this.#previousSampleHitRate;
    const amount = change >= 0 ? this.#stepSize : -this.#stepSize;
    this.#stepSize =
      Math.abs(change) >= HILL_CLIMBER_RESTART_THRESHOLD
        ? HILL_CLIMBER_STEP_PERCENT * this.#basis * (amount >= 0 ? 1 : -1)
        : HILL_CLIMBER_STEP_DECAY_RATE * amount;
    this.#previousSampleHitRate = hitRate;
    this.#adjustment = Math.trunc(amount);
    this.#sampleMisses = 0;
    this.#sampleRequests = 0;
  }

  /** Grows the window by the adjustment, taken from protected; moves main's oldest entries into it. */
  #increaseWindow(): void {
    if (this.#protectedMaximum === 0) {
      // Nothing to take until a later sample shrinks the window (which replaces the adjustment).
      this.#adjustment = 0;
      return;
    }
    let quota = Math.min(this.#adjustment, this.#protectedMaximum);
    this.#protectedMaximum -= quota;
    this.#windowMaximum += quota;
    this.#demoteFromProtected();
    for (let i = 0; i < QUEUE_TRANSFER_THRESHOLD && quota > 0; i++) {
      let slot = this.#after(PROBATION);
      if (slot === NO_SLOT) {
        slot = this.#after(PROTECTED);
        if (slot === NO_SLOT) break;
        this.#protectedSize--;
      }
      quota--;
      this.#moveTo(WINDOW, slot);
      this.#windowSize++;
    }
    this.#protectedMaximum += quota;
    this.#windowMaximum -= quota;
    this.#adjustment = quota;
  }

  /** Shrinks the window by the adjustment (keeping at least 1), giving it to protected. */
  #decreaseWindow(): void {
    if (this.#windowMaximum <= 1) {
      // At its minimum until a later sample grows it: retrying per request would change nothing.
      this.#adjustment = 0;
      return;
    }
    let quota = Math.min(-this.#adjustment, Math.max(0, this.#windowMaximum - 1));
    this.#protectedMaximum += quota;
    this.#windowMaximum -= quota;
    for (let i = 0; i < QUEUE_TRANSFER_THRESHOLD && quota > 0; i++) {
      const slot = this.#after(WINDOW);
      if (slot === NO_SLOT) break;
      quota--;
      this.#moveTo(PROBATION, slot);
      this.#windowSize--;
    }
    this.#protectedMaximum -= quota;
    this.#windowMaximum += quota;
    this.#adjustment = quota === 0 ? 0 : -quota;
  }

  /** Moves protected's least recently used entries to probation while it is over its bound. */
  #demoteFromProtected(): void {
    for (let i = 0; i < QUEUE_TRANSFER_THRESHOLD && this.#protectedSize > this.#protectedMaximum; i++) {
      const slot = this.#after(PROTECTED);
      if (slot === NO_SLOT) break;
      this.#moveTo(PROBATION, slot);
      this.#protectedSize--;
    }
  }

  /** Evicts the entry in `slot`, keeping it for the hand-off. */
  #evict(slot: number): void {
    this.#didEvict = true;
    this.#evictedKey = this.#keys[slot] as K;
    this.#evictedValue = this.#values[slot];
    this.#remove(slot);
  }

  /** Hands the entry the last insertion evicted (if any) to `onEvict`; returns `slot`. */
  #handOnEviction(slot: number, onEvict: ((key: K, value: V) => void) | null): number {
    if (!this.#didEvict) return slot;
    const key = this.#evictedKey as K;
    const value = this.#evictedValue as V;
    this.#forgetEviction();
    if (onEvict !== null) onEvict(key, value);
    return slot;
  }

  /** Drops the references to the last evicted entry (the table must not keep it alive). */
  #forgetEviction(): void {
    this.#didEvict = false;
    this.#evictedKey = undefined;
    this.#evictedValue = undefined;
  }

  /** Takes the entry in `slot` out of its queue and the index, and frees the slot. */
  #remove(slot: number): void {
    this.#detach(slot);
    this.#keys[slot] = FREE;
    this.#values[slot] = undefined;
    this.#free.push(slot);
  }

  /** Takes the entry in `slot` out of its queue and the index (the slot is then reused or freed). */
  #detach(slot: number): void {
    const queue = this.#flags[slot] & QUEUE_MASK;
    if (queue === WINDOW) this.#windowSize--;
    else if (queue === PROTECTED) this.#protectedSize--;
    this.#slots.delete(this.#keys[slot] as K);
    this.#size--;
    this.#unlink(slot);
  }

  /** The slot after `slot` in its queue (after the sentinel: the first), `NO_SLOT` at the end. */
  #after(slot: number): number {
    const next = this.#next[slot];
    return next < FIRST_SLOT ? NO_SLOT : next;
  }

  /** Makes `slot` (in a queue) the most recently used entry of `queue`. */
  #moveTo(queue: number, slot: number): void {
    this.#relink(queue, slot);
    this.#flags[slot] = (this.#flags[slot] & SATURATED) | queue;
  }

  /** Makes `slot` the most recently used entry of `queue` (its flags unchanged: it was in `queue`, or `#moveTo` sets them). */
  #relink(queue: number, slot: number): void {
    const next = this.#next;
    const prev = this.#prev;
    const before = prev[slot];
    const after = next[slot];
    next[before] = after;
    prev[after] = before;
    const last = prev[queue];
    next[last] = slot;
    prev[slot] = last;
    next[slot] = queue;
    prev[queue] = slot;
  }

  /** Links `slot` (in no queue) as the most recently used entry of `queue`, with `mark` (0 or `SATURATED`). */
  #append(queue: number, slot: number, mark: number): void {
    const last = this.#prev[queue];
    this.#next[last] = slot;
    this.#prev[slot] = last;
    this.#next[slot] = queue;
    this.#prev[queue] = slot;
    this.#flags[slot] = mark | queue;
  }

  #unlink(slot: number): void {
    const before = this.#prev[slot];
    const after = this.#next[slot];
    this.#next[before] = after;
    this.#prev[after] = before;
  }

  /** Empties the three queues (each sentinel linked to itself). */
  #resetQueues(): void {
    for (let queue = WINDOW; queue <= PROTECTED; queue++) {
      this.#next[queue] = queue;
      this.#prev[queue] = queue;
      this.#flags[queue] = queue;
    }
  }

  /** Hands out the next never-used slot, growing the arrays first when they are full. */
  #allocate(): number {
    if (this.#fill === this.#capacity) this.#grow();
    return this.#fill++;
  }

  #grow(): void {
    const capacity = Math.min(FIRST_SLOT + this.#maxsize + 1, (this.#capacity - FIRST_SLOT) * 2 + FIRST_SLOT);
    const next = new Int32Array(capacity);
    next.set(this.#next);
    const prev = new Int32Array(capacity);
    prev.set(this.#prev);
    const hashes = new Int32Array(capacity);
    hashes.set(this.#hashes);
    const flags = new Uint8Array(capacity);
    flags.set(this.#flags);
    const keys = new Array<K | typeof FREE>(capacity).fill(FREE);
    const values = new Array<V | undefined>(capacity).fill(undefined);
    for (let i = 0; i < this.#capacity; i++) {
      keys[i] = this.#keys[i];
      values[i] = this.#values[i];
    }
    this.#next = next;
    this.#prev = prev;
    this.#hashes = hashes;
    this.#flags = flags;
    this.#keys = keys;
    this.#values = values;
    this.#capacity = capacity;
    this.#sketch.ensureCapacity(capacity - FIRST_SLOT);
  }
}
