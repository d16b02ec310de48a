import { FrequencySketch } from '../../../src/policies/eviction/FrequencySketch';

/** The mixed hash the table keeps for integer key `key`. */
const hashOf = (key: number): number => FrequencySketch.spread(key);

function incremented(sketch: FrequencySketch, key: number, times: number): FrequencySketch {
  for (let i = 0; i < times; i++) sketch.increment(hashOf(key));
  return sketch;
}

describe(FrequencySketch.name, () => {
  describe('constructor', () => {
    it('sizes the table from the maximum: 2 × ceilPow2(maximum) words, at least one 64-byte block', () => {
      expect(new FrequencySketch(1000).words).toBe(2048);
      expect(new FrequencySketch(1024).words).toBe(2048);
      expect(new FrequencySketch(1025).words).toBe(4096);
      expect(new FrequencySketch(1).words).toBe(16);
    });

    it('sets the aging period to 10 × maximum', () => {
      expect(new FrequencySketch(1000).sampleSize).toBe(10_000);
    });

    it('starts at the width for initialEntries when it is smaller', () => {
      expect(new FrequencySketch(1_000_000, 1024).words).toBe(2048);
    });
  });

  describe('frequency()', () => {
    it('is 0 for a key never seen', () => {
      expect(new FrequencySketch(512).frequency(hashOf(42))).toBe(0);
    });

    it('counts the increments of a key', () => {
      const sketch = incremented(new FrequencySketch(512), 7, 5);
      expect(sketch.frequency(hashOf(7))).toBe(5);
    });

    it('keeps keys apart in a roomy table (count-min: never below the true count)', () => {
      const sketch = new FrequencySketch(4096);
      for (let key = 0; key < 100; key++) incremented(sketch, key, key % 8);
      for (let key = 0; key < 100; key++) {
        expect(sketch.frequency(hashOf(key))).toBeGreaterThanOrEqual(key % 8);
      }
      const exact = Array.from({ length: 100 }, (_, key) => sketch.frequency(hashOf(key)) === key % 8);
      expect(exact.filter(Boolean).length).toBeGreaterThanOrEqual(98);
    });
  });

  describe('increment()', () => {
    it('saturates a counter at 15', () => {
      const sketch = incremented(new FrequencySketch(512), 3, 40);
      expect(sketch.frequency(hashOf(3))).toBe(15);
    });

    it('does not count an increment that raised no counter toward aging', () => {
      const sketch = incremented(new FrequencySketch(512), 3, 15);
      const additions = sketch.additions;
      incremented(sketch, 3, 10);
      expect(sketch.additions).toBe(additions);
    });

    it('ages the sketch (halves every counter) after sampleSize additions', () => {
      const sketch = new FrequencySketch(16); // aging every 160 additions
      incremented(sketch, 1, 12);
      const before = sketch.frequency(hashOf(1));
      expect(before).toBe(12);
      let key = 1000;
      while (sketch.additions !== 0 && sketch.frequency(hashOf(1)) === before) sketch.increment(hashOf(key++));
      expect(sketch.frequency(hashOf(1))).toBeLessThanOrEqual(7);
      expect(sketch.frequency(hashOf(1))).toBeGreaterThanOrEqual(6);
      expect(sketch.additions).toBeLessThan(sketch.sampleSize / 2);
    });
  });

  describe('reset()', () => {
    it('halves every counter, dropping the half of an odd one', () => {
      const sketch = new FrequencySketch(4096);
      incremented(sketch, 1, 15);
      incremented(sketch, 2, 9);
      incremented(sketch, 3, 1);
      sketch.reset();
      expect(sketch.frequency(hashOf(1))).toBe(7);
      expect(sketch.frequency(hashOf(2))).toBe(4);
      expect(sketch.frequency(hashOf(3))).toBe(0);
    });

    it('halves the additions counted, less a quarter of the odd counters', () => {
      const sketch = new FrequencySketch(4096);
      incremented(sketch, 1, 3); // four counters at 3: four odd
      expect(sketch.additions).toBe(3);
      sketch.reset();
      expect(sketch.additions).toBe((3 - 1) >>> 1);
    });
  });

  describe('ensureCapacity()', () => {
    it('widens the table up to the maximum, keeping every count', () => {
      const sketch = new FrequencySketch(100_000, 1024);
      for (let key = 0; key < 300; key++) incremented(sketch, key, (key % 15) + 1);
      const before = Array.from({ length: 300 }, (_, key) => sketch.frequency(hashOf(key)));
      sketch.ensureCapacity(10_000);
      expect(sketch.words).toBe(2 * 16_384);
      expect(Array.from({ length: 300 }, (_, key) => sketch.frequency(hashOf(key)))).toEqual(before);
      sketch.ensureCapacity(1e9);
      expect(sketch.words).toBe(2 * 131_072);
      expect(Array.from({ length: 300 }, (_, key) => sketch.frequency(hashOf(key)))).toEqual(before);
    });

    it('never narrows the table', () => {
      const sketch = new FrequencySketch(10_000);
      sketch.ensureCapacity(10);
      expect(sketch.words).toBe(2 * 16_384);
    });
  });

  describe('setMaximum()', () => {
    it('sets the aging period to 10 × the new maximum, aging at once when already past it', () => {
      const sketch = incremented(new FrequencySketch(1000), 1, 12);
      sketch.setMaximum(100);
      expect(sketch.sampleSize).toBe(1000);
      expect(sketch.frequency(hashOf(1))).toBe(12);
      for (let key = 100; sketch.additions < 999; key++) sketch.increment(hashOf(key));
      sketch.setMaximum(50);
      expect(sketch.additions).toBeLessThan(500);
      expect(sketch.frequency(hashOf(1))).toBeLessThanOrEqual(7);
    });
  });

  describe('spread()', () => {
    it('is a stable 32-bit mix that spreads sequential integers', () => {
      expect(FrequencySketch.spread(12345)).toBe(FrequencySketch.spread(12345));
      const blocks = new Set(Array.from({ length: 64 }, (_, i) => FrequencySketch.spread(i) & 63));
      expect(blocks.size).toBeGreaterThan(32);
      expect(Number.isInteger(FrequencySketch.spread(-1))).toBe(true);
    });
  });
});
