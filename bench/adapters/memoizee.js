'use strict';
/**
 * memoizee: bounded (`max` = the scenario's maxsize) and unbounded variants. One primitive
 * argument: `primitive: true`; two arguments with an object: `normalizer` JSON.stringify;
 * async: `promise: true`; TTL: `maxAge`.
 */

function make(bounded) {
  const base = (opts) => ({
    ...(bounded && opts.maxsize !== null ? { max: opts.maxsize } : {}),
    ...(opts.ttlMs !== null ? { maxAge: opts.ttlMs } : {}),
  });
  const memoize = (fn, o) => require('memoizee')(fn, o);
  return {
    sync: (fn, opts) => memoize(fn, { ...base(opts), primitive: true, length: 1 }),
    async: (fn, opts) => memoize(fn, { ...base(opts), primitive: true, length: 1, promise: true }),
    sync2: (fn, opts) =>
      memoize(fn, { ...base(opts), length: 2, normalizer: (args) => JSON.stringify([args[0], args[1]]) }),
  };
}

module.exports = [
  {
    id: 'memoizee',
    name: 'memoizee (max)',
    kind: 'peer',
    memoizer: true,
    order: 10,
    ...make(true),
  },
  {
    id: 'memoizee-unbounded',
    name: 'memoizee (unbounded)',
    kind: 'peer',
    memoizer: true,
    order: 11,
    skip: { D: 'unbounded: no eviction to measure', E: 'same table as memoizee (max) without the LRU list' },
    ...make(false),
  },
];
