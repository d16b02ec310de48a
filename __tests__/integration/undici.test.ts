import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Agent, Pool, type Dispatcher } from 'undici';

/** The undici clients cached here: both report `closed` and `destroyed`. */
type ClosableDispatcher = Pool | Agent;
import type { Container } from 'inversify';
import { CacheManager, createCacheContainer } from '../../src';
import { pollUntil } from './services';

/** A keep-alive HTTP server on loopback that counts its connections and their closes. */
interface CountingServer {
  readonly server: Server;
  readonly origin: string;
  /** Sockets in the order they connected. */
  readonly sockets: Socket[];
  /** Sockets whose 'close' event fired. */
  readonly closed: Set<Socket>;
}

async function startCountingServer(): Promise<CountingServer> {
  const sockets: Socket[] = [];
  const closed = new Set<Socket>();
  const server = createServer((_request, response) => {
    response.end('ok');
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket: Socket) => {
    sockets.push(socket);
    socket.on('close', () => closed.add(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}`, sockets, closed };
}

async function stopServer({ server }: CountingServer): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

/** Makes one GET through `dispatcher` and reads its body. */
async function fetchThrough(dispatcher: Dispatcher, origin: string): Promise<string> {
  const { statusCode, body } = await dispatcher.request({ origin, path: '/', method: 'GET' });
  expect(statusCode).toBe(200);
  return body.text();
}

describe(`${CacheManager.name} with undici clients`, () => {
  let http: CountingServer;
  let container: Container;
  let manager: CacheManager;
  const dispatchers: ClosableDispatcher[] = [];

  beforeEach(async () => {
    http = await startCountingServer();
    container = createCacheContainer();
    manager = container.get(CacheManager);
  });

  afterEach(async () => {
    await container.unbindAllAsync();
    for (const dispatcher of dispatchers.splice(0)) if (!dispatcher.destroyed) await dispatcher.destroy();
    await stopServer(http);
  });

  it.each<[string, (origin: string) => ClosableDispatcher]>([
    ['Pool', (origin) => new Pool(origin, { connections: 1 })],
    ['Agent', () => new Agent({ connections: 1 })],
  ])('closes the sockets of an undici %s evicted by the LRU, and only those', async (_name, make) => {
    const getClient = manager.wrap(
      async (_tenant: string) => {
        const dispatcher = make(http.origin);
        dispatchers.push(dispatcher);
        return dispatcher;
      },
      { wrapAsyncExitStack: true, maxsize: 1 },
    );
    const first = await getClient('first');
    await expect(fetchThrough(first, http.origin)).resolves.toBe('ok');
    await pollUntil('the server sees the first connection', () => http.sockets.length === 1);
    const [firstSocket] = http.sockets;
    expect(http.closed.size).toBe(0);

    const second = await getClient('second');
    await expect(fetchThrough(second, http.origin)).resolves.toBe('ok');

    await pollUntil('the server sees the evicted client close its socket', () => http.closed.has(firstSocket));
    expect(http.sockets).toHaveLength(2);
    expect(http.closed.has(http.sockets[1])).toBe(false);
    expect(first.closed).toBe(true);
    expect(second.closed).toBe(false);
    await expect(fetchThrough(second, http.origin)).resolves.toBe('ok');
  });

  it('closes the sockets of every cached client when the container is unbound', async () => {
    const getClient = manager.wrap(
      async (_tenant: string) => {
        const pool = new Pool(http.origin, { connections: 1 });
        dispatchers.push(pool);
        return pool;
      },
      { wrapAsyncExitStack: true, exitStackCloseDelay: '1 hour' },
    );
    await fetchThrough(await getClient('a'), http.origin);
    await fetchThrough(await getClient('b'), http.origin);
    await pollUntil('the server sees both connections', () => http.sockets.length === 2);

    await container.unbindAllAsync();

    await pollUntil('the server sees both sockets closed', () => http.closed.size === 2);
  });
});
