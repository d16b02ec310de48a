'use strict';
/** mnemonist's LRUCache used as a memo (no TTL support). */
const { memoOver } = require('../lib/memoOver');

module.exports = {
  id: 'mnemonist',
  name: 'mnemonist LRUCache as memo',
  kind: 'peer',
  order: 5,
  skip: { Fs: 'no TTL support', Fa: 'no TTL support' },
  ...memoOver((opts) => {
    const LRUCache = require('mnemonist/lru-cache');
    return new LRUCache(opts.maxsize ?? 100_000);
  }),
};
