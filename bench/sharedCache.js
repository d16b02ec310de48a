'use strict';
/**
 * What a shared cache costs (issue #20), against the Redis at REDIS_URL (default
 * redis://127.0.0.1:6379; writes and deletes its own keys only). Not part of `npm run bench` (it
 * needs Redis): run it by hand after a build, `npm run build && node bench/sharedCache.js [--quick]`.
 * It skips, saying so, when Redis does not answer. Three measurements:
 *
 * 1. **L1 hit** of a shared cache against the same cache unshared (`wrap`, `expiration: '10 minutes'`,
 *    maxsize 10k, `await` in a loop over 1,000 warm keys, integer and string keys): each variant in a
 *    fresh process, alternating, the best of several runs.
 * 2. **L2 hit with an empty L1**: a shared cache whose memory tier no longer holds the key (maxsize
 *    2 × the calls in flight, cycling over 4 × as many keys), so every call reads the record from
 *    Redis, against a raw ioredis `getBuffer` + `v8.deserialize` of the same value; short alternating
 *    batches, best (and median) batch of each.
 * 3. **The 3-process stampede**: 3 processes × 1,000 concurrent callers on one cold key (a 100 ms
 *    loader): loads in all and the wall time from a go message to each process's last answer, against
 *    one process alone (shared, and unshared).
 */
const v8 = require('node:v8');
const { fork } = require('node:child_process');
const { Redis } = require('ioredis');

const { sampleUser } = require('./lib/sampleUser');

const quick = process.argv.includes('--quick');
const URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROUNDS = quick ? 3 : 7;

const VALUES = {
  'one object': () => sampleUser(1),
  'a list of 100 objects': () => Array.from({ length: 100 }, (_, i) => sampleUser(i)),
};

/** A container with `redisTierModule` on a client of its own, in namespace `ns`. */
function setup(ns) {
  require('reflect-metadata');
  const { CacheErrorHandler, CacheManager, createCacheContainer } = require('../dist');
  const { redisTierModule } = require('../dist/redis');
  const client = new Redis(URL);
  const container = createCacheContainer();
  // Under load a fill may outlast its command timeout: counted, not printed as a warning.
  const reported = { count: 0 };
  container.rebind(CacheErrorHandler).toConstantValue({ handle: () => void reported.count++ });
  container.load(redisTierModule({ client, namespace: ns }));
  const manager = container.get(CacheManager);
  return {
    manager,
    reported,
    close: async () => {
      await container.unbindAllAsync();
      await client.quit();
    },
  };
}

async function deleteNamespace(client, ns) {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${ns}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await client.unlink(...keys);
  } while (cursor !== '0');
}

// ---- 1. L1 hits (child mode: `l1 <shared|plain> <int|string>`) ----

async function l1Child(variant, keyKind) {
  const { measureAsync } = require('./lib/timing');
  const { stringIdOf } = require('./lib/stringIds');
  const ns = `bench-l1-${process.pid}`;
  const { manager, close } = setup(ns);
  const options = { expiration: '10 minutes', maxsize: 10_000 };
  if (variant === 'shared') options.shared = { name: 'hit' };
  const ints = Array.from({ length: 1024 }, (_, i) => (i * 7919) % 1000);
  const keys = keyKind === 'string' ? ints.map(stringIdOf) : ints;
  const call = manager.wrap(async (k) => (typeof k === 'string' ? k.length : k + 1), options);
  for (const k of keys) await call(k);
  const r = await measureAsync(call, keys, quick ? { minMs: 10, samples: 3 } : { minMs: 50, samples: 7 });
  await close();
  const admin = new Redis(URL);
  await deleteNamespace(admin, ns);
  await admin.quit();
  process.send({ nsPerOp: r.nsPerOp });
}

function runChild(args) {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result;
    child.on('message', (message) => (result = message));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 && result !== undefined ? resolve(result) : reject(new Error(`child ${args} exited ${code}`)),
    );
  });
}

async function l1Hits() {
  console.log('\n### L1 hit: a shared cache against the same cache unshared (B-style: await in a loop)\n');
  console.log('| keys | unshared | shared | shared / unshared |');
  console.log('|---|---:|---:|---:|');
  for (const keyKind of ['int', 'string']) {
    const best = { plain: Infinity, shared: Infinity };
    for (let round = 0; round < (quick ? 2 : 4); round++) {
      for (const variant of ['plain', 'shared']) {
        const { nsPerOp } = await runChild(['l1', variant, keyKind]);
        best[variant] = Math.min(best[variant], nsPerOp);
      }
    }
    console.log(
      `| ${keyKind} | ${best.plain.toFixed(1)} ns | ${best.shared.toFixed(1)} ns | ${(best.shared / best.plain).toFixed(2)}× |`,
    );
  }
}

// ---- 2. L2 hits with an empty L1 ----

function middle(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

async function time(run, ops, concurrency, rounds = ROUNDS) {
  const samples = [];
  for (let round = 0; round < rounds; round++) {
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < ops) await run(next++);
      }),
    );
    samples.push(Number(process.hrtime.bigint() - started) / ops);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}

async function l2Hits() {
  const ns = `bench-l2-${process.pid}`;
  const admin = new Redis(URL);
  const { manager, close } = setup(ns);
  const batchCount = quick ? 10 : 40;
  const batchOps = 250;
  console.log('\n### L2 hit with an empty L1 against a raw ioredis GET + v8.deserialize of the same value\n');
  console.log(
    '| value | in flight | raw GET + deserialize, best (median) | shared cache, L2 hit, best (median) | ratio, best (median) |',
  );
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, make] of Object.entries(VALUES)) {
    for (const concurrency of [1, 64]) {
      // The memory tier holds 2 × concurrency keys and the calls cycle over 4 ×: every call's key was
      // evicted long ago (an L2 hit), and no entry of a call in flight is evicted.
      const keyCount = 4 * concurrency;
      const cacheName = `l2-${name.replace(/ /g, '-')}-${concurrency}`;
      const call = manager.wrap(async () => make(), {
        shared: { name: cacheName },
        expiration: '10 minutes',
        maxsize: 2 * concurrency,
      });
      const keys = Array.from({ length: keyCount }, (_, i) => `k${i}`);
      for (const k of keys) await call(k); // every record written (the function runs once per key)
      const rawKeys = keys.map((k) => `${ns}:raw:${cacheName}:${k}`);
      for (const k of rawKeys) await admin.set(k, v8.serialize(make()), 'PX', 600_000);
      const hitsBefore = call.cacheStats().shared.hits;
      const raw = (i) => admin.getBuffer(rawKeys[i % keyCount]).then((b) => v8.deserialize(b));
      const shared = (i) => call(keys[i % keyCount]);
      for (let i = 0; i < 500; i++) await Promise.all([raw(i), shared(i)]); // warm up both
      // Short alternating batches, so that load drifts on this shared machine hit both alike; the
      // best batch of each is its cost with the least interference, the median is shown beside it.
      const batches = { raw: [], shared: [] };
      for (let batch = 0; batch < batchCount; batch++) {
        batches.raw.push(await time(raw, batchOps, concurrency, 1));
        batches.shared.push(await time(shared, batchOps, concurrency, 1));
      }
      const best = { raw: Math.min(...batches.raw), shared: Math.min(...batches.shared) };
      const median = { raw: middle(batches.raw), shared: middle(batches.shared) };
      const stats = call.cacheStats();
      if (stats.loads !== keyCount) throw new Error(`the function ran ${stats.loads} times: L1 answered some calls`);
      if (stats.shared.hits - hitsBefore < batchCount * batchOps) throw new Error('some calls were not L2 hits');
      const us = (ns_) => `${(ns_ / 1000).toFixed(1)} µs`;
      console.log(
        `| ${name} | ${concurrency} | ${us(best.raw)} (${us(median.raw)}) | ${us(best.shared)} (${us(median.shared)}) | ` +
          `${(best.shared / best.raw).toFixed(2)}× (${(median.shared / median.raw).toFixed(2)}×) |`,
      );
    }
  }
  await close();
  await deleteNamespace(admin, ns);
  await admin.quit();
}

// ---- 3. The stampede (child mode: `stampede <ns> <shared|plain>`) ----

async function stampedeChild(ns, variant) {
  const { manager, close } = setup(ns);
  let loads = 0;
  const options = { expiration: '10 minutes' };
  if (variant === 'shared') options.shared = { name: 'stampede' };
  const call = manager.wrap(async (k) => {
    loads++;
    await new Promise((resolve) => setTimeout(resolve, 100));
    return k;
  }, options);
  const sub = new Redis(URL);
  await sub.subscribe(`${ns}:go`);
  sub.on('message', async () => {
    const started = process.hrtime.bigint();
    await Promise.all(Array.from({ length: 1_000 }, () => call('cold')));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.send({ loads, ms });
    await sub.quit();
    await close();
    process.exit(0);
  });
  process.send({ ready: true });
}

function startStampedeChild(ns, variant) {
  const child = fork(__filename, ['stampede', ns, variant], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = new Promise((resolve) => child.on('message', (m) => m.ready && resolve()));
  const done = new Promise((resolve) => child.on('message', (m) => m.ms !== undefined && resolve(m)));
  return { ready, done };
}

async function stampedeRun(processes, variant) {
  const ns = `bench-stampede-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const admin = new Redis(URL);
  const children = Array.from({ length: processes }, () => startStampedeChild(ns, variant));
  await Promise.all(children.map((c) => c.ready));
  await admin.publish(`${ns}:go`, 'go');
  const results = await Promise.all(children.map((c) => c.done));
  await deleteNamespace(admin, ns);
  await admin.quit();
  return { loads: results.reduce((sum, r) => sum + r.loads, 0), ms: Math.max(...results.map((r) => r.ms)) };
}

async function stampede() {
  console.log('\n### Stampede: 1,000 concurrent callers per process on one cold key, a 100 ms loader\n');
  console.log('| setup | loads in all | wall time (slowest process, median) |');
  console.log('|---|---:|---:|');
  for (const [label, processes, variant] of [
    ['1 process, unshared', 1, 'plain'],
    ['1 process, shared', 1, 'shared'],
    ['3 processes, shared', 3, 'shared'],
    ['3 processes, unshared', 3, 'plain'],
  ]) {
    const runs = [];
    for (let round = 0; round < (quick ? 1 : 3); round++) runs.push(await stampedeRun(processes, variant));
    runs.sort((a, b) => a.ms - b.ms);
    const median = runs[runs.length >> 1];
    console.log(`| ${label} | ${Math.max(...runs.map((r) => r.loads))} | ${median.ms.toFixed(1)} ms |`);
  }
}

async function redisAnswers() {
  const client = new Redis(URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function main() {
  const [mode, a, b] = process.argv.slice(2);
  if (mode === 'l1') return l1Child(a, b);
  if (mode === 'stampede') return stampedeChild(a, b);
  if (!(await redisAnswers())) {
    console.log(`SKIPPED bench/sharedCache.js: no Redis answers at ${URL} (set REDIS_URL).`);
    return;
  }
  console.log(`node ${process.version}, ioredis ${require('ioredis/package.json').version}, ${URL}`);
  const only = process.argv.find((arg) => ['--l1', '--l2', '--stampede'].includes(arg));
  if (only === undefined || only === '--l1') await l1Hits();
  if (only === undefined || only === '--l2') await l2Hits();
  if (only === undefined || only === '--stampede') await stampede();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
