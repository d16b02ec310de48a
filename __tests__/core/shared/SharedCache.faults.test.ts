/**
 * A shared cache whose Redis fails, on a private `redis-server` this test starts on a free port
 * (never the shared one): stopped mid-flight (SIGSTOP, then SIGCONT), killed, restarted on the same
 * port. No call fails, hangs past the command timeout plus the function's own time, or gets a wrong
 * value; the breaker skips a dead server; the cache heals on reconnect, its memory tier cleared.
 */
import 'reflect-metadata';
import { Redis } from 'ioredis';
import type { Container } from 'inversify';
import {
  CacheErrorHandler,
  CacheManager,
  createCacheContainer,
  SharedTier,
  SharedTierUnavailableError,
  type CachedFunction,
} from '../../../src';
import { RedisSharedTier, redisTierModule } from '../../../src/redis';
import { PrivateRedisServer, describeWithRedisBinaries, redisCli, waitFor } from '../../support/redisServers';
import { RecordingErrorHandler, type Report } from './sharedFixtures';

const COMMAND_TIMEOUT_MS = 100;
const FUNCTION_MS = 200;
/** Scheduling slack on a shared 2-core machine. */
const SLACK_MS = 400;

interface Answer {
  readonly id: string;
  readonly n: number;
}

/** Runs `call`, resolving what it settled with and how long it took (never rejecting). */
async function timed<T>(call: () => Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const started = Date.now();
  try {
    return { ms: Date.now() - started, value: await call() };
  } catch (error) {
    return { ms: Date.now() - started, error };
  }
}

describeWithRedisBinaries('shared caches on a failing private redis-server', () => {
  let server: PrivateRedisServer;
  let client: Redis;
  let container: Container;
  let tier: RedisSharedTier;
  let get: CachedFunction<(id: string) => Promise<Answer>>;
  let reports: Report[];
  let loads: number;

  const recordKey = (id: string): string => `faults:get:1:{"${id}}`;
  const stored = (id: string): boolean => redisCli(server.port, 'EXISTS', recordKey(id)).trim() === '1';

  beforeAll(async () => {
    server = await PrivateRedisServer.start();
  });

  beforeEach(async () => {
    // Reconnect every 50 ms, so the restart test heals well within its bounds.
    client = new Redis(server.url, { retryStrategy: () => 50, maxRetriesPerRequest: 1 });
    client.on('error', () => undefined); // the user's client: its errors are the user's to log
    container = createCacheContainer();
    const handler = new RecordingErrorHandler();
    reports = handler.reports;
    container.rebind(CacheErrorHandler).toConstantValue(handler);
    container.load(
      redisTierModule({
        client,
        namespace: 'faults',
        commandTimeout: COMMAND_TIMEOUT_MS / 1000,
        lockTimeout: 1,
        breakerThreshold: 3,
        breakerDuration: 0.5,
      }),
    );
    loads = 0;
    get = container.get(CacheManager).wrap(
      async (id: string) => {
        const n = ++loads;
        await new Promise((resolve) => setTimeout(resolve, FUNCTION_MS));
        return { id, n };
      },
      { shared: { name: 'get' }, expiration: '1 hour' },
    );
    tier = container.get(SharedTier) as RedisSharedTier;
    await tier.whenSubscribed();
  });

  afterEach(async () => {
    server.signal('SIGCONT');
    await container.unbindAllAsync();
    // As the tier closes what it made: a socket that is already closed gets its `close` signalled again,
    // or ioredis keeps a ref'd 2 s timer waiting for it (the test process would linger).
    const stream = client.stream;
    client.disconnect();
    if (stream?.destroyed === true) stream.emit('close');
    if (server.pid === undefined) await server.restart();
    redisCli(server.port, 'FLUSHALL'); // the private server only
  });

  afterAll(async () => {
    await server.kill();
  });

  /** Every call answered its own id, fresh from the function, within the bound. */
  function expectAnswered(
    results: Array<{ ms: number; value?: Answer; error?: unknown }>,
    ids: string[],
    limitMs: number,
  ) {
    expect(results.map((r) => r.error)).toEqual(ids.map(() => undefined));
    expect(results.map((r) => r.value?.id)).toEqual(ids);
    for (const r of results) expect(r.ms).toBeLessThanOrEqual(limitMs);
  }

  it('answers through SIGSTOP mid-flight: the holder without waiting for its fill, later calls within the command timeout, then the breaker skips', async () => {
    const holder = timed(() => get('a'));
    await waitFor(
      'the lease is taken',
      () => redisCli(server.port, 'EXISTS', `${recordKey('a')}:lease`).trim() === '1',
    );
    server.signal('SIGSTOP');
    const first = await holder;
    expectAnswered([first], ['a'], FUNCTION_MS + SLACK_MS);
    await waitFor('the fill’s timeout is reported', () => reports.some((r) => r.operation === 'shared-write'));

    const ids = ['b', 'c', 'd'];
    const stopped = await Promise.all(ids.map((id) => timed(() => get(id))));
    expectAnswered(stopped, ids, COMMAND_TIMEOUT_MS + FUNCTION_MS + SLACK_MS);
    expect(tier.available).toBe(false); // three commands failed in a row: the breaker is open
    const skipped = await timed(() => get('e'));
    expectAnswered([skipped], ['e'], FUNCTION_MS + SLACK_MS);
    await expect(get('a')).resolves.toEqual({ id: 'a', n: 1 }); // memory still answers
    expect(reports.some((r) => r.error instanceof SharedTierUnavailableError)).toBe(false);
    expect(new Set(reports.map((r) => r.operation))).toEqual(new Set(['shared-write', 'shared-read']));

    server.signal('SIGCONT');
    await waitFor('the breaker closes again', () => tier.available, 2_000);
    await expect(get('f')).resolves.toMatchObject({ id: 'f' });
    await waitFor('the record of f is written', () => stored('f'));
  });

  it('answers through SIGKILL: new keys from the function, cached ones from memory, the bus drop reported', async () => {
    await get('cached');
    await server.kill();
    const ids = ['x', 'y', 'z', 'w'];
    const results = await Promise.all(ids.map((id) => timed(() => get(id))));
    expectAnswered(results, ids, COMMAND_TIMEOUT_MS + FUNCTION_MS + SLACK_MS);
    const hit = await timed(() => get('cached'));
    expect(hit.value).toEqual({ id: 'cached', n: 1 });
    expect(hit.ms).toBeLessThan(50);
    await waitFor('the bus drop is reported', () => reports.some((r) => r.operation === 'shared-bus'));
  });

  it('heals after a restart on the same port: the memory tier is cleared on reconnect, then Redis is used again', async () => {
    await get('before');
    expect(get.has('before')).toBe(true);
    await server.kill();
    await server.restart(); // an empty server: what this process keeps in memory may be stale now
    await waitFor('the bus reconnects and the memory tier is cleared', () => !get.has('before'), 3_000);
    await waitFor('the tier is available again', () => tier.available, 2_000);
    // The bus's reconnect is the subscriber's; the client reconnects on its own schedule, and a read
    // queued offline past the command timeout would run degraded and write nothing.
    await waitFor('the client is ready again', () => client.status === 'ready', 2_000);
    const after = await get('before');
    expect(after).toEqual({ id: 'before', n: loads });
    await waitFor('the record is written to the new server', () => stored('before'));
  });
});
