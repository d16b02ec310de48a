'use strict';
/**
 * Hit ratios on real traces (design/eviction.md): `npm run bench:hitratio` (builds dist/ first), or
 *   node bench/hitratio.js [--seeds=N] [--traces=oltp,corda]
 *
 * Replays every trace of the traces directory at the sizes of its README's table through the real
 * cache: a function cached with `wrap` at that `maxsize`, once with each `eviction` option (`'lru'`,
 * and W-TinyLFU as a `WindowTinyLfuEviction` instance with a seeded random source), counting
 * the function's calls (hit ratio = 1 − calls / requests). Prints exact LRU, W-TinyLFU, W-TinyLFU
 * with a fixed 1 % window (no hill climbing: what the climber buys), Belady's optimum (computed
 * offline: the entry needed furthest in the future goes, the new one included, as Caffeine's
 * simulator computes it) and the README's figures side by side.
 *
 * W-TinyLFU's hash-flood guard admits a warm candidate with probability 1/128, so its figure moves
 * with the random source (up to ~1.3 points on multi2). Each row replays it with N seeded sources
 * (mulberry32, seeds 1 … N; default 5; `eviction: 'w-tinylfu'` itself uses `Math.random`) and
 * reports the median and the range; the median is checked.
 *
 * Exits with 1 when an exact-LRU figure differs from the README's by more than 0.01 (a check of the
 * replay itself) or a W-TinyLFU median is below the README's `W-TinyLFU ref` − 1.
 *
 * The traces: $CACHEWRIGHT_TRACES when set, else ../shared/traces beside the repository.
 */
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { mulberry32 } = require('./lib/prng');

const repo = path.join(__dirname, '..');
const argv = process.argv.slice(2);
const arg = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const seeds = Number(arg('seeds') ?? 5);
const traceFilter = arg('traces')?.split(',');

function tracesDirectory() {
  const candidates = [process.env.CACHEWRIGHT_TRACES, path.resolve(repo, '../shared/traces')].filter(Boolean);
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'README.md')));
  if (found === undefined) {
    throw new Error(
      `no traces directory (tried ${candidates.join(', ')}): set CACHEWRIGHT_TRACES to the directory of *.keys.gz and README.md`,
    );
  }
  return found;
}

/** The rows of the README's hit-ratio table: `| oltp @ 1,000 | 32.83 | 39.72 | note |`. */
function readRows(dir) {
  const rows = [];
  for (const line of fs.readFileSync(path.join(dir, 'README.md'), 'utf8').split('\n')) {
    const match = /^\|\s*([\w-]+)\s*@\s*([\d,]+)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|/.exec(line);
    if (match === null) continue;
    rows.push({
      trace: match[1],
      maxsize: Number(match[2].replace(/,/g, '')),
      lru: Number(match[3]),
      ref: Number(match[4]),
    });
  }
  if (rows.length === 0) throw new Error(`no hit-ratio table in ${path.join(dir, 'README.md')}`);
  return rows;
}

/** The trace's keys: numbers when they are safe integers, else the line itself (corda's int64 keys). */
function readTrace(dir, name) {
  const lines = zlib
    .gunzipSync(fs.readFileSync(path.join(dir, `${name}.keys.gz`)))
    .toString()
    .split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => {
    const n = Number(line);
    return Number.isSafeInteger(n) ? n : line;
  });
}

let cw;
function lib() {
  if (cw === undefined) {
    require('reflect-metadata');
    cw = require(path.join(repo, 'dist'));
  }
  return cw;
}

let manager;
/** One manager from a default container (its `EvictionPolicy` binding: LRU). */
function defaultManager() {
  if (manager === undefined) {
    const { createCacheContainer, CacheManager } = lib();
    manager = createCacheContainer().get(CacheManager);
  }
  return manager;
}

/** Replays `keys` through a function cached at `maxsize` with the `eviction` option; the hit ratio in %. */
function replay(keys, maxsize, eviction) {
  let calls = 0;
  const cached = defaultManager().wrap(
    (key) => {
      calls++;
      return key;
    },
    { maxsize, eviction },
  );
  for (let i = 0; i < keys.length; i++) cached(keys[i]);
  return (1 - calls / keys.length) * 100;
}

/** Belady's optimum in %: on a miss the entry whose next use is furthest goes (possibly the new one). */
function belady(keys, maxsize) {
  const n = keys.length;
  const nextUse = new Float64Array(n);
  const last = new Map();
  for (let i = n - 1; i >= 0; i--) {
    const next = last.get(keys[i]);
    nextUse[i] = next === undefined ? Infinity : next;
    last.set(keys[i], i);
  }
  // The cache is a set of "next request times"; a key never requested again gets a unique time ≥ n.
  const present = new Uint8Array(2 * n);
  const heap = new Int32Array(2 * n);
  let heapSize = 0;
  let never = n;
  let size = 0;
  let hits = 0;
  const push = (time) => {
    let i = heapSize++;
    heap[i] = time;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent] >= heap[i]) break;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  };
  const pop = () => {
    const top = heap[0];
    heap[0] = heap[--heapSize];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heapSize && heap[l] > heap[m]) m = l;
      if (r < heapSize && heap[r] > heap[m]) m = r;
      if (m === i) break;
      [heap[m], heap[i]] = [heap[i], heap[m]];
      i = m;
    }
    return top;
  };
  for (let i = 0; i < n; i++) {
    const hit = present[i] === 1;
    if (hit) {
      present[i] = 0;
      size--;
      hits++;
    }
    const time = nextUse[i] === Infinity ? never++ : nextUse[i];
    present[time] = 1;
    size++;
    push(time);
    if (!hit && size > maxsize) {
      let victim;
      do victim = pop();
      while (present[victim] === 0);
      present[victim] = 0;
      size--;
    }
  }
  return (hits / n) * 100;
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

function main() {
  const dir = tracesDirectory();
  const { WindowTinyLfuEviction } = lib();
  const rows = readRows(dir).filter((row) => !traceFilter || traceFilter.includes(row.trace));
  process.stdout.write(`traces: ${dir}; W-TinyLFU: median (min–max) of ${seeds} seeded random sources\n\n`);
  const header =
    '| trace @ maxsize | LRU | LRU ref | W-TinyLFU | (min–max) | W-TinyLFU ref | target | fixed 1 % window | optimum | check |';
  process.stdout.write(`${header}\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n`);
  const traces = new Map();
  let failed = false;
  for (const row of rows) {
    if (!traces.has(row.trace)) traces.set(row.trace, readTrace(dir, row.trace));
    const keys = traces.get(row.trace);
    const lru = replay(keys, row.maxsize, 'lru');
    const tinyLfu = Array.from({ length: seeds }, (_, s) =>
      replay(keys, row.maxsize, new WindowTinyLfuEviction({ random: mulberry32(s + 1) })),
    );
    const fixed = replay(
      keys,
      row.maxsize,
      new WindowTinyLfuEviction({ random: mulberry32(1), adaptiveWindow: false }),
    );
    const optimum = belady(keys, row.maxsize);
    const target = row.ref - 1;
    const problems = [];
    if (Math.abs(lru - row.lru) > 0.01) problems.push(`LRU off by ${(lru - row.lru).toFixed(2)}`);
    if (median(tinyLfu) < target) problems.push(`W-TinyLFU below ${target.toFixed(2)}`);
    failed ||= problems.length > 0;
    process.stdout.write(
      `| ${row.trace} @ ${row.maxsize.toLocaleString('en-US')} | ${lru.toFixed(2)} | ${row.lru.toFixed(2)} | ` +
        `${median(tinyLfu).toFixed(2)} | ${Math.min(...tinyLfu).toFixed(2)}–${Math.max(...tinyLfu).toFixed(2)} | ` +
        `${row.ref.toFixed(2)} | ≥ ${target.toFixed(2)} | ${fixed.toFixed(2)} | ${optimum.toFixed(2)} | ${problems.length ? problems.join('; ') : 'ok'} |\n`,
    );
  }
  process.stdout.write(failed ? '\nFAILED\n' : '\nevery row met\n');
  process.exitCode = failed ? 1 : 0;
}

main();
