'use strict';
/**
 * Serializer bench for the shared tier (issue #20): V8Serializer (node:v8 structured clone, the
 * default), JsonSerializer and msgpackr (`new Packr({ structuredClone: true })`, the closest it comes
 * to structured clone), on values services cache. Prints ns per serialize and per deserialize, the
 * encoded size, and which of the contract's types each one round-trips.
 *
 *   npm run build && node bench/serializers.js [--quick]
 *
 * msgpackr is a devDependency only while it is measured here (see bench/gaps.md for the verdict).
 */
const { isDeepStrictEqual } = require('node:util');
const { measureSync } = require('./lib/timing');
const { V8Serializer, JsonSerializer } = require('../dist');

let Packr;
try {
  ({ Packr } = require('msgpackr'));
} catch {
  // Not installed (it is kept only while it wins): the table has the two built-in serializers.
}

const quick = process.argv.includes('--quick');
const options = { minMs: quick ? 20 : 100, samples: quick ? 3 : 7 };

const user = (i) => ({
  id: 100_000 + i,
  name: `User Number ${i}`,
  email: `user${i}@example.com`,
  active: i % 3 !== 0,
  roles: ['reader', i % 2 ? 'writer' : 'admin'],
  createdAt: new Date(Date.UTC(2024, 0, 1) + i * 86_400_000),
  score: i * 1.5,
  address: { street: `${i} Main Street`, city: 'Springfield', zip: String(10_000 + i) },
});

const VALUES = {
  'one object (8 fields, a Date)': user(1),
  'a list of 100 objects': Array.from({ length: 100 }, (_, i) => user(i)),
  'Map/Set/bigint (50 entries each)': {
    index: new Map(Array.from({ length: 50 }, (_, i) => [`k${i}`, { at: new Date(i), n: BigInt(i) * 10n ** 12n }])),
    tags: new Set(Array.from({ length: 50 }, (_, i) => `tag-${i}`)),
  },
  'a 10 kB string': 'x'.repeat(10_000),
};

const packr = Packr && new Packr({ structuredClone: true });
const SERIALIZERS = {
  V8Serializer: new V8Serializer(),
  JsonSerializer: new JsonSerializer(),
  ...(packr && {
    'msgpackr (structuredClone)': { serialize: (v) => packr.pack(v), deserialize: (b) => packr.unpack(b) },
  }),
};

const cyclic = { name: 'cyclic' };
cyclic.self = cyclic;
const CONTRACT_TYPES = {
  Date: new Date(5),
  Map: new Map([[1, { a: 1 }]]),
  Set: new Set([1, 'x']),
  bigint: 2n ** 70n,
  RegExp: /a+/giu,
  'typed array': new Float64Array([1.5, 2]),
  undefined: undefined,
  NaN: Number.NaN,
  '-0': -0,
  'nested + cyclic': { list: [cyclic], cyclic },
};

function roundTrips(serializer, value) {
  try {
    const copy = serializer.deserialize(serializer.serialize(value));
    if (value === cyclic || (value && value.cyclic === cyclic)) return copy.cyclic.self === copy.cyclic;
    return Object.is(value, -0) ? Object.is(copy, -0) : isDeepStrictEqual(copy, value);
  } catch {
    return false;
  }
}

function rejectsFunction(serializer) {
  try {
    serializer.serialize({ fn() {} });
    return false;
  } catch {
    return true;
  }
}

const rows = [];
for (const [valueName, value] of Object.entries(VALUES)) {
  for (const [name, serializer] of Object.entries(SERIALIZERS)) {
    const bytes = serializer.serialize(value);
    const ser = measureSync((v) => serializer.serialize(v), [value], options).nsPerOp;
    const de = measureSync((b) => serializer.deserialize(b), [bytes], options).nsPerOp;
    rows.push({ valueName, name, ser, de, size: bytes.length });
  }
}

const fmt = (ns) =>
  ns >= 10_000 ? `${(ns / 1000).toFixed(0)} µs` : ns >= 1000 ? `${(ns / 1000).toFixed(1)} µs` : `${ns.toFixed(0)} ns`;
console.log(
  `node ${process.version}${packr ? `, msgpackr ${JSON.parse(require('node:fs').readFileSync(require.resolve('msgpackr').replace(/dist.*$|[^/]*$/, 'package.json'), 'utf8')).version}` : ''}\n`,
);
console.log('| value | serializer | serialize | deserialize | both | bytes |');
console.log('|---|---|---:|---:|---:|---:|');
for (const r of rows)
  console.log(`| ${r.valueName} | ${r.name} | ${fmt(r.ser)} | ${fmt(r.de)} | ${fmt(r.ser + r.de)} | ${r.size} |`);

console.log('\n| round-trips | ' + Object.keys(SERIALIZERS).join(' | ') + ' |');
console.log(
  '|---|' +
    Object.keys(SERIALIZERS)
      .map(() => ':-:|')
      .join(''),
);
for (const [typeName, value] of Object.entries(CONTRACT_TYPES)) {
  console.log(
    `| ${typeName} | ${Object.values(SERIALIZERS)
      .map((s) => (roundTrips(s, value) ? 'yes' : 'no'))
      .join(' | ')} |`,
  );
}
console.log(
  `| throws on a function | ${Object.values(SERIALIZERS)
    .map((s) => (rejectsFunction(s) ? 'yes' : 'no (dropped)'))
    .join(' | ')} |`,
);
