'use strict';
/** quick-lru 7 (ESM, loaded with require(esm)) used as a memo; TTL via `maxAge`. Not an exact LRU (two generations). */
const { memoOver } = require('../lib/memoOver');

module.exports = {
  id: 'quick-lru',
  name: 'quick-lru as memo',
  kind: 'peer',
  order: 4,
  ...memoOver((opts) => {
    const QuickLRU = require('quick-lru').default;
    return new QuickLRU({ maxSize: opts.maxsize ?? 100_000, ...(opts.ttlMs !== null ? { maxAge: opts.ttlMs } : {}) });
  }),
};
