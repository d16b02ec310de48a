'use strict';
/** cache-manager 7 with its default in-memory Keyv store (unbounded: no maxsize), `wrap`: async only. */
module.exports = {
  id: 'cache-manager',
  name: 'cache-manager (memory)',
  kind: 'peer',
  memoizer: true,
  order: 15,
  async(fn, opts) {
    const { createCache } = require('cache-manager');
    const cache = createCache();
    const ttl = opts.ttlMs ?? 86_400_000;
    return (k) => cache.wrap(String(k), () => fn(k), ttl);
  },
};
