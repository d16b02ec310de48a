'use strict';
/**
 * The scenarios of DESIGN.md §1.2 (and issue 6). Each names the adapter setup it needs
 * (`sync`, `async`, `sync2`), the options every library gets, and its metric.
 *
 * metric: 'ops' (ops/s, higher is better), 'wall' (ms, lower), 'bytes' (per entry, lower).
 * adapters: when set, only these adapters take part (a cachewright feature no peer has: H, I).
 */

/** @typedef {{ maxsize: number | null, ttlMs: number | null, bounded: boolean, staleMs?: number }} SetupOptions */

const SCENARIOS = [
  {
    id: 'A',
    title: 'A sync hit (1 primitive arg, 1,000 keys, maxsize 10k, no TTL)',
    setup: 'sync',
    metric: 'ops',
    opts: { maxsize: 10_000, ttlMs: null, bounded: false },
  },
  {
    id: 'As',
    twin: 'A',
    title: "As: A with string ids ('user:12', 'ord_0000000c', UUIDs: 6–36 characters)",
    setup: 'sync',
    metric: 'ops',
    keys: 'string',
    opts: { maxsize: 10_000, ttlMs: null, bounded: false },
  },
  {
    id: 'B',
    title: 'B async hit (await in loop, 1,000 keys, maxsize 10k, no TTL)',
    setup: 'async',
    metric: 'ops',
    opts: { maxsize: 10_000, ttlMs: null, bounded: false },
  },
  {
    id: 'Bs',
    twin: 'B',
    title: 'Bs: B with string ids (6–36 characters)',
    setup: 'async',
    metric: 'ops',
    keys: 'string',
    opts: { maxsize: 10_000, ttlMs: null, bounded: false },
  },
  {
    id: 'C',
    title: 'C stampede (10,000 concurrent callers, one missing key, 10 ms loader)',
    setup: 'async',
    metric: 'wall',
    opts: { maxsize: 10_000, ttlMs: null, bounded: false },
  },
  {
    id: 'D',
    title: 'D LRU churn (maxsize 1,000; 100,000 calls, Zipf(0.99) over 10,000 keys)',
    setup: 'sync',
    metric: 'ops',
    opts: { maxsize: 1_000, ttlMs: null, bounded: true },
  },
  {
    id: 'Ds',
    twin: 'D',
    title: 'Ds: D with string ids (the same Zipf(0.99) sequence over 10,000 ids)',
    setup: 'sync',
    metric: 'ops',
    keys: 'string',
    opts: { maxsize: 1_000, ttlMs: null, bounded: true },
  },
  {
    id: 'E',
    title: "E bytes per entry, heap + ArrayBuffers (100,000 entries 'k'+i -> small value, no TTL)",
    setup: 'sync',
    metric: 'bytes',
    gc: true,
    opts: { maxsize: 100_000, ttlMs: null, bounded: false },
  },
  {
    id: 'Fs',
    title: 'F TTL 1 s hit, sync (1,000 keys, maxsize 10k)',
    setup: 'sync',
    metric: 'ops',
    opts: { maxsize: 10_000, ttlMs: 1_000, bounded: false },
  },
  {
    id: 'Fa',
    title: 'F TTL 1 s hit, async (1,000 keys, maxsize 10k)',
    setup: 'async',
    metric: 'ops',
    opts: { maxsize: 10_000, ttlMs: 1_000, bounded: false },
  },
  {
    id: 'Fss',
    twin: 'Fs',
    title: 'Fss: F sync with string ids (TTL 1 s, 1,000 ids, maxsize 10k)',
    setup: 'sync',
    metric: 'ops',
    keys: 'string',
    opts: { maxsize: 10_000, ttlMs: 1_000, bounded: false },
  },
  {
    id: 'Fas',
    twin: 'Fa',
    title: 'Fas: F async with string ids (TTL 1 s, 1,000 ids, maxsize 10k)',
    setup: 'async',
    metric: 'ops',
    keys: 'string',
    opts: { maxsize: 10_000, ttlMs: 1_000, bounded: false },
  },
  {
    id: 'M',
    title: 'M many caches: hits round-robin over 20 caches of different option sets (string ids), vs each set alone',
    setup: 'many',
    metric: 'ops',
    keys: 'string',
    opts: { maxsize: 10_000, ttlMs: null, bounded: false },
  },
  {
    id: 'T',
    title: "T invalidateTags(['all']) over 100,000 tagged entries (each tagged 't:<key>' and 'all')",
    setup: 'tags',
    metric: 'wall',
    opts: { maxsize: null, ttlMs: null, bounded: false },
  },
  {
    id: 'G',
    title: "G 2 args, one a plain object: f(i, { id: i % 100, tag: 'x' }) (1,000 keys, maxsize 10k)",
    setup: 'sync2',
    metric: 'ops',
    opts: { maxsize: 10_000, ttlMs: null, bounded: false },
  },
  {
    id: 'Hs',
    title:
      'H stale hit, sync (staleWhileRevalidate, 1,000 keys, maxsize 10k, TTL 5 s; cost against a fresh hit of the same cache)',
    setup: 'sync',
    metric: 'ops',
    adapters: ['cw-wrap', 'cw-cacheable'],
    opts: { maxsize: 10_000, ttlMs: 5_000, bounded: false, staleMs: 3_600_000 },
  },
  {
    id: 'Ha',
    title:
      'H stale hit, async (staleWhileRevalidate, 1,000 keys, maxsize 10k, TTL 5 s; cost against a fresh hit of the same cache)',
    setup: 'async',
    metric: 'ops',
    adapters: ['cw-wrap', 'cw-cacheable'],
    opts: { maxsize: 10_000, ttlMs: 5_000, bounded: false, staleMs: 3_600_000 },
  },
  {
    id: 'I',
    title: 'I sync hit inside withCacheScope (as A; cost against a hit before any scope was entered)',
    setup: 'sync',
    metric: 'ops',
    adapters: ['cw-wrap', 'cw-cacheable'],
    opts: { maxsize: 10_000, ttlMs: null, bounded: false },
  },
];

const BY_ID = new Map(SCENARIOS.map((s) => [s.id, s]));

/** Loads every adapter file in bench/adapters (a file exports one adapter or an array). */
function loadAdapters() {
  const fs = require('node:fs');
  const path = require('node:path');
  const dir = path.join(__dirname, 'adapters');
  const adapters = [];
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.js')) continue;
    const exported = require(path.join(dir, file));
    for (const adapter of Array.isArray(exported) ? exported : [exported]) adapters.push({ ...adapter, file });
  }
  const order = { floor: 0, cachewright: 1, peer: 2 };
  adapters.sort((a, b) => order[a.kind] - order[b.kind] || (a.order ?? 50) - (b.order ?? 50));
  return adapters;
}

/**
 * Whether `adapter` takes part in `scenario`: `null` if it does, else the reason it is skipped.
 */
function skipReason(adapter, scenario) {
  if (scenario.adapters && !scenario.adapters.includes(adapter.id)) return 'variant not meant for this scenario';
  // A string-id scenario (`twin`: its integer-key scenario) takes the adapters its twin takes.
  const ids = scenario.twin ? [scenario.id, scenario.twin] : [scenario.id];
  if (adapter.only && !ids.some((id) => adapter.only.includes(id))) return 'variant not meant for this scenario';
  const skipped = adapter.skip && ids.map((id) => adapter.skip[id]).find(Boolean);
  if (skipped) return skipped;
  if (typeof adapter[scenario.setup] !== 'function') {
    return {
      sync: 'no synchronous API',
      async: 'no asynchronous API',
      sync2: 'no synchronous API',
      many: 'cachewright only (the many-caches rows)',
      tags: 'cachewright only (tags)',
    }[scenario.setup];
  }
  return null;
}

module.exports = { SCENARIOS, BY_ID, loadAdapters, skipReason };
