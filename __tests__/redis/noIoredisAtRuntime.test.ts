/**
 * ioredis is an optional peer: the main entry point must never load it, and `cachewright/redis`
 * only uses its types (the user passes the client). Checked on a fresh `tsc` build of `src/`, loaded
 * by a plain `node` process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/childProcess';

describe('the built package and ioredis', () => {
  let outDir: string;

  beforeAll(() => {
    outDir = mkdtempSync(path.join(os.tmpdir(), 'cachewright-build-'));
    const tsc = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/typescript/bin/tsc'),
        ...['-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', outDir],
        ...['--declaration', 'false', '--declarationMap', 'false', '--sourceMap', 'false'],
      ],
      { encoding: 'utf8', timeout: 90_000 },
    );
    if (tsc.status !== 0) throw new Error(`tsc failed: ${tsc.stdout}${tsc.stderr}`);
  }, 100_000);

  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  /** The modules a fresh node process has loaded after requiring `entries` of the build. */
  function loadedModules(...entries: string[]): string[] {
    const script = `
      require('reflect-metadata');
      for (const entry of ${JSON.stringify(entries.map((entry) => path.join(outDir, entry)))}) require(entry);
      process.stdout.write(JSON.stringify(Object.keys(require.cache)));
    `;
    const run = spawnSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      timeout: 10_000,
      env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
    });
    if (run.status !== 0) throw new Error(`node failed: ${run.stderr}`);
    return JSON.parse(run.stdout) as string[];
  }

  const ioredisModules = (modules: string[]): string[] =>
    modules.filter((file) => /[\\/]node_modules[\\/](ioredis\d*|@ioredis)[\\/]/.test(file));

  it('requiring the main entry point loads no ioredis module', () => {
    const modules = loadedModules('index.js');
    expect(modules.some((file) => file.endsWith(`${path.sep}index.js`))).toBe(true);
    expect(ioredisModules(modules)).toEqual([]);
  });

  it('requiring cachewright/redis loads no ioredis module either', () => {
    const modules = loadedModules('redis/index.js');
    expect(modules.some((file) => file.includes(`${path.sep}redis${path.sep}RedisSharedTier.js`))).toBe(true);
    expect(ioredisModules(modules)).toEqual([]);
  });

  it('has no require of ioredis anywhere in the build', () => {
    const files = readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js'));
    expect(files.length).toBeGreaterThan(50);
    const requiring = files.filter((file) => /require\("ioredis/.test(readFileSync(path.join(outDir, file), 'utf8')));
    expect(requiring).toEqual([]);
  });
});
