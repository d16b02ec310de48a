'use strict';
/** @type-cacheable/core with its lru-cache adapter: a `@Cacheable` method, async only. */
module.exports = {
  id: 'type-cacheable',
  name: '@type-cacheable (lru-cache)',
  kind: 'peer',
  memoizer: true,
  order: 16,
  async(fn, opts) {
    require('reflect-metadata');
    const { Cacheable } = require('@type-cacheable/core');
    const { useAdapter } = require('@type-cacheable/lru-cache-adapter');
    const { LRUCache } = require('lru-cache');
    const client = new LRUCache({ max: opts.maxsize ?? 100_000 });
    const adapter = useAdapter(client);
    class Svc {
      async get(k) {
        return fn(k);
      }
    }
    const descriptor = Object.getOwnPropertyDescriptor(Svc.prototype, 'get');
    const ttlSeconds = opts.ttlMs !== null ? opts.ttlMs / 1000 : 86_400;
    const result = Cacheable({ cacheKey: (args) => String(args[0]), ttlSeconds, client: adapter })(
      Svc.prototype,
      'get',
      descriptor,
    );
    Object.defineProperty(Svc.prototype, 'get', result ?? descriptor);
    const instance = new Svc();
    return (k) => instance.get(k);
  },
};
