/** Every counter's low three bits: what is left of a word's counters after a shift right by one. */
const RESET_MASK = 0x7777_7777;
/** Every counter's lowest bit: the odd counters, whose halving loses a half. */
const ONE_MASK = 0x1111_1111;
/** The largest table, in 32-bit words (512 MiB): the sketch of a cache above ~67 million entries stops growing. */
const MAX_WORDS = 1 << 27;
/** A counter saturates at 15 (4 bits). */
const MAX_COUNT = 15;

/**
 * The popularity history of W-TinyLFU: a count-min sketch of 4-bit counters, depth 4, with periodic
 * aging, after Caffeine's `FrequencySketch` (the same block layout and hash rounds).
 *
 * The counters live in a `Int32Array` of `2 × ceilPow2(maximum)` words (8 counters a word, at least
 * one 64-byte block): about 8 to 16 bytes per entry of the cache. A key's four counters lie in one
 * 64-byte block chosen by its hash, one counter in each 16-byte quarter of it, so an increment
 * touches one cache line. A counter saturates at 15.
 *
 * The table starts at the width for `initialEntries` and widens with the cache's own arrays
 * ({@link ensureCapacity}), up to the width for `maximum`, so a cache with a huge bound that holds
 * few entries never pays for a huge sketch. Widening loses no count: a key's block in the doubled
 * table is its old block or the one an old-table length further (its counters in the block stay
 * where they were), so the doubled table is two copies of the old one.
 *
 * Aging: after `10 × maximum` increments that raised at least one counter (`sampleSize`), every
 * counter is halved ({@link reset}), so a key popular long ago fades. The cost, O(table), is
 * amortised over those increments.
 *
 * Keys are given by their 32-bit hash, mixed by {@link FrequencySketch.spread} (the table keeps each
 * key's mixed hash in its slot, so a hit hashes nothing).
 * @internal
 */
export class FrequencySketch {
  #maximum: number;
  #sampleSize: number;
  #table: Int32Array;
  #blockMask: number;
  #additions = 0;

  /**
   * @param maximum - the cache's bound (entries): sets the aging period and the widest table.
   * @param initialEntries - the entries to size the table for at first (at most `maximum`).
   */
  constructor(maximum: number, initialEntries: number = maximum) {
    this.#maximum = Math.max(1, Math.min(Math.floor(maximum), MAX_WORDS >>> 1));
    this.#sampleSize = 10 * this.#maximum;
    this.#table = new Int32Array(wordsFor(Math.min(initialEntries, this.#maximum)));
    this.#blockMask = (this.#table.length >>> 4) - 1;
  }

  /** What {@link increment} returns when every counter of the key was already at 15. */
  static readonly SATURATED = 0;
  /** What {@link increment} returns when it raised a counter. */
  static readonly COUNTED = 1;
  /** What {@link increment} returns when it raised a counter and then aged the whole sketch. */
  static readonly AGED = 2;

  /**
   * Mixes a key's hash (Caffeine's `spread`, a three-round function from the hash prospector), so
   * that sequential integers spread over the blocks. The table stores this for each key.
   */
  static spread(hash: number): number {
    let x = hash | 0;
    x ^= x >>> 17;
    x = Math.imul(x, 0xed5a_d4bb);
    x ^= x >>> 11;
    x = Math.imul(x, 0xac4c_1b51);
    x ^= x >>> 15;
    return x;
  }

  /** Increments (that raised a counter) between two agings: `10 × maximum`. */
  get sampleSize(): number {
    return this.#sampleSize;
  }

  /** Increments counted toward the next aging. */
  get additions(): number {
    return this.#additions;
  }

  /** The table's length in 32-bit words. */
  get words(): number {
    return this.#table.length;
  }

  /**
   * Sets the cache's bound anew (its table sized its regions for a new count): the aging period
   * becomes `10 × maximum` (aging at once when already past it) and the widest table follows; the
   * table is never narrowed.
   */
  setMaximum(maximum: number): void {
    this.#maximum = Math.max(1, Math.min(Math.floor(maximum), MAX_WORDS >>> 1));
    this.#sampleSize = 10 * this.#maximum;
    while (this.#additions >= this.#sampleSize) this.reset();
  }

  /** Widens the table (keeping every count) to the width for `entries`, capped at `maximum`'s. */
  ensureCapacity(entries: number): void {
    const words = wordsFor(Math.min(entries, this.#maximum));
    let table = this.#table;
    if (table.length >= words) return;
    while (table.length < words) {
      const wider = new Int32Array(table.length * 2);
      wider.set(table, 0);
      wider.set(table, table.length);
      table = wider;
    }
    this.#table = table;
    this.#blockMask = (table.length >>> 4) - 1;
  }

  /** The estimated number of occurrences of the key whose mixed hash is `hash` (0 … 15). */
  frequency(hash: number): number {
    const table = this.#table;
    const block = (hash & this.#blockMask) << 4;
    const h = rehash(hash);
    // Unrolled, as increment(): counter i is in quarter i of the block.
    const a = counterAt(table, block + ((h & 1) << 1) + ((h >>> 4) & 1), (h >>> 1) & 7);
    const b = counterAt(table, block + 4 + (((h >>> 8) & 1) << 1) + ((h >>> 12) & 1), (h >>> 9) & 7);
    const c = counterAt(table, block + 8 + (((h >>> 16) & 1) << 1) + ((h >>> 20) & 1), (h >>> 17) & 7);
    const d = counterAt(table, block + 12 + (((h >>> 24) & 1) << 1) + ((h >>> 28) & 1), (h >>> 25) & 7);
    const ab = a < b ? a : b;
    const cd = c < d ? c : d;
    return ab < cd ? ab : cd;
  }

  /**
   * Counts one occurrence of the key whose mixed hash is `hash` (each of its four counters below 15
   * is raised); ages the sketch once `sampleSize` increments have raised a counter. Returns
   * {@link FrequencySketch.SATURATED} when every counter was already 15 (nothing changed, and
   * nothing will for this key until the next aging), {@link FrequencySketch.AGED} when this
   * increment aged the sketch, else {@link FrequencySketch.COUNTED}.
   */
  increment(hash: number): number {
    const table = this.#table;
    const block = (hash & this.#blockMask) << 4;
    const h = rehash(hash);
    // Unrolled, as Caffeine's: counter i is in quarter i of the block, one of its 32 nibbles.
    const added =
      incrementAt(table, block + ((h & 1) << 1) + ((h >>> 4) & 1), (h >>> 1) & 7) |
      incrementAt(table, block + 4 + (((h >>> 8) & 1) << 1) + ((h >>> 12) & 1), (h >>> 9) & 7) |
      incrementAt(table, block + 8 + (((h >>> 16) & 1) << 1) + ((h >>> 20) & 1), (h >>> 17) & 7) |
      incrementAt(table, block + 12 + (((h >>> 24) & 1) << 1) + ((h >>> 28) & 1), (h >>> 25) & 7);
    if (added === 0) return FrequencySketch.SATURATED;
    if (++this.#additions < this.#sampleSize) return FrequencySketch.COUNTED;
    this.reset();
    return FrequencySketch.AGED;
  }

  /**
   * Ages the sketch: halves every counter (dropping the halves of odd ones) and the count of
   * additions toward the next aging accordingly. Runs by itself every `sampleSize` additions.
   */
  reset(): void {
    const table = this.#table;
    let odd = 0;
    for (let i = 0; i < table.length; i++) {
      const word = table[i];
      odd += bitCount(word & ONE_MASK);
      table[i] = (word >>> 1) & RESET_MASK;
    }
    this.#additions = Math.max(0, this.#additions - (odd >>> 2)) >>> 1;
  }
}

/** Caffeine's second hash round: picks the counters inside the block. */
function rehash(hash: number): number {
  const x = Math.imul(hash, 0x3184_8bab);
  return x ^ (x >>> 14);
}

/** Nibble `nibble` of `table[word]`. */
function counterAt(table: Int32Array, word: number, nibble: number): number {
  return (table[word] >>> (nibble << 2)) & MAX_COUNT;
}

/** Raises nibble `nibble` of `table[word]` unless it is 15; 1 when raised, else 0. */
function incrementAt(table: Int32Array, word: number, nibble: number): number {
  const shift = nibble << 2;
  const current = table[word];
  if (((current >>> shift) & MAX_COUNT) === MAX_COUNT) return 0;
  table[word] = (current + (1 << shift)) | 0;
  return 1;
}

/** Set bits of a 32-bit word. */
function bitCount(value: number): number {
  let v = value - ((value >>> 1) & 0x5555_5555);
  v = (v & 0x3333_3333) + ((v >>> 2) & 0x3333_3333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f_0f0f, 0x0101_0101) >>> 24) & 0xff;
}

/** The table length for a cache of `entries`: `2 × ceilPow2(entries)` words, at least one block. */
function wordsFor(entries: number): number {
  return Math.max(16, ceilingPowerOfTwo(entries) * 2);
}

function ceilingPowerOfTwo(value: number): number {
  let power = 1;
  while (power < value) power *= 2;
  return power;
}
