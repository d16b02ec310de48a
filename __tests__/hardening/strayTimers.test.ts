/**
 * No stray timers (issue 8): a script that uses every feature, then drops its references, must exit
 * on its own — code 0, within 2 s of dropping them — with no open handle left by the library
 * (CoarseClock's and delayed disposals' timers are unref'd; backoff timers are awaited).
 */
import { CacheManager } from '../../src';
import { type ChildRun, runFixture } from './hardeningFixtures';

const PROCESS_LIMIT_MS = 30_000;
const EXIT_LIMIT_MS = 2_000;

describe(CacheManager.name, () => {
  describe('every feature in a plain node process', () => {
    let run: ChildRun;

    beforeAll(async () => {
      run = await runFixture('everyFeatureScript.ts', PROCESS_LIMIT_MS);
    }, PROCESS_LIMIT_MS + 5_000);

    it('uses every feature as documented before dropping its references', () => {
      expect(run.lines.find((line) => line.event === 'results')).toMatchObject({
        results: {
          method: ['loaded a', 'loaded a', 4],
          newed: 6,
          sync: [2, 2],
          pointer: 'p',
          timeOfDay: 'daily',
          callback: 'cb',
          retried: 'retried',
          negative: 'Error: always fails',
          rethrown: 'rethrown Error: always fails',
          disposedAfterDelay: 1,
        },
      });
    });

    it('exits by itself with code 0 within 2 s of dropping its references', () => {
      expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
      const dropped = run.lines.find((line) => line.event === 'dropped');
      expect(dropped).toBeDefined();
      expect(run.exitedAt - dropped!.receivedAt).toBeLessThan(EXIT_LIMIT_MS);
    });
  });
});
