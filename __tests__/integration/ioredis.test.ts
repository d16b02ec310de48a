import 'reflect-metadata';
import Redis from 'ioredis';
import type { Container } from 'inversify';
import { CacheManager, createCacheContainer } from '../../src';
import { REDIS_URL, describeWithService, pollUntil, uniqueName } from './services';

describeWithService('Redis (ioredis)', REDIS_URL, 6379, () => {
  let container: Container;
  let manager: CacheManager;
  let observer: Redis;
  const clients: Redis[] = [];

  /** The names of the connections Redis lists, seen from the observer connection. */
  async function connectionNames(): Promise<string[]> {
    const list = String(await observer.call('CLIENT', 'LIST'));
    return list
      .split('\n')
      .map((line) => /(?:^| )name=(\S*)/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined && name !== '');
  }

  /** An async loader of a connected client per call, named `<prefix>-<key>`. */
  function clientLoader(prefix: string): (key: string) => Promise<Redis> {
    return async (key: string) => {
      const client = new Redis(REDIS_URL, { connectionName: `${prefix}-${key}`, maxRetriesPerRequest: 1 });
      clients.push(client);
      await client.ping();
      return client;
    };
  }

  beforeAll(async () => {
    observer = new Redis(REDIS_URL, { connectionName: uniqueName('cachewright-observer'), maxRetriesPerRequest: 1 });
    await observer.ping();
  });

  beforeEach(() => {
    container = createCacheContainer();
    manager = container.get(CacheManager);
  });

  afterEach(async () => {
    await container.unbindAllAsync();
    for (const client of clients.splice(0)) if (client.status !== 'end') client.disconnect();
  });

  afterAll(async () => {
    await observer.quit();
  });

  it('quits a cached client on clearCache(): CLIENT LIST no longer shows its name', async () => {
    const prefix = uniqueName('cachewright-clear');
    const getClient = manager.wrap(clientLoader(prefix), { wrapAsyncExitStack: true });
    const client = await getClient('main');
    expect(await getClient('main')).toBe(client);
    await expect(client.set(`${prefix}:probe`, 'value', 'EX', 5)).resolves.toBe('OK');
    expect(await connectionNames()).toContain(`${prefix}-main`);

    await getClient.clearCache();

    // quit() resolves on the server's OK; the socket closes just after.
    await pollUntil('the cached client has ended', () => client.status === 'end');
    await pollUntil(
      'CLIENT LIST no longer shows the cached client',
      async () => !(await connectionNames()).includes(`${prefix}-main`),
    );
  });

  it('quits only the evicted client when the LRU bound is exceeded', async () => {
    const prefix = uniqueName('cachewright-evict');
    const getClient = manager.wrap(clientLoader(prefix), { wrapAsyncExitStack: true, maxsize: 1 });
    const first = await getClient('first');
    const second = await getClient('second');

    await pollUntil('the evicted client has ended', () => first.status === 'end');
    await pollUntil('CLIENT LIST shows only the kept client', async () => {
      const names = await connectionNames();
      return !names.includes(`${prefix}-first`) && names.includes(`${prefix}-second`);
    });
    await expect(second.ping()).resolves.toBe('PONG');
  });

  it('quits cached clients when the container is unbound', async () => {
    const prefix = uniqueName('cachewright-unbind');
    const getClient = manager.wrap(clientLoader(prefix), { wrapAsyncExitStack: true, exitStackCloseDelay: '1 hour' });
    const client = await getClient('main');

    await container.unbindAllAsync();

    // quit() resolves on the server's OK; the socket closes just after.
    await pollUntil('the cached client has ended', () => client.status === 'end');
    await pollUntil(
      'CLIENT LIST no longer shows the cached client',
      async () => !(await connectionNames()).includes(`${prefix}-main`),
    );
  });
});
