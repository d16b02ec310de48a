'use strict';
/**
 * Seeded randomness shared by every worker, so each library sees the same key sequence.
 */

/** mulberry32: a small, fast, seeded 32-bit PRNG returning floats in [0, 1). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` draws from Zipf(`s`) over `n` keys (rank r has weight 1 / r^s), as integer keys
 * 0 … n-1. Ranks are mapped to keys through a seeded permutation, so the hot keys are not simply
 * 0, 1, 2 ….
 */
function zipfSequence({ n, s, count, seed }) {
  const random = mulberry32(seed);
  const cdf = new Float64Array(n);
  let total = 0;
  for (let r = 1; r <= n; r++) {
    total += 1 / Math.pow(r, s);
    cdf[r - 1] = total;
  }
  for (let i = 0; i < n; i++) cdf[i] /= total;
  const keyOfRank = new Int32Array(n);
  for (let i = 0; i < n; i++) keyOfRank[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = keyOfRank[i];
    keyOfRank[i] = keyOfRank[j];
    keyOfRank[j] = t;
  }
  const out = new Int32Array(count);
  for (let c = 0; c < count; c++) {
    const u = random();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    out[c] = keyOfRank[lo];
  }
  return Array.from(out);
}

module.exports = { mulberry32, zipfSequence };
