/**
 * cachewright demo: a decorated service, a wrapped function, expiration, single flight and stats,
 * then keeping the cache correct (examples/keeping-the-cache-correct.ts).
 * Run with `npm run demo` (no network, about one second).
 */
import 'reflect-metadata';
import { injectable } from 'inversify';
import { Cacheable, CacheManager, createCacheContainer, type CacheControls } from '../src';
import { keepingTheCacheCorrect } from './keeping-the-cache-correct';

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
  console.log('Done.');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
