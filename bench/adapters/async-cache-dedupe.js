'use strict';
/**
 * async-cache-dedupe: async only, memory storage (an LRU of `size`). Its ttl 0 means "dedupe only,
 * never cache", so scenarios without a TTL get a ttl of one day.
 */
module.exports = {
  id: 'async-cache-dedupe',
  name: 'async-cache-dedupe',
  kind: 'peer',
  memoizer: true,
  order: 13,
  async(fn, opts) {
    const { createCache } = require('async-cache-dedupe');
    const cache = createCache({
      ttl: opts.ttlMs !== null ? opts.ttlMs / 1000 : 86_400,
      storage: { type: 'memory', options: { size: opts.maxsize ?? 100_000 } },
    });
    cache.define('fetch', (k) => fn(k));
    return (k) => cache.fetch(k);
  },
};
