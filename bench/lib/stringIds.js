'use strict';
/**
 * String ids as services use them (DESIGN.md §1.2 round 2): 6–36 characters, three shapes in turn —
 * `user:<n>`, a base-36 order id `ord_xxxxxxxx`, and a UUID-like 36-character id — deterministic for
 * every integer key, so string-key scenarios replay their integer twins' key sequences exactly.
 */

/** A 32-bit mix of `n` (splitmix-like), for the UUID-like digits. */
function mix(n) {
  let x = (n + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

const hex = (n, width) => n.toString(16).padStart(width, '0').slice(-width);

/** The string id of integer key `n`. */
function stringId(n) {
  switch (n % 3) {
    case 0:
      return 'user:' + n;
    case 1:
      return 'ord_' + n.toString(36).padStart(8, '0');
    default: {
      const a = mix(n);
      const b = mix(n + 1);
      const c = mix(n + 2);
      const d = mix(n + 3);
      return `${hex(a, 8)}-${hex(b, 4)}-4${hex(b >>> 16, 3)}-8${hex(c, 3)}-${hex(c >>> 12, 4)}${hex(d, 8)}`;
    }
  }
}

const cache = new Map();
/** `stringId(n)`, the same string object each time (as ids read from a request would not be, but keys a loop replays are). */
function stringIdOf(n) {
  let id = cache.get(n);
  if (id === undefined) cache.set(n, (id = stringId(n)));
  return id;
}

module.exports = { stringId, stringIdOf };
