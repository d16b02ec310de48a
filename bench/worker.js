'use strict';
/**
 * One measurement in a fresh process: `node [--expose-gc] bench/worker.js <scenario> <adapter> [--quick]`.
 * Prints one JSON line: { ok: true, value, extra } or { ok: false, error }.
 */
const { BY_ID, loadAdapters } = require('./scenarios');
const { measureSync, measureSync2, measureAsync, median, now, getSink } = require('./lib/timing');
const { zipfSequence } = require('./lib/prng');
const { stringIdOf } = require('./lib/stringIds');

const [scenarioId, adapterId] = process.argv.slice(2);
const quick = process.argv.includes('--quick');
const TIMING = quick ? { minMs: 10, samples: 3 } : { minMs: 50, samples: 7 };

/** 1,024 keys (a power of two for the loop mask) covering all of 0 … 999. */
function hitKeys() {
  return Array.from({ length: 1024 }, (_, i) => (i * 7919) % 1000);
}

/** The scenario's keys for integer keys `ints`: themselves, or their string ids (`keys: 'string'`). */
function keysOf(scenario, ints) {
  return scenario.keys === 'string' ? ints.map(stringIdOf) : ints;
}

/** A cheap function of a key of either kind (what the cached functions compute). */
const valueOf = (k) => (typeof k === 'string' ? k.length : k + 1);

/** V8 heap plus ArrayBuffer backing stores (typed arrays live outside the heap). */
function heapAndBuffers() {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function warmUp(adapter, fn, opts) {
  const call = await adapter.sync(fn, opts);
  call('warm');
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const run = {
  async A(adapter, scenario) {
    const keys = keysOf(scenario, hitKeys());
    const call = await adapter.sync(valueOf, scenario.opts, { keys });
    for (const k of keys) call(k);
    const r = measureSync(call, keys, TIMING);
    return { value: 1e9 / r.nsPerOp, extra: { nsPerOp: r.nsPerOp } };
  },
  async B(adapter, scenario) {
    const keys = keysOf(scenario, hitKeys());
    const call = await adapter.async(async (k) => valueOf(k), scenario.opts, { keys });
    for (const k of keys) await call(k);
    const r = await measureAsync(call, keys, TIMING);
    return { value: 1e9 / r.nsPerOp, extra: { nsPerOp: r.nsPerOp } };
  },
  async C(adapter, scenario) {
    let loads = 0;
    const call = await adapter.async(async (k) => {
      loads++;
      await sleep(10);
      return k;
    }, scenario.opts);
    async function stampede(key, callers) {
      loads = 0;
      const pending = new Array(callers);
      const t0 = now();
      for (let i = 0; i < callers; i++) pending[i] = call(key);
      const values = await Promise.all(pending);
      const ms = Number(now() - t0) / 1e6;
      if (values[callers - 1] !== key) throw new Error(`stampede returned ${values[callers - 1]}, expected ${key}`);
      return { ms, loads };
    }
    await stampede(-1, quick ? 200 : 1_000); // warmup
    const rounds = [];
    for (let r = 0; r < (quick ? 1 : 3); r++) rounds.push(await stampede(r, 10_000));
    return {
      value: median(rounds.map((x) => x.ms)),
      extra: { loaderCalls: Math.max(...rounds.map((x) => x.loads)) },
    };
  },
  async D(adapter, scenario) {
    const seq = keysOf(scenario, zipfSequence({ n: 10_000, s: 0.99, count: 100_000, seed: 20240601 }));
    let loads = 0;
    const fn = (k) => {
      loads++;
      return valueOf(k);
    };
    async function pass() {
      const call = await adapter.sync(fn, scenario.opts);
      loads = 0;
      let last;
      const t0 = now();
      for (let i = 0; i < seq.length; i++) last = call(seq[i]);
      const ns = Number(now() - t0);
      if (last !== valueOf(seq[seq.length - 1])) throw new Error('wrong value');
      return { ops: (seq.length * 1e9) / ns, hit: 1 - loads / seq.length };
    }
    for (let w = 0; w < (quick ? 1 : 3); w++) await pass();
    const passes = [];
    for (let p = 0; p < (quick ? 3 : 7); p++) passes.push(await pass());
    return { value: median(passes.map((p) => p.ops)), extra: { hitRatio: passes[0].hit } };
  },
  async E(adapter, scenario) {
    if (typeof global.gc !== 'function') throw new Error('run with --expose-gc');
    const n = 100_000;
    const keys = Array.from({ length: n }, (_, i) => 'k' + i);
    const fn = (k) => k.length;
    // A throwaway cache first, so module loading and one-time setup (a container) are not counted.
    // (In its own function: a value held across an `await` here would stay alive until `after`.)
    await warmUp(adapter, fn, scenario.opts);
    await sleep(0);
    global.gc();
    global.gc();
    const before = heapAndBuffers();
    const call = await adapter.sync(fn, scenario.opts);
    for (let i = 0; i < n; i++) call(keys[i]);
    global.gc();
    global.gc();
    const after = heapAndBuffers();
    if (call(keys[7]) !== 2) throw new Error('wrong value');
    return { value: (after - before) / n, extra: {} };
  },
  async G(adapter, scenario) {
    const firsts = hitKeys();
    const call = await adapter.sync2((a, b) => a + b.id, scenario.opts);
    const second = (j) => ({ id: firsts[j] % 100, tag: 'x' });
    for (let j = 0; j < firsts.length; j++) call(firsts[j], second(j));
    const r = measureSync2(call, firsts, second, TIMING);
    return { value: 1e9 / r.nsPerOp, extra: { nsPerOp: r.nsPerOp } };
  },
};
/**
 * T: `invalidateTags(['all'])` over 100,000 entries that each carry two tags, in wall ms (the fill is
 * not timed), as the median of fresh fills; also the time per removed entry.
 */
run.T = async function T(adapter) {
  const n = 100_000;
  const rounds = [];
  for (let r = 0; r < (quick ? 2 : 5); r++) {
    const cache = adapter.tags(n);
    if (cache.size() !== n) throw new Error(`filled ${cache.size()} entries, expected ${n}`);
    const t0 = now();
    const removed = await cache.invalidate(['all']);
    const ms = Number(now() - t0) / 1e6;
    if (removed !== n || cache.size() !== 0) throw new Error(`removed ${removed}, ${cache.size()} left`);
    if (r > 0) rounds.push(ms); // the first fill warms the code up
  }
  const ms = median(rounds);
  return { value: ms, extra: { nsPerEntry: Number(((ms * 1e6) / n).toFixed(1)) } };
};
run.As = run.A;
run.Bs = run.B;
run.Ds = run.D;
run.Fs = run.A;
run.Fa = run.B;

/**
 * H: stale hits against fresh hits of the same cache. 1,000 keys are filled, left to expire (inside
 * `staleWhileRevalidate`) and called once each, which starts their one refresh; the refreshes fail,
 * and the entries stay under `staleIfError`, whose backoff holds the next refresh. (A refresh left
 * pending would measure something else: while any async fetch is pending, Node's AsyncLocalStorage
 * promise hooks tax every await of the process, fresh hits included.) Then 1,000 other keys are
 * filled (fresh), and passes over the stale and the fresh keys alternate, so both are timed in the
 * same state of the process. The value is the stale hits' ops/s; `costVsFresh` their time per hit
 * over the fresh hits' (DESIGN target: <= 1.2).
 */
const once = () => ({ minMs: TIMING.minMs, samples: 1 });

async function staleHits(adapter, scenario, kind) {
  const staleKeys = hitKeys();
  const freshKeys = staleKeys.map((k) => k + 1000);
  const { ttlMs } = scenario.opts;
  let down = false;
  const fail = (k) => down && k < 1000;
  const fn =
    kind === 'sync'
      ? (k) => {
          if (fail(k)) throw new Error('source down');
          return k + 1;
        }
      : async (k) => {
          if (fail(k)) throw new Error('source down');
          return k + 1;
        };
  const call = await adapter[kind](fn, scenario.opts, { keys: staleKeys });
  const filled = Date.now();
  for (const k of staleKeys) await call(k);
  await sleep(filled + ttlMs + 50 - Date.now());
  down = true;
  for (const k of staleKeys) await call(k); // starts each stale key's one refresh
  await sleep(20); // the refreshes run (sync ones in a setImmediate) and fail
  const freshFrom = Date.now();
  for (const k of freshKeys) await call(k);
  // One calibration (on the fresh keys), then passes of that many calls each.
  const calibrated =
    kind === 'sync' ? measureSync(call, freshKeys, once()) : await measureAsync(call, freshKeys, once());
  const n = calibrated.iterations;
  const mask = freshKeys.length - 1;
  const measure = async (keys) => {
    let last;
    const t0 = now();
    if (kind === 'sync') for (let i = 0; i < n; i++) last = call(keys[i & mask]);
    else for (let i = 0; i < n; i++) last = await call(keys[i & mask]);
    const ns = Number(now() - t0) / n;
    if (last === undefined) throw new Error('no value');
    return { nsPerOp: ns };
  };
  const fresh = [];
  const stale = [];
  for (let round = 0; round < TIMING.samples; round++) {
    if (round % 2 === 0) {
      fresh.push((await measure(freshKeys)).nsPerOp);
      stale.push((await measure(staleKeys)).nsPerOp);
    } else {
      stale.push((await measure(staleKeys)).nsPerOp);
      fresh.push((await measure(freshKeys)).nsPerOp);
    }
  }
  if (Date.now() - freshFrom >= ttlMs) throw new Error(`the measurement outlasted the ${ttlMs} ms TTL`);
  if ((await call(staleKeys[1])) !== staleKeys[1] + 1) throw new Error('a stale hit returned the wrong value');
  const staleNs = median(stale);
  const freshNs = median(fresh);
  return { value: 1e9 / staleNs, extra: { nsPerOp: staleNs, freshNsPerOp: freshNs, costVsFresh: staleNs / freshNs } };
}
run.Hs = (adapter, scenario) => staleHits(adapter, scenario, 'sync');
run.Ha = (adapter, scenario) => staleHits(adapter, scenario, 'async');

/**
 * I: A's hits measured before any `withCacheScope` was entered in the process, then inside one
 * (a scope that sets nothing), then outside again. The value is the scoped hits' ops/s;
 * `costVsPlain` their time per hit over the first measurement's.
 */
run.I = async (adapter, scenario) => {
  const keys = hitKeys();
  const call = await adapter.sync((k) => k + 1, scenario.opts, { keys });
  for (const k of keys) call(k);
  const plain = measureSync(call, keys, TIMING);
  const scoped = adapter.inScope(() => measureSync(call, keys, TIMING));
  const after = measureSync(call, keys, TIMING);
  return {
    value: 1e9 / scoped.nsPerOp,
    extra: {
      nsPerOp: scoped.nsPerOp,
      plainNsPerOp: plain.nsPerOp,
      costVsPlain: scoped.nsPerOp / plain.nsPerOp,
      outsideAfterScopeNsPerOp: after.nsPerOp,
    },
  };
};
run.Fss = run.A;
run.Fas = run.B;

/**
 * M: 20 caches of different option sets hit round-robin, against each option set alone. Both rows
 * replay the same 1,024 calls over the same 1,000 ids (cache j holds its own 50 ids): the mixed row
 * spreads them over the 20 caches, the alone row sends them all to one cache of one set, measured
 * in a fresh process per set (run by the adapter's `alone`). The working set is the same, so what
 * the ratio measures is the cost of many caches and shapes on one hit path.
 */
run.M = async function M(adapter, scenario) {
  const ids = keysOf(
    scenario,
    Array.from({ length: 1000 }, (_, i) => i),
  );
  const plan = Array.from({ length: 1024 }, (_, i) => {
    const cache = i % MANY;
    return { cache, key: ids[cache * 50 + (Math.floor(i / MANY) % 50)] };
  });
  if (process.env.BENCH_SET !== undefined) {
    const set = Number(process.env.BENCH_SET);
    const [call] = await adapter.many([set], valueOf);
    return { value: 1e9 / measureMany(Array(MANY).fill(call), plan), extra: { set } };
  }
  if (adapter.alone) {
    const ns = [];
    for (let set = 0; set < MANY; set++) ns.push(await aloneInChild(set));
    const mean = ns.reduce((a, b) => a + b, 0) / ns.length;
    return { value: 1e9 / mean, extra: { nsPerOpBySet: ns.map((v) => Number(v.toFixed(2))) } };
  }
  const calls = await adapter.many(
    Array.from({ length: MANY }, (_, i) => i),
    valueOf,
  );
  return { value: 1e9 / measureMany(calls, plan), extra: {} };
};

const MANY = 20;

/** ns per call of the plan's calls (`calls[cache](key)`), every cache pre-filled with its keys. */
function measureMany(calls, plan) {
  for (const { cache, key } of plan) calls[cache](key);
  const caches = plan.map((p) => calls[p.cache]);
  const keys = plan.map((p) => p.key);
  const indices = plan.map((_, i) => i);
  return measureSync((i) => caches[i](keys[i]), indices, TIMING).nsPerOp;
}

/** One option set measured alone, in a fresh process (`BENCH_SET`). */
function aloneInChild(set) {
  const { execFileSync } = require('node:child_process');
  const out = execFileSync(
    process.execPath,
    [__filename, 'M', process.argv[3].replace(/-alone$/, ''), ...(quick ? ['--quick'] : [])],
    {
      env: { ...process.env, BENCH_SET: String(set) },
      encoding: 'utf8',
    },
  );
  const result = JSON.parse(out.trim().split('\n').pop());
  if (!result.ok) throw new Error(`set ${set}: ${result.error}`);
  return 1e9 / result.value;
}

async function main() {
  const scenario = BY_ID.get(scenarioId);
  if (!scenario) throw new Error(`unknown scenario ${scenarioId}`);
  const adapter = loadAdapters().find((a) => a.id === adapterId);
  if (!adapter) throw new Error(`unknown adapter ${adapterId}`);
  const result = await run[scenario.id](adapter, scenario);
  void getSink();
  process.stdout.write(JSON.stringify({ ok: true, ...result }) + '\n');
  process.exit(0);
}

main().catch((error) => {
  process.stdout.write(
    JSON.stringify({
      ok: false,
      error: String((error && error.stack) || error)
        .split('\n')
        .slice(0, 3)
        .join(' | '),
    }) + '\n',
  );
  process.exit(0);
});
