'use strict';
/**
 * Floors: the minimal hand-written memo (Map + wrapper). Async: caches the promise. With a TTL:
 * an entry with an expiry checked against Date.now() (or, in the `memo-coarse` variant, against a
 * coarse clock: one Date.now() reading reused until an unref'd 1 ms timer clears it). In D
 * (bounded), an exact LRU by Map delete + re-insert: the reference hit ratio.
 */

let coarse = 0;
const clearCoarse = () => {
  coarse = 0;
};
function coarseNow() {
  if (coarse !== 0) return coarse;
  coarse = Date.now();
  setTimeout(clearCoarse, 1).unref();
  return coarse;
}

function plain(fn) {
  const map = new Map();
  return function memo(k) {
    const v = map.get(k);
    if (v !== undefined) return v;
    const r = fn(k);
    map.set(k, r);
    return r;
  };
}

function lru(fn, max) {
  const map = new Map();
  return function memo(k) {
    const v = map.get(k);
    if (v !== undefined) {
      map.delete(k);
      map.set(k, v);
      return v;
    }
    const r = fn(k);
    map.set(k, r);
    if (map.size > max) map.delete(map.keys().next().value);
    return r;
  };
}

function expiring(fn, ttlMs, clock) {
  const map = new Map();
  return function memo(k) {
    const e = map.get(k);
    if (e !== undefined && clock() < e.until) return e.v;
    const r = fn(k);
    map.set(k, { v: r, until: clock() + ttlMs });
    return r;
  };
}

/**
 * The least an exact-LRU memo can do on a hit, hand-inlined: a `Map` from key to slot, the value in
 * a slot array and one recency stamp per hit (the recency list is only needed once the table first
 * fills, which A and F never do; a miss here just appends). What `maxsize` minimally adds to a memo.
 */
function lruFloor(fn, ttlMs, clock) {
  const slots = new Map();
  const values = [];
  const until = [];
  const stamps = new Uint32Array(1 << 16);
  let tick = 0;
  const stats = { hits: 0 }; // counted like a cache's statistics
  function memo(k) {
    const i = slots.get(k);
    if (i !== undefined && (ttlMs === null || clock() < until[i])) {
      stamps[i] = ++tick;
      stats.hits++;
      return values[i];
    }
    const r = fn(k);
    const slot = i ?? values.length;
    values[slot] = r;
    until[slot] = ttlMs === null ? 0 : clock() + ttlMs;
    stamps[slot] = ++tick;
    slots.set(k, slot);
    return r;
  }
  memo.stats = stats;
  return memo;
}

function build(fn, opts, clock) {
  if (opts.ttlMs !== null) return expiring(fn, opts.ttlMs, clock);
  if (opts.bounded) return lru(fn, opts.maxsize);
  return plain(fn);
}

module.exports = [
  {
    id: 'memo',
    name: 'minimal memo (Map + wrapper)',
    kind: 'floor',
    order: 1,
    floor: true,
    sync: (fn, opts) => build(fn, opts, Date.now),
    async: (fn, opts) => build(fn, opts, Date.now),
    sync2(fn) {
      const map = new Map();
      return function memo(...args) {
        const k = JSON.stringify(args);
        const v = map.get(k);
        if (v !== undefined) return v;
        const r = fn(...args);
        map.set(k, r);
        return r;
      };
    },
  },
  {
    id: 'memo-lru',
    name: 'exact-LRU memo floor (slot + stamp per hit)',
    kind: 'floor',
    order: 3,
    only: ['A', 'As', 'Fs'],
    sync: (fn, opts) => lruFloor(fn, opts.ttlMs, Date.now),
  },
  {
    id: 'memo-lru-coarse',
    name: 'exact-LRU memo floor, coarse clock',
    kind: 'floor',
    order: 4,
    only: ['Fs'],
    sync: (fn, opts) => lruFloor(fn, opts.ttlMs, coarseNow),
  },
  {
    id: 'memo-coarse',
    name: 'minimal memo, coarse clock',
    kind: 'floor',
    order: 2,
    only: ['Fs', 'Fa'],
    sync: (fn, opts) => build(fn, opts, coarseNow),
    async: (fn, opts) => build(fn, opts, coarseNow),
  },
];
