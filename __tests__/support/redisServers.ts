/**
 * Private Redis servers for the fault and cluster tests: started by the test on free ports
 * (`--save '' --appendonly no`, nothing on disk but a cluster's node files in a temporary
 * directory), signalled and stopped by their own pids, never the shared server.
 *
 * @packageDocumentation
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { IN_CI } from '../integration/services';

/** The longest a server may take to answer `PING` after it is started. */
const START_LIMIT_MS = 2_000;
/** The longest a 3-node cluster may take to reach `cluster_state:ok` (TOOLCHAIN.md: up to ~8 s here). */
const CLUSTER_LIMIT_MS = 12_000;

/** True when `redis-server` and `redis-cli` run here (TOOLCHAIN.md: both on PATH). */
export const HAS_REDIS_BINARIES = ['redis-server', 'redis-cli'].every(
  (binary) => spawnSync(binary, ['--version'], { stdio: 'ignore', timeout: 3_000 }).status === 0,
);

/**
 * `describe`s `body` when `redis-server` and `redis-cli` are installed. When they are not: under
 * `CI=true` one failing test says so; otherwise the body is skipped after a loud `console.warn`.
 */
export function describeWithRedisBinaries(name: string, body: () => void): void {
  if (HAS_REDIS_BINARIES) {
    describe(name, body);
  } else if (IN_CI) {
    describe(name, () => {
      it('finds redis-server and redis-cli (CI=true requires them)', () => {
        throw new Error('redis-server / redis-cli not found on PATH: install Redis (TOOLCHAIN.md)');
      });
    });
  } else {
    console.warn(
      `\n${'!'.repeat(78)}\n!! SKIPPING ${name}: redis-server / redis-cli are not on PATH.\n` +
        `!! Install Redis 7 (TOOLCHAIN.md), or set CI=true to make this a failure.\n${'!'.repeat(78)}\n`,
    );
    describe.skip(name, body);
  }
}

/** True when nothing listens on `port` on 127.0.0.1 and it can be bound. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * A random port in 20000–45000 that is free, and whose `port + 10000` is free too when `withBus`
 * (a cluster node's bus port), skipping ports handed out before in this process.
 */
export async function freePort(withBus = false): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 25_000);
    if (handedOut.has(port) || (withBus && handedOut.has(port + 10_000))) continue;
    if ((await isPortFree(port)) && (!withBus || (await isPortFree(port + 10_000)))) {
      handedOut.add(port);
      if (withBus) handedOut.add(port + 10_000);
      return port;
    }
  }
  throw new Error('no free port found in 20000-45000');
}
const handedOut = new Set<number>();

/** Every server started and not yet exited: killed when the test process exits, however it exits. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Runs `redis-cli -p port …` and returns its output (empty when it fails). */
export function redisCli(port: number, ...args: string[]): string {
  const result = spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', timeout: 2_000 });
  return result.status === 0 ? result.stdout : '';
}

/** Polls `check` every 25 ms until it is true; throws naming `what` after `limitMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, limitMs = 2_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() >= deadline) throw new Error(`timed out after ${limitMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** One private `redis-server` process. */
export class PrivateRedisServer {
  readonly port: number;
  readonly #extraArgs: readonly string[];
  #process: ChildProcess | undefined;

  private constructor(port: number, extraArgs: readonly string[]) {
    this.port = port;
    this.#extraArgs = extraArgs;
  }

  /** Starts a server on a free port (or `port`) and waits until it answers `PING`. */
  static async start(options: { port?: number; args?: readonly string[] } = {}): Promise<PrivateRedisServer> {
    const server = new PrivateRedisServer(options.port ?? (await freePort()), options.args ?? []);
    await server.restart();
    return server;
  }

  /** `redis://127.0.0.1:<port>`. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** The server's pid while it runs. */
  get pid(): number | undefined {
    const child = this.#process;
    return child !== undefined && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
  }

  /** (Re)starts the server on the same port and waits until it answers `PING`. */
  async restart(): Promise<void> {
    if (this.pid !== undefined) throw new Error(`redis-server on ${this.port} is still running`);
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...this.#extraArgs],
      { stdio: 'ignore' },
    );
    this.#process = child;
    running.add(child);
    child.once('exit', () => running.delete(child));
    await waitFor(
      `redis-server on ${this.port} answers PING`,
      () => redisCli(this.port, 'PING').trim() === 'PONG',
      START_LIMIT_MS,
    );
  }

  /** Sends `signal` to the server's own pid (nothing when it is not running). */
  signal(signal: NodeJS.Signals): void {
    const pid = this.pid;
    if (pid !== undefined) process.kill(pid, signal);
  }

  /** Kills the server (SIGKILL, after a SIGCONT in case it is stopped) and waits for its exit. */
  async kill(): Promise<void> {
    const child = this.#process;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
  }
}

/** A local 3-master Redis Cluster on free ports, in a temporary directory. */
export class PrivateRedisCluster {
  readonly servers: readonly PrivateRedisServer[];
  readonly #dir: string;

  private constructor(servers: readonly PrivateRedisServer[], dir: string) {
    this.servers = servers;
    this.#dir = dir;
  }

  /** The nodes as ioredis `Cluster` startup nodes. */
  get nodes(): Array<{ host: string; port: number }> {
    return this.servers.map((server) => ({ host: '127.0.0.1', port: server.port }));
  }

  /** Starts three cluster-enabled servers, joins them (no replicas) and waits for `cluster_state:ok`. */
  static async start(): Promise<PrivateRedisCluster> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cachewright-cluster-'));
    const servers: PrivateRedisServer[] = [];
    const cluster = new PrivateRedisCluster(servers, dir);
    try {
      for (let i = 0; i < 3; i++) {
        const port = await freePort(true);
        servers.push(
          await PrivateRedisServer.start({
            port,
            args: [
              '--cluster-enabled',
              'yes',
              '--cluster-config-file',
              path.join(dir, `nodes-${port}.conf`),
              '--dir',
              dir,
            ],
          }),
        );
      }
      const create = spawnSync(
        'redis-cli',
        [
          '--cluster',
          'create',
          ...servers.map((s) => `127.0.0.1:${s.port}`),
          '--cluster-replicas',
          '0',
          '--cluster-yes',
        ],
        { encoding: 'utf8', timeout: CLUSTER_LIMIT_MS },
      );
      if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
      await waitFor(
        'every cluster node reports cluster_state:ok',
        () => servers.every((s) => redisCli(s.port, 'CLUSTER', 'INFO').includes('cluster_state:ok')),
        CLUSTER_LIMIT_MS,
      );
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  /** Kills every node and removes the temporary directory. */
  async stop(): Promise<void> {
    await Promise.all(this.servers.map((server) => server.kill()));
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
