import { spawn } from 'node:child_process';
import path from 'node:path';
import { CacheManager } from '../../../src';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURE = path.join(ROOT, '__tests__/fixtures/backoffRetryScript.ts');
/** Loading TypeScript and the library takes a few seconds on a shared machine; the wait itself is bounded below. */
const PROCESS_LIMIT_MS = 20_000;
/** After the fixture starts its call, the result must arrive within this (the backoff is 50–60 ms). */
const RESULT_LIMIT_MS = 2_000;

interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly lines: Array<Record<string, unknown>>;
  readonly stderr: string;
}

/** Runs the fixture with plain `node` (ts-node, transpile-only), real timers, killed after a limit. */
function runFixture(): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register', FIXTURE], {
      cwd: ROOT,
      env: {
        ...process.env,
        TS_NODE_TRANSPILE_ONLY: '1',
        TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
        TS_NODE_COMPILER_OPTIONS: JSON.stringify({ rootDir: '.' }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), PROCESS_LIMIT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      const lines = stdout
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      resolve({ code, signal, lines, stderr });
    });
  });
}

describe(CacheManager.name, () => {
  describe('wrap() in a plain node process', () => {
    let run: ChildRun;

    beforeAll(async () => {
      run = await runFixture();
    }, PROCESS_LIMIT_MS + 5_000);

    it('exits with code 0 after delivering the result of a flight retried after a backoff', () => {
      expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
      const start = run.lines.find((line) => line.event === 'start');
      const result = run.lines.find((line) => line.event === 'result');
      expect(result).toMatchObject({ result: 'value for a', calls: 2 });
      expect(Number(result!.at) - Number(start!.at)).toBeLessThanOrEqual(RESULT_LIMIT_MS);
    });

    it('raises no unhandledRejection in the process while failing flights are shared, stored and rethrown', () => {
      expect(run.lines.find((line) => line.event === 'unhandled')).toEqual({ event: 'unhandled', reasons: [] });
    });
  });
});
