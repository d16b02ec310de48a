import { spawn } from 'node:child_process';
import path from 'node:path';
import { injectable } from 'inversify';
import { CacheManager, Clock, createCacheContainer } from '../../src';

/** A clock that only moves when a test moves it (no timers). */
@injectable()
export class ManualClock extends Clock {
  ms = 1_700_000_000_000;

  /** {@inheritDoc Clock.now} */
  override now(): number {
    return this.ms;
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}

/** A fresh container's manager driven by `clock`. */
export function managerWithClock(clock: ManualClock): CacheManager {
  const container = createCacheContainer();
  container.rebind(Clock).toConstantValue(clock);
  return container.get(CacheManager);
}

/** A fresh container's manager with the default bindings. */
export function newManager(): CacheManager {
  return createCacheContainer().get(CacheManager);
}

export const ROOT = path.resolve(__dirname, '../..');

/** One run of a child-process fixture: its exit, its JSON lines (with arrival times) and stderr. */
export interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly lines: Array<Record<string, unknown> & { receivedAt: number }>;
  readonly stderr: string;
  readonly exitedAt: number;
}

/**
 * Runs `__tests__/fixtures/hardening/<name>` with plain node through ts-node (transpile-only; faster
 * here than building dist/ first), real timers, killed after `limitMs`. Each stdout line is JSON.
 */
export function runFixture(
  name: string,
  limitMs: number,
  nodeArgs: readonly string[] = [],
  scriptArgs: readonly string[] = [],
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...nodeArgs, '-r', 'ts-node/register', path.join(ROOT, '__tests__/fixtures/hardening', name), ...scriptArgs],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          TS_NODE_TRANSPILE_ONLY: '1',
          TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
          TS_NODE_COMPILER_OPTIONS: JSON.stringify({ rootDir: '.' }),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const lines: ChildRun['lines'] = [];
    let pending = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      let newline = pending.indexOf('\n');
      while (newline !== -1) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (line !== '') lines.push({ ...(JSON.parse(line) as Record<string, unknown>), receivedAt: Date.now() });
        newline = pending.indexOf('\n');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, lines, stderr, exitedAt: Date.now() });
    });
  });
}
