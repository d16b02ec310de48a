/**
 * Keeping the cache correct: per-entry controls, tags, `@CacheEvict` / `@CachePut` and `cacheIf`
 * (the README section of the same name). Run it with `npm run demo` (its last part), or on its own:
 * `npx tsc -p tsconfig.examples.json && node dist-examples/examples/keeping-the-cache-correct.js`.
 */
import 'reflect-metadata';
import { injectable } from 'inversify';
import { CacheEvict, CacheManager, CachePut, Cacheable, createCacheContainer } from '../src';

interface User {
  id: string;
  name: string;
}

/** The contract's example: one cached read, three ways to evict, one way to store. */
@injectable()
export class UserService {
  /** A stand-in for the database; `queries` counts reads of it. */
  readonly db = new Map<string, User>([
    ['1', { id: '1', name: 'Ada' }],
    ['2', { id: '2', name: 'Grace' }],
  ]);
  queries = 0;

  @Cacheable({ expiration: '10 minutes', tags: ['user:{id}'] })
  async getUser(id: string): Promise<User> {
    this.queries++;
    await Promise.resolve();
    const user = this.db.get(id);
    if (user === undefined) throw new Error(`no user ${id}`);
    return { ...user };
  }

  @CacheEvict({ method: 'getUser', args: (user: User) => [user.id] }) // this instance's entry
  async updateUser(user: User): Promise<void> {
    await Promise.resolve();
    this.db.set(user.id, { ...user });
  }

  @CacheEvict({ tags: ['user:{user.id}'] }) // every cache, every instance
  async renameUser(user: User): Promise<void> {
    await Promise.resolve();
    this.db.set(user.id, { ...user });
  }

  @CacheEvict({ method: 'getUser', allEntries: true })
  async reloadAll(): Promise<void> {
    await Promise.resolve();
  }

  @CachePut({ method: 'getUser', args: (user: User) => [user.id] }) // stores the return value
  async saveUser(user: User): Promise<User> {
    await Promise.resolve();
    this.db.set(user.id, { ...user });
    return { ...user };
  }
}

/** Runs the walk-through, writing one line per step to `log`; returns the service and its manager. */
export async function keepingTheCacheCorrect(
  log: (line: string) => void = console.log,
): Promise<{ users: UserService; manager: CacheManager }> {
  const container = createCacheContainer();
  container.bind(UserService).toSelf().inSingletonScope();
  const users = container.get(UserService);
  const manager = container.get(CacheManager);
  const show = async (label: string, read: () => Promise<unknown>): Promise<void> => {
    const before = users.queries;
    const value = await read();
    const queries = users.queries - before;
    log(`  ${label.padEnd(58)} -> ${JSON.stringify(value)}  (${queries} ${queries === 1 ? 'query' : 'queries'})`);
  };

  await show('getUser("1")                        miss', () => users.getUser('1'));
  await show('getUser("1")                        hit', () => users.getUser('1'));

  await users.updateUser({ id: '1', name: 'Ada Lovelace' });
  await show('@CacheEvict updateUser, then getUser("1")', () => users.getUser('1'));

  await users.renameUser({ id: '1', name: 'Countess of Lovelace' });
  await show('@CacheEvict({ tags }) renameUser, then getUser("1")', () => users.getUser('1'));

  await users.saveUser({ id: '2', name: 'Grace Hopper' });
  await show('@CachePut saveUser("2"), then getUser("2") (no query)', () => users.getUser('2'));

  await users.reloadAll();
  log(
    `  @CacheEvict({ allEntries }) reloadAll: ${manager.cacheOf(users.getUser).cacheInfo().currentSize} entries left`,
  );

  // Per-entry controls of one instance, typed from the method: peek(id: string), …
  const entries = manager.cacheOf(users, 'getUser');
  log(
    `  has("1") before a call: ${entries.has('1')}; peek("1"): ${entries.peek('1') === undefined ? 'undefined' : 'a promise'}`,
  );
  await entries.set({ id: '1', name: 'Ada (set by hand)' }, '1');
  await show('set(value, "1"), then getUser("1") (no query)', () => users.getUser('1'));
  await show('refresh("1") (runs the query now)', () => entries.refresh('1'));
  log(`  invalidate("1"): ${await entries.invalidate('1')}; has("1"): ${entries.has('1')}`);

  await users.getUser('1');
  await users.getUser('2');
  log(`  invalidateTags(["user:1", "user:2"]) removed ${await manager.invalidateTags(['user:1', 'user:2'])} entries`);

  // cacheIf: store a result only when it is worth keeping (every waiter still gets it).
  const rateLoads = new Map<string, number>();
  const fetchRate = manager.wrap(
    async (currency: string) => {
      rateLoads.set(currency, (rateLoads.get(currency) ?? 0) + 1);
      await Promise.resolve();
      return currency === 'XXX' ? null : 1.1;
    },
    { cacheIf: (rate) => rate !== null },
  );
  for (const currency of ['XXX', 'XXX', 'EUR', 'EUR']) await fetchRate(currency);
  log(
    `  cacheIf: (rate) => rate !== null: 2 calls for XXX loaded ${rateLoads.get('XXX')}x, 2 for EUR ${rateLoads.get('EUR')}x`,
  );

  await container.unbindAllAsync();
  return { users, manager };
}

if (require.main === module) {
  console.log('Keeping the cache correct');
  keepingTheCacheCorrect().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
