'use strict';
/** p-memoize 7 (ESM): async only. Bounded with a quick-lru cache (its README's recipe); no TTL option in v7. */
module.exports = {
  id: 'p-memoize',
  name: 'p-memoize',
  kind: 'peer',
  memoizer: true,
  order: 12,
  skip: { Fa: 'no TTL in v7 (needs expiry-map, not installed)' },
  async(fn, opts) {
    const pMemoize = require('p-memoize').default;
    const QuickLRU = require('quick-lru').default;
    const cache = opts.maxsize !== null ? new QuickLRU({ maxSize: opts.maxsize }) : new Map();
    return pMemoize(fn, { cache });
  },
};
