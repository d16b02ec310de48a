'use strict';
/**
 * Scenario M's harness applied to two floors (not one of the `npm run bench` scenarios): 20 caches
 * hit round-robin through one call site against the same calls sent to one cache, with M's plan
 * (1,024 calls over 1,000 string ids, cache j holding its own 50 ids). Shows what the call site alone
 * costs any cache built of closures or instances.
 *
 *   node bench/manyPeers.js            every floor, both modes, 3 fresh processes each
 *   node bench/manyPeers.js memo mixed one cell (memo | lru-cache; alone | mixed), in this process
 */
const { execFileSync } = require('node:child_process');
const { LRUCache } = require('lru-cache');
const { measureSync } = require('./lib/timing');

const MANY = 20;
const MAKERS = {
  memo: () => {
    const map = new Map();
    return function memo(k) {
      const v = map.get(k);
      if (v !== undefined) return v;
      const r = k.length;
      map.set(k, r);
      return r;
    };
  },
  'lru-cache': () => {
    const cache = new LRUCache({ max: 10_000 });
    return function memo(k) {
      const v = cache.get(k);
      if (v !== undefined) return v;
      const r = k.length;
      cache.set(k, r);
      return r;
    };
  },
};

function cell(floor, mode) {
  const make = MAKERS[floor];
  const ids = Array.from({ length: 1000 }, (_, i) => 'user:' + (100_000 + i * 7919));
  const plan = Array.from({ length: 1024 }, (_, i) => {
    const cache = i % MANY;
    return { cache, key: ids[cache * 50 + (Math.floor(i / MANY) % 50)] };
  });
  const calls = mode === 'alone' ? Array(MANY).fill(make()) : Array.from({ length: MANY }, make);
  for (const { cache, key } of plan) calls[cache](key);
  const caches = plan.map((p) => calls[p.cache]);
  const keys = plan.map((p) => p.key);
  const indices = plan.map((_, i) => i);
  return measureSync((i) => caches[i](keys[i]), indices, { minMs: 300, samples: 7 }).nsPerOp;
}

const [floor, mode] = process.argv.slice(2);
if (floor !== undefined) {
  process.stdout.write(`${cell(floor, mode).toFixed(2)}\n`);
} else {
  for (const name of Object.keys(MAKERS)) {
    const ns = { alone: [], mixed: [] };
    for (let run = 0; run < 3; run++) {
      for (const m of ['alone', 'mixed']) {
        ns[m].push(Number(execFileSync(process.execPath, [__filename, name, m], { encoding: 'utf8' }).trim()));
      }
    }
    console.log(`${name}: alone ${ns.alone.join(', ')} ns; mixed ${ns.mixed.join(', ')} ns per call`);
  }
}
