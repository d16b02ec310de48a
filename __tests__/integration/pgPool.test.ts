import 'reflect-metadata';
import { Duration } from 'luxon';
import { Client, Pool } from 'pg';
import type { Container } from 'inversify';
import { CacheManager, createCacheContainer } from '../../src';
import { DATABASE_URL, describeWithService, pollUntil, uniqueName } from './services';

describeWithService('PostgreSQL (pg.Pool)', DATABASE_URL, 5432, () => {
  let container: Container;
  let manager: CacheManager;
  let observer: Client;
  const pools: Pool[] = [];

  /** Server-side backends opened under `applicationName`, seen from a separate connection. */
  async function backendsOf(applicationName: string): Promise<number> {
    const result = await observer.query<{ count: string }>(
      'select count(*) as count from pg_stat_activity where application_name = $1',
      [applicationName],
    );
    return Number(result.rows[0].count);
  }

  /** An async loader of a new pool per call, under `applicationName`. */
  function poolLoader(applicationName: string): () => Promise<Pool> {
    return async () => {
      const pool = new Pool({ connectionString: DATABASE_URL, application_name: applicationName, max: 2 });
      pools.push(pool);
      return pool;
    };
  }

  /** Runs two overlapping queries, so the pool holds two connections. */
  async function useTwoConnections(pool: Pool): Promise<void> {
    const results = await Promise.all([pool.query('select pg_sleep(0.05), 1 as one'), pool.query('select 2 as two')]);
    expect(results.map((result) => result.rowCount)).toEqual([1, 1]);
  }

  beforeAll(async () => {
    observer = new Client({ connectionString: DATABASE_URL, application_name: uniqueName('cachewright-observer') });
    await observer.connect();
  });

  beforeEach(() => {
    container = createCacheContainer();
    manager = container.get(CacheManager);
  });

  afterEach(async () => {
    await container.unbindAllAsync();
    for (const pool of pools.splice(0)) if (!pool.ended && !pool.ending) await pool.end();
  });

  afterAll(async () => {
    await observer.end();
  });

  it('closes the connections of a cached pool once its entry has expired and is swept', async () => {
    const applicationName = uniqueName('cachewright-expire');
    const getPool = manager.wrap(poolLoader(applicationName), {
      wrapAsyncExitStack: true,
      expiration: Duration.fromMillis(150),
    });
    const pool = await getPool();
    expect(await getPool()).toBe(pool);
    await useTwoConnections(pool);
    expect(pool.totalCount).toBe(2);
    await pollUntil('the pool shows two backends', async () => (await backendsOf(applicationName)) === 2);

    await pollUntil('the entry has expired and been swept', async () => {
      await getPool.removeExpired();
      return getPool.cacheInfo().currentSize === 0;
    });

    expect(pool.ended).toBe(true);
    expect(pool.totalCount).toBe(0);
    await pollUntil(
      'pg_stat_activity shows no backend of the pool',
      async () => (await backendsOf(applicationName)) === 0,
    );
  });

  it('closes the old pool and keeps the new one when a refetch after expiry replaces it', async () => {
    const applicationName = uniqueName('cachewright-replace');
    const getPool = manager.wrap(poolLoader(applicationName), {
      wrapAsyncExitStack: true,
      expiration: Duration.fromMillis(150),
    });
    const old = await getPool();
    await useTwoConnections(old);

    let current = old;
    await pollUntil('a call after expiry refetches the pool', async () => {
      current = await getPool();
      return current !== old;
    });
    await pollUntil('the old pool has ended', () => old.ended && old.totalCount === 0);
    const result = await current.query<{ answer: number }>('select 42 as answer');
    expect(result.rows[0].answer).toBe(42);
    await pollUntil(
      'only the new pool has a backend',
      async () => (await backendsOf(applicationName)) === current.totalCount,
    );
    expect(current.ended).toBe(false);
  });

  it('closes the connections of a cached pool on clearCache()', async () => {
    const applicationName = uniqueName('cachewright-clear');
    const getPool = manager.wrap(poolLoader(applicationName), { wrapAsyncExitStack: true });
    const pool = await getPool();
    await useTwoConnections(pool);
    await pollUntil('the pool shows two backends', async () => (await backendsOf(applicationName)) === 2);

    await getPool.clearCache();

    expect(pool.ended).toBe(true);
    await pollUntil(
      'pg_stat_activity shows no backend of the pool',
      async () => (await backendsOf(applicationName)) === 0,
    );
  });
});
