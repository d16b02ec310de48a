'use strict';
/** lru-cache 11 used as a memo (get, set on a miss); TTL via its `ttl` (coarse clock, ttlResolution 1 ms). */
const { memoOver } = require('../lib/memoOver');

module.exports = [
  {
    id: 'lru-cache',
    name: 'lru-cache as memo',
    kind: 'peer',
    order: 1,
    ...memoOver((opts) => {
      const { LRUCache } = require('lru-cache');
      return new LRUCache({ max: opts.maxsize ?? 100_000, ...(opts.ttlMs !== null ? { ttl: opts.ttlMs } : {}) });
    }),
  },
  {
    id: 'lru-cache-ttl',
    name: 'lru-cache with ttl (1 hour)',
    kind: 'peer',
    order: 2,
    only: ['E'],
    ...memoOver((opts) => {
      const { LRUCache } = require('lru-cache');
      return new LRUCache({ max: opts.maxsize ?? 100_000, ttl: 3_600_000 });
    }),
  },
];
