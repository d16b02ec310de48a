'use strict';
/** bentocache with its memory driver (L1 only): async only, string keys, getOrSet. */
module.exports = {
  id: 'bentocache',
  name: 'bentocache (memory)',
  kind: 'peer',
  memoizer: true,
  order: 14,
  async(fn, opts) {
    const { BentoCache, bentostore } = require('bentocache');
    const { memoryDriver } = require('bentocache/drivers/memory');
    const bento = new BentoCache({
      default: 'memory',
      stores: { memory: bentostore().useL1Layer(memoryDriver({ maxItems: opts.maxsize ?? 100_000 })) },
    });
    const ttl = opts.ttlMs ?? '1d';
    return (k) => bento.getOrSet({ key: String(k), factory: () => fn(k), ttl });
  },
};
