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
export function runScript(script: string, ...args: RunArgs): Promise<ChildRun> {
  return startScript(script, ...args).exited;
}

/** A child-process script that keeps running: its JSON lines as they come, its stdin for commands. */
export interface ChildSession {
  /** Every JSON line so far, with its arrival time. */
  readonly lines: ChildRun['lines'];
  /** Resolves the first line (seen or to come) that `match` accepts; rejects after `limitMs`. */
  waitForLine(match: (line: Record<string, unknown>) => boolean, limitMs?: number): Promise<Record<string, unknown>>;
  /** Writes `message` as one JSON line to the child's stdin. */
  send(message: unknown): void;
  /** Settles when the child has exited (killed after the session's limit). */
  readonly exited: Promise<ChildRun>;
  /** Kills the child now (SIGKILL) and waits for its exit. */
  kill(): Promise<ChildRun>;
}

/**
 * Starts `script` (a path relative to {@link ROOT}) as {@link runScript} does, but hands back a
 * session at once: lines are readable as they arrive and commands can be written to its stdin. The
 * child is killed after `limitMs` whatever happens (and when the test process exits).
 */
export function startScript(script: string, ...[limitMs, nodeArgs = [], scriptArgs = []]: RunArgs): ChildSession {
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
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const lines: ChildRun['lines'] = [];
  const watchers = new Set<() => void>();
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
    for (const watcher of [...watchers]) watcher();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.on('error', () => undefined); // a child that died refuses its stdin: its exit says why
  const killer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<ChildRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      process.removeListener('exit', killOnExit);
      for (const watcher of [...watchers]) watcher();
      resolve({ code, signal, lines, stderr, exitedAt: Date.now() });
    });
  });
  return {
    lines,
    exited,
    send: (message) => void child.stdin.write(`${JSON.stringify(message)}\n`),
    kill: () => {
      child.kill('SIGKILL');
      return exited;
    },
    waitForLine: (match, waitLimitMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const found = lines.find(match);
          if (found !== undefined) {
            done();
            resolve(found);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            done();
            reject(new Error(`the child exited (${child.exitCode ?? child.signalCode}) first; stderr:\n${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no matching line from the child within ${waitLimitMs} ms; stderr:\n${stderr}`));
        }, waitLimitMs);
        const done = (): void => {
          clearTimeout(timer);
          watchers.delete(check);
        };
        watchers.add(check);
        check();
      }),
  };
}
