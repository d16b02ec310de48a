/**
 * cachewright demo: a decorated service, a wrapped function, expiration, single flight and stats,
 * then keeping the cache correct (examples/keeping-the-cache-correct.ts), then, when a Redis answers
 * at REDIS_URL (default redis://127.0.0.1:6379), two replicas sharing one cache through it (it says
 * it skipped otherwise). Run with `npm run demo` (about one second).
 */
import 'reflect-metadata';
import { injectable } from 'inversify';
import { Redis } from 'ioredis';
import { Cacheable, CacheManager, createCacheContainer, type CacheControls } from '../src';
import { keepingTheCacheCorrect } from './keeping-the-cache-correct';
import { redisTierModule } from '../src/redis';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface User {
  id: string;
  name: string;
}

@injectable()
class UserService {
  loads = 0;

  /** Pretends to query a database: 50 ms per load. */
  @Cacheable({ expiration: '10 minutes', maxsize: 1000 })
  async getUser(id: string): Promise<User> {
    this.loads++;
    await sleep(50);
    return { id, name: `user-${id}` };
  }
}

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  const value = await run();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`  ${label.padEnd(52)} ${ms.toFixed(2).padStart(8)} ms  -> ${JSON.stringify(value)}`);
  return value;
}

async function main(): Promise<void> {
  const container = createCacheContainer();
  container.bind(UserService).toSelf().inSingletonScope();
  const users = container.get(UserService);
  const manager = container.get(CacheManager);

  console.log('1. A decorated method: @Cacheable({ expiration: "10 minutes", maxsize: 1000 })');
  await timed('getUser("42")  (miss: runs the query)', () => users.getUser('42'));
  await timed('getUser("42")  (hit: served from the cache)', () => users.getUser('42'));
  await timed('getUser("7")   (another key: a miss)', () => users.getUser('7'));
  const info = manager.cacheOf(users.getUser).cacheInfo();
  console.log(`  cacheInfo(): hits=${info.hits} misses=${info.misses} size=${info.currentSize}/${info.maxsize}`);
  console.log(`  the query ran ${users.loads} times\n`);

  console.log('2. Single flight: 1,000 concurrent callers for a key nobody has asked for yet');
  const before = users.loads;
  await timed('1,000 x getUser("99") at once', async () => {
    const all = await Promise.all(Array.from({ length: 1000 }, () => users.getUser('99')));
    return `${new Set(all.map((u) => u.name)).size} distinct result(s)`;
  });
  console.log(`  the query ran ${users.loads - before} time(s) for them\n`);

  console.log('3. A wrapped function with a 200 ms expiration: manager.wrap(fn, { expiration: "PT0.2S" })');
  let rateLoads = 0;
  const fetchRate = manager.wrap(
    async (currency: string) => {
      rateLoads++;
      await sleep(20);
      return { currency, rate: 1 + rateLoads / 100 };
    },
    { expiration: 'PT0.2S' },
  );
  await timed('fetchRate("EUR")  (miss)', () => fetchRate('EUR'));
  await timed('fetchRate("EUR")  (hit)', () => fetchRate('EUR'));
  await sleep(250);
  await timed('fetchRate("EUR")  after 250 ms (expired: refetched)', () => fetchRate('EUR'));
  const rateInfo = fetchRate.cacheInfo();
  console.log(`  cacheInfo(): hits=${rateInfo.hits} misses=${rateInfo.misses} (a refetched entry counts as a hit)\n`);

  console.log('4. Errors are not cached by default: every waiter gets the same error, the next call retries');
  let attempts = 0;
  const flaky = manager.wrap(async (id: number) => {
    await Promise.resolve();
    attempts++;
    if (attempts === 1) throw new Error(`backend down for ${id}`);
    return `ok ${id}`;
  });
  const first = await flaky(1).catch((error: Error) => `rejected: ${error.message}`);
  console.log(`  first call : ${first}`);
  console.log(`  second call: ${await flaky(1)}\n`);

  const controls = manager.cacheOf(users.getUser) as CacheControls;
  await controls.clearCache();
  console.log(`5. clearCache(): size is now ${controls.cacheInfo().currentSize}`);
  await container.unbindAllAsync();
  console.log('   container.unbindAllAsync() closed the manager.\n');

  console.log('6. Keeping the cache correct: @CacheEvict, @CachePut, per-entry controls, tags, cacheIf');
  await keepingTheCacheCorrect();
  console.log('');
  await sharedPart();
  console.log('Done.');
}

/** True when a Redis answers PING at `url` within half a second. */
async function redisAnswers(url: string): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 500,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** Two replicas of a service (two containers, each with its own Redis connections) sharing a cache. */
async function sharedPart(): Promise<void> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  console.log('7. Running several instances: shared: { name: "rates" } on Redis');
  if (!(await redisAnswers(url))) {
    console.log(`  skipped: no Redis answers at ${url} (set REDIS_URL to run this part)\n`);
    return;
  }
  const namespace = `cachewright-demo-${process.pid}`;
  let loads = 0;
  const replicas = ['A', 'B'].map((name) => {
    const client = new Redis(url);
    const replica = createCacheContainer();
    replica.load(redisTierModule({ client, namespace }));
    const fetchRate = replica.get(CacheManager).wrap(
      async (currency: string) => {
        loads++;
        await sleep(50);
        return { currency, rate: 1.08, fetchedBy: name };
      },
      { shared: { name: 'rates' }, expiration: '10 minutes' },
    );
    return { name, client, container: replica, fetchRate };
  });
  const [a, b] = replicas;
  await timed('A and B: 500 callers each, getRate("EUR") at once', async () => {
    const all = await Promise.all(replicas.flatMap((r) => Array.from({ length: 500 }, () => r.fetchRate('EUR'))));
    return `${new Set(all.map((v) => v.fetchedBy)).size} distinct answer(s)`;
  });
  console.log(`  the loader ran ${loads} time in both replicas (a cross-process single flight)`);
  await timed('B: getRate("EUR") again (from its memory)', () => b.fetchRate('EUR'));
  await a.fetchRate.invalidate('EUR');
  await sleep(20); // the bus message reaches B
  console.log(`  A: invalidate("EUR") -> B still holds it: ${b.fetchRate.has('EUR')}`);
  await timed('B: getRate("EUR") (B fetches anew)', () => b.fetchRate('EUR'));
  console.log(`  B's shared-tier counters: ${JSON.stringify(b.fetchRate.cacheStats().shared)}`);
  await a.fetchRate.clearCache(); // deletes this demo's records from Redis
  for (const replica of replicas) {
    await replica.container.unbindAllAsync();
    await replica.client.quit();
  }
  console.log('');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
