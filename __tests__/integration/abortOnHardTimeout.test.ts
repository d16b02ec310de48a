import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Client, Pool } from 'pg';
import { fetch as undiciFetch } from 'undici';
import type { Container } from 'inversify';
import { CacheManager, FetchTimeoutError, createCacheContainer, fetchContext } from '../../src';
import { DATABASE_URL, describeWithService, pollUntil, uniqueName } from './services';

/** The hard timeout of these tests (a number of seconds): real time, so kept short. */
const HARD_TIMEOUT_S = 0.4;

/** An HTTP server on loopback that accepts requests and never answers them. */
interface SilentServer {
  readonly server: Server;
  readonly origin: string;
  /** Request paths received, in order. */
  readonly requests: string[];
  /** The socket each request came on (undici may open another, idle, connection after an abort). */
  readonly requestSockets: Socket[];
  /** Sockets whose 'close' event fired. */
  readonly closed: Set<Socket>;
}

async function startSilentServer(): Promise<SilentServer> {
  const closed = new Set<Socket>();
  const requests: string[] = [];
  const requestSockets: Socket[] = [];
  const server = createServer((request) => {
    requests.push(request.url ?? '');
    requestSockets.push(request.socket);
  });
  server.on('connection', (socket: Socket) => {
    socket.on('close', () => closed.add(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}`, requests, requestSockets, closed };
}

async function stopServer({ server }: SilentServer): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

type FetchFunction = (url: string, init: { signal?: AbortSignal }) => Promise<{ text(): Promise<string> }>;

describe(`${CacheManager.name} hardTimeout with a real HTTP source`, () => {
  let http: SilentServer;
  let container: Container;
  let manager: CacheManager;

  beforeEach(async () => {
    http = await startSilentServer();
    container = createCacheContainer();
    manager = container.get(CacheManager);
  });

  afterEach(async () => {
    await container.unbindAllAsync();
    await stopServer(http);
  });

  it.each<[string, FetchFunction]>([
    ['the global fetch()', (url, init) => fetch(url, init)],
    ["undici's fetch()", (url, init) => undiciFetch(url, init)],
  ])(
    'aborts %s to a server that never answers through fetchContext().signal at hardTimeout; the server sees the socket close',
    async (_label, fetchFn) => {
      let fetchError: unknown;
      const getUser = manager.wrap(
        async (id: string): Promise<string> => {
          try {
            const response = await fetchFn(`${http.origin}/users/${id}`, { signal: fetchContext()?.signal });
            return await response.text();
          } catch (error) {
            fetchError = error;
            throw error;
          }
        },
        { hardTimeout: HARD_TIMEOUT_S },
      );

      const started = Date.now();
      const call = getUser('42');
      await expect(call).rejects.toBeInstanceOf(FetchTimeoutError);
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(HARD_TIMEOUT_S * 1000 - 5);
      expect(waited).toBeLessThan(1_500);

      await pollUntil('the fetch has rejected', () => fetchError !== undefined);
      expect(fetchError).toBeInstanceOf(FetchTimeoutError);
      expect(http.requests).toEqual(['/users/42']);
      await pollUntil('the server sees the socket of the request close', () => http.closed.has(http.requestSockets[0]));
    },
  );
});

describeWithService('PostgreSQL (pg_sleep past hardTimeout)', DATABASE_URL, 5432, () => {
  let container: Container;
  let manager: CacheManager;
  let observer: Client;
  const pools: Pool[] = [];

  /** Server-side backends of `applicationName` running a `pg_sleep` right now. */
  async function sleepingQueries(applicationName: string): Promise<number> {
    const result = await observer.query<{ count: string }>(
      `select count(*) as count from pg_stat_activity
        where application_name = $1 and state = 'active' and query like '%pg_sleep%'`,
      [applicationName],
    );
    return Number(result.rows[0].count);
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

  it('cancels the query when the fetch signal aborts at hardTimeout: the server-side pg_sleep ends', async () => {
    const applicationName = uniqueName('cachewright-hard-timeout');
    const pool = new Pool({ connectionString: DATABASE_URL, application_name: applicationName, max: 1 });
    pools.push(pool);
    let queryError: unknown;
    const slowReport = manager.wrap(
      async (seconds: number): Promise<number> => {
        const { signal } = fetchContext()!;
        const client = await pool.connect();
        try {
          const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
          const cancel = (): void => {
            void observer.query('select pg_cancel_backend($1)', [rows[0].pid]);
          };
          signal.addEventListener('abort', cancel, { once: true });
          try {
            return (await client.query('select pg_sleep($1)', [seconds])).rowCount ?? 0;
          } finally {
            signal.removeEventListener('abort', cancel);
          }
        } catch (error) {
          queryError = error;
          throw error;
        } finally {
          client.release();
        }
      },
      { hardTimeout: HARD_TIMEOUT_S },
    );

    const started = Date.now();
    const call = slowReport(30);
    await pollUntil('the pg_sleep runs on the server', async () => (await sleepingQueries(applicationName)) === 1, 10);
    await expect(call).rejects.toBeInstanceOf(FetchTimeoutError);
    expect(Date.now() - started).toBeLessThan(1_500);
    await pollUntil('the pg_sleep has ended on the server', async () => (await sleepingQueries(applicationName)) === 0);
    await pollUntil('the query rejected in the function', () => queryError !== undefined);
    expect(queryError).toMatchObject({ code: '57014' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
