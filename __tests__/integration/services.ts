import { spawnSync } from 'node:child_process';

/** Under `CI=true` a service that is down fails its tests; elsewhere they skip with a loud warning. */
export const IN_CI = process.env.CI === 'true';

/** The PostgreSQL the pg tests use. */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The Redis the ioredis tests use. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The longest any integration test polls for a condition. */
export const POLL_LIMIT_MS = 2_000;

/**
 * True when a TCP connection to `host:port` opens within a second. Synchronous (a short child
 * process), so a `describe` can be skipped at collection time.
 */
export function isTcpReachable(host: string, port: number): boolean {
  const probe = `
    const socket = require('node:net').connect(${port}, ${JSON.stringify(host)});
    socket.setTimeout(1000);
    socket.on('connect', () => { socket.destroy(); process.exit(0); });
    socket.on('error', () => process.exit(1));
    socket.on('timeout', () => process.exit(1));
  `;
  const result = spawnSync(process.execPath, ['-e', probe], { timeout: 3_000, stdio: 'ignore' });
  return result.status === 0;
}

/**
 * `describe`s `body` when the service at `url` answers on TCP. When it does not: under `CI=true`
 * one failing test names the service (the body is not run, so it opens no client); otherwise the
 * body is skipped after a loud `console.warn`.
 */
export function describeWithService(service: string, url: string, defaultPort: number, body: () => void): void {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const port = Number(parsed.port || defaultPort);
  const reachable = isTcpReachable(host, port);
  if (reachable) {
    describe(service, body);
    return;
  }
  if (IN_CI) {
    describe(service, () => {
      it('is reachable (CI=true requires every integration service)', () => {
        throw new Error(`${service} is not reachable at ${host}:${port} (${url}): start it (.ci/run does)`);
      });
    });
    return;
  }
  console.warn(
    `\n${'!'.repeat(78)}\n!! SKIPPING the ${service} integration tests: nothing answers at ${host}:${port} (${url}).\n` +
      `!! Start the service (see .ci/run), or set CI=true to make this a failure.\n${'!'.repeat(78)}\n`,
  );
  describe.skip(service, body);
}

/**
 * Polls `check` (real timers) every `intervalMs` until it returns true, for at most
 * {@link POLL_LIMIT_MS}; rejects naming `what` when the bound passes first.
 */
export async function pollUntil(what: string, check: () => boolean | Promise<boolean>, intervalMs = 20): Promise<void> {
  const deadline = Date.now() + POLL_LIMIT_MS;
  for (;;) {
    if (await check()) return;
    if (Date.now() >= deadline) throw new Error(`timed out after ${POLL_LIMIT_MS} ms waiting until ${what}`);
    await new Promise<void>((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A name unique to this process and call, for `application_name` / `CLIENT SETNAME`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
