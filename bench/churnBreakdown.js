'use strict';
/**
 * Where a churn call's time goes (not one of the `npm run bench` scenarios; run after `npm run build`):
 * D's call sequence (Zipf(0.99) over 10,000 ids, 100,000 calls, maxsize 1,000), and a stream of
 * unique keys (every call a miss), replayed through cachewright's LRU table alone used as a memo,
 * lru-cache used as a memo, and a cachewright `wrap`. The table and the `wrap` share the table, so
 * their difference is the manager's own cost.
 *
 *   node bench/churnBreakdown.js                   every cell, strings and integers, a fresh process each
 *   node bench/churnBreakdown.js <cell> <sequence> one cell (table | lru-cache | wrap; zipf-s | zipf-i | misses)
 */
const { execFileSync } = require('node:child_process');

function cell(name, sequence) {
  require('reflect-metadata');
  const { zipfSequence } = require('./lib/prng');
  const { stringIdOf } = require('./lib/stringIds');
  const ints =
    sequence === 'misses'
      ? Array.from({ length: 1 << 18 }, (_, i) => i)
      : zipfSequence({ n: 10_000, s: 0.99, count: 100_000, seed: 20240601 });
  const keys = sequence === 'zipf-i' ? ints : ints.map((i) => (sequence === 'misses' ? 'id:' + i : stringIdOf(i)));
  const fn = (k) => (typeof k === 'string' ? k.length : k + 1);
  const make = () => {
    if (name === 'wrap') {
      const cw = require('../dist');
      return cw.createCacheContainer().get(cw.CacheManager).wrap(fn, { maxsize: 1000 });
    }
    if (name === 'lru-cache') {
      const { LRUCache } = require('lru-cache');
      const cache = new LRUCache({ max: 1000 });
      return (k) => {
        const v = cache.get(k);
        if (v !== undefined) return v;
        const r = fn(k);
        cache.set(k, r);
        return r;
      };
    }
    const { LeastRecentlyUsedTable } = require('../dist/policies/eviction/LeastRecentlyUsedTable');
    const table = new LeastRecentlyUsedTable(1000);
    const onEvict = () => undefined;
    return (k) => {
      const v = table.get(k);
      if (v !== undefined) return v;
      const r = fn(k);
      table.storeNew(k, r, onEvict);
      return r;
    };
  };
  const pass = () => {
    // A fresh cache per pass, as scenario D does (a stream of misses keeps one: it never warms).
    const call = make();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < keys.length; i++) call(keys[i]);
    return Number(process.hrtime.bigint() - t0) / keys.length;
  };
  for (let i = 0; i < 5; i++) pass();
  const ns = Array.from({ length: 15 }, pass).sort((a, b) => a - b);
  return ns[7];
}

const [name, sequence] = process.argv.slice(2);
if (name !== undefined) {
  process.stdout.write(`${cell(name, sequence).toFixed(1)}\n`);
} else {
  for (const seq of ['zipf-s', 'zipf-i', 'misses']) {
    const row = ['table', 'lru-cache', 'wrap'].map((n) => {
      const ns = execFileSync(process.execPath, [__filename, n, seq], { encoding: 'utf8' }).trim();
      return `${n} ${ns} ns`;
    });
    console.log(`${seq}: ${row.join(', ')} (median ns per call)`);
  }
}
