'use strict';
/** tiny-lru used as a memo; TTL via its `ttl` argument (Date.now per get). */
const { memoOver } = require('../lib/memoOver');

module.exports = {
  id: 'tiny-lru',
  name: 'tiny-lru as memo',
  kind: 'peer',
  order: 2,
  ...memoOver((opts) => {
    const { lru } = require('tiny-lru');
    return lru(opts.maxsize ?? 100_000, opts.ttlMs ?? 0);
  }),
};
