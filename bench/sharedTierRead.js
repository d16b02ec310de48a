'use strict';
/**
 * What an L2 read costs through the tier (issue #20): `RedisSharedTier.read(key)` (GET through the
 * command runner: timeout timer, breaker, record header, V8Serializer, usable-until check) against a
 * raw ioredis `getBuffer(key)` + `v8.deserialize` of the same value, and a raw `GET` alone for the
 * network's share. One at a time (latency) and 64 in flight (throughput). Needs the Redis at
 * REDIS_URL (default redis://127.0.0.1:6379); writes and deletes its own keys only.
 *
 *   npm run build && node bench/sharedTierRead.js [--quick]
 */
const v8 = require('node:v8');
const { Redis } = require('ioredis');
const { RedisSharedTier } = require('../dist/redis');
const { sharedRecordKey } = require('../dist');

const { sampleUser } = require('./lib/sampleUser');

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 7;
const OPS = quick ? 2_000 : 10_000;
const namespace = `bench-${process.pid}`;

const VALUES = {
  'one object': sampleUser(1),
  'a list of 100 objects': Array.from({ length: 100 }, (_, i) => sampleUser(i)),
};

async function time(label, run, concurrency) {
  const samples = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < OPS) await run();
      }),
    );
    samples.push(Number(process.hrtime.bigint() - started) / OPS);
  }
  samples.sort((a, b) => a - b);
  return { label, nsPerOp: samples[samples.length >> 1] };
}

async function main() {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const client = new Redis(url);
  const tier = new RedisSharedTier({ client, namespace });
  await tier.whenSubscribed();
  const now = Date.now();
  console.log(`node ${process.version}, ioredis ${require('ioredis/package.json').version}, ${url}\n`);
  console.log('| value | in flight | raw GET | raw GET + v8.deserialize | tier.read() | tier / raw+deserialize |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [name, value] of Object.entries(VALUES)) {
    const key = sharedRecordKey(namespace, 'bench', 1, name.replace(/ /g, '-'));
    await tier.write(key, { value, createdAt: now, freshUntil: now + 600_000, usableUntil: now + 600_000, tags: [] });
    const rawKey = `${key}:raw`;
    await client.set(rawKey, v8.serialize(value), 'PX', 600_000);
    for (const concurrency of [1, 64]) {
      // Warm up each path, then alternate them so drift in machine load hits all three alike.
      for (let i = 0; i < 500; i++) await Promise.all([client.getBuffer(rawKey), tier.read(key)]);
      const results = {};
      for (let pass = 0; pass < 2; pass++) {
        for (const [label, run] of [
          ['get', () => client.getBuffer(rawKey)],
          ['raw', () => client.getBuffer(rawKey).then((b) => v8.deserialize(b))],
          ['tier', () => tier.read(key)],
        ]) {
          const { nsPerOp } = await time(label, run, concurrency);
          results[label] = Math.min(results[label] ?? Infinity, nsPerOp);
        }
      }
      const us = (ns) => `${(ns / 1000).toFixed(1)} µs`;
      console.log(
        `| ${name} | ${concurrency} | ${us(results.get)} | ${us(results.raw)} | ${us(results.tier)} | ${(results.tier / results.raw).toFixed(2)}× |`,
      );
    }
    await client.unlink(key, rawKey);
  }
  await tier.close();
  await client.quit();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
