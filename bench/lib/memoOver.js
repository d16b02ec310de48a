'use strict';
/**
 * Turns a get/set store (an LRU library) into a memo the way a user would: get, and on a miss
 * call the function and set. Async memos store the promise (single flight for free).
 * `makeStore(opts)` returns an object with get(key) and set(key, value) (undefined = absent).
 */
function memoOver(makeStore) {
  return {
    sync(fn, opts) {
      const store = makeStore(opts);
      return function memo(k) {
        let v = store.get(k);
        if (v === undefined) {
          v = fn(k);
          store.set(k, v);
        }
        return v;
      };
    },
    async(fn, opts) {
      const store = makeStore(opts);
      return function memo(k) {
        let p = store.get(k);
        if (p === undefined) {
          p = fn(k);
          store.set(k, p);
        }
        return p;
      };
    },
    sync2(fn, opts) {
      const store = makeStore(opts);
      return function memo(...args) {
        const k = JSON.stringify(args);
        let v = store.get(k);
        if (v === undefined) {
          v = fn(...args);
          store.set(k, v);
        }
        return v;
      };
    },
  };
}

module.exports = { memoOver };
