/**
 * Running a TypeScript script in a child `node` process, for the tests that need a real process
 * (real timers, real `unhandledRejection` events, exit codes).
 *
 * @packageDocumentation
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

/** The repository root: the child's working directory, and what script paths are relative to. */
export const ROOT = path.resolve(__dirname, '../..');

/** One run of a child-process script: its exit, its JSON lines (with arrival times) and stderr. */
export interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly lines: Array<Record<string, unknown> & { receivedAt: number }>;
  readonly stderr: string;
  readonly exitedAt: number;
}

/** What {@link runScript} takes after the script: the kill limit, node's own arguments, the script's. */
export type RunArgs = [limitMs: number, nodeArgs?: readonly string[], scriptArgs?: readonly string[]];

/**
 * Runs `script` (a path relative to {@link ROOT}) with plain node through ts-node (transpile-only;
 * faster here than building dist/ first), real timers, killed after `limitMs`. Each stdout line is JSON.
 */
export function runScript(script: string, ...[limitMs, nodeArgs = [], scriptArgs = []]: RunArgs): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...nodeArgs, '-r', 'ts-node/register', path.join(ROOT, script), ...scriptArgs],
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
