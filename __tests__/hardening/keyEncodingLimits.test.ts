/**
 * Arguments that are cheap to build but huge to encode structurally (issue 8, "never a hang"): each
 * runs in a child process with a 128 MB heap, so a runaway encoding kills the child, not jest.
 * The call must return (a key) or throw `KeyEncodingError`, within 2 s, and the process exit 0.
 */
import { CacheManager } from '../../src';
import { type ChildRun, runFixture } from './hardeningFixtures';

const PROCESS_LIMIT_MS = 20_000;
const CALL_LIMIT_MS = 2_000;

describe(CacheManager.name, () => {
  describe('wrap() with arguments too large to encode', () => {
    const runs = new Map<string, ChildRun>();

    beforeAll(async () => {
      const cases = ['emptyHugeArray', 'sharedDag'];
      const results = await Promise.all(
        cases.map((name) => runFixture(`hugeKeyScript.ts`, PROCESS_LIMIT_MS, ['--max-old-space-size=128'], [name])),
      );
      cases.forEach((name, i) => runs.set(name, results[i]));
    }, PROCESS_LIMIT_MS + 5_000);

    it.each([
      ['emptyHugeArray', 'an array of length 2^32 - 1 with no elements'],
      ['sharedDag', 'an acyclic graph sharing one sub-object 40 levels deep (2^40 paths)'],
    ])('keys %s (%s) or throws KeyEncodingError within 2 s, without exhausting the heap', (name) => {
      const run = runs.get(name)!;
      expect({ code: run.code, signal: run.signal, crashed: /heap out of memory/.test(run.stderr) }).toEqual({
        code: 0,
        signal: null,
        crashed: false,
      });
      const line = run.lines[0];
      expect(line.outcome === 'key' || line.errorName === 'KeyEncodingError').toBe(true);
      expect(line.ms).toBeLessThan(CALL_LIMIT_MS);
    });
  });
});
