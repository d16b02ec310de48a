import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../support/childProcess';

describe('examples/metrics.ts', () => {
  it('prints a metrics snapshot from the OpenTelemetry SDK with the workload’s exact counts', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', 'ts-node/register', path.join(ROOT, 'examples/metrics.ts')],
      {
        cwd: ROOT,
        timeout: 20_000,
        env: {
          ...process.env,
          TS_NODE_TRANSPILE_ONLY: '1',
          TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
          TS_NODE_COMPILER_OPTIONS: JSON.stringify({ rootDir: '.' }),
        },
      },
    );
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('cachewright metrics after the workload (OpenTelemetry SDK, in-memory exporter):');
    const durations = lines.filter((line) => line.includes('cache.load.duration'));
    expect(lines.filter((line) => !durations.includes(line)).slice(1)).toEqual([
      '  cache.requests{cache.name=UserService.getUser,cache.result=hit} 2',
      '  cache.requests{cache.name=UserService.getUser,cache.result=miss} 4',
      '  cache.requests{cache.name=square,cache.result=hit} 2',
      '  cache.requests{cache.name=square,cache.result=miss} 3',
      '  cache.loads{cache.name=UserService.getUser,cache.load.result=success} 2',
      '  cache.loads{cache.name=UserService.getUser,cache.load.result=failure} 2',
      '  cache.loads{cache.name=square,cache.load.result=success} 3',
      '  cache.evictions{cache.name=square,cache.removal.reason=evicted} 1',
      '  cache.size{cache.name=UserService.getUser} 2',
      '  cache.size{cache.name=square} 2',
    ]);
    // Each getUser run sleeps 20 ms (timers may fire a little early or late).
    expect(durations).toEqual([
      expect.stringMatching(
        /^ {2}cache\.load\.duration\{cache\.name=UserService\.getUser,cache\.load\.result=success\} count=2 sum=0\.0[3-9]\ds$/,
      ),
      expect.stringMatching(
        /^ {2}cache\.load\.duration\{cache\.name=UserService\.getUser,cache\.load\.result=failure\} count=2 sum=0\.0[3-9]\ds$/,
      ),
      expect.stringMatching(
        /^ {2}cache\.load\.duration\{cache\.name=square,cache\.load\.result=success\} count=3 sum=0\.\d{3}s$/,
      ),
    ]);
  }, 30_000);
});
