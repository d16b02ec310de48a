'use strict';
/**
 * A tiny benchmark harness: a calibrated loop timed with process.hrtime.bigint, warmup, several
 * samples, median. No dependencies.
 */

const now = () => process.hrtime.bigint();

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

let sink;

/**
 * Times `call(keys[i & mask])` in a loop. `keys.length` must be a power of two.
 * Doubles the iteration count until one pass takes `minMs`, then takes `samples` passes.
 * @returns {{ nsPerOp: number, samples: number[], iterations: number }}
 */
function measureSync(call, keys, { minMs, samples }) {
  const mask = keys.length - 1;
  if ((keys.length & mask) !== 0) throw new Error('keys.length must be a power of two');
  function pass(n) {
    let last;
    const t0 = now();
    for (let i = 0; i < n; i++) last = call(keys[i & mask]);
    const t1 = now();
    sink = last;
    return Number(t1 - t0);
  }
  return calibrate(pass, minMs, samples);
}

/** As measureSync, with two arguments per call: `call(a[i], makeB(i))`. */
function measureSync2(call, firsts, makeSecond, { minMs, samples }) {
  const mask = firsts.length - 1;
  function pass(n) {
    let last;
    const t0 = now();
    for (let i = 0; i < n; i++) {
      const j = i & mask;
      last = call(firsts[j], makeSecond(j));
    }
    const t1 = now();
    sink = last;
    return Number(t1 - t0);
  }
  return calibrate(pass, minMs, samples);
}

/** As measureSync, awaiting each call (`await call(key)` in a loop). */
async function measureAsync(call, keys, { minMs, samples }) {
  const mask = keys.length - 1;
  async function pass(n) {
    let last;
    const t0 = now();
    for (let i = 0; i < n; i++) last = await call(keys[i & mask]);
    const t1 = now();
    sink = last;
    return Number(t1 - t0);
  }
  return calibrateAsync(pass, minMs, samples);
}

function calibrate(pass, minMs, samples) {
  const minNs = minMs * 1e6;
  let n = 256;
  for (;;) {
    const ns = pass(n);
    if (ns >= minNs || n >= 1 << 30) break;
    n = ns < minNs / 16 ? n * 8 : n * 2;
  }
  const results = [];
  for (let s = 0; s < samples; s++) results.push(pass(n) / n);
  return { nsPerOp: median(results), samples: results, iterations: n };
}

async function calibrateAsync(pass, minMs, samples) {
  const minNs = minMs * 1e6;
  let n = 256;
  for (;;) {
    const ns = await pass(n);
    if (ns >= minNs || n >= 1 << 30) break;
    n = ns < minNs / 16 ? n * 8 : n * 2;
  }
  const results = [];
  for (let s = 0; s < samples; s++) results.push((await pass(n)) / n);
  return { nsPerOp: median(results), samples: results, iterations: n };
}

function getSink() {
  return sink;
}

module.exports = { now, median, measureSync, measureSync2, measureAsync, getSink };
