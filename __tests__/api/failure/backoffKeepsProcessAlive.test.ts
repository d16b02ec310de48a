import { CacheManager } from '../../../src';
import { type ChildRun, runScript } from '../../support/childProcess';

const FIXTURE = '__tests__/fixtures/backoffRetryScript.ts';
/** Loading TypeScript and the library takes a few seconds on a shared machine; the wait itself is bounded below. */
const PROCESS_LIMIT_MS = 20_000;
/** After the fixture starts its call, the result must arrive within this (the backoff is 50–60 ms). */
const RESULT_LIMIT_MS = 2_000;

describe(CacheManager.name, () => {
  describe('wrap() in a plain node process', () => {
    let run: ChildRun;

    beforeAll(async () => {
      run = await runScript(FIXTURE, PROCESS_LIMIT_MS);
    }, PROCESS_LIMIT_MS + 5_000);

    it('exits with code 0 after delivering the result of a flight retried after a backoff', () => {
      expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
      const start = run.lines.find((line) => line.event === 'start');
      const result = run.lines.find((line) => line.event === 'result');
      expect(result).toMatchObject({ result: 'value for a', calls: 2 });
      expect(Number(result!.at) - Number(start!.at)).toBeLessThanOrEqual(RESULT_LIMIT_MS);
    });

    it('raises no unhandledRejection in the process while failing flights are shared, stored and rethrown', () => {
      expect(run.lines.find((line) => line.event === 'unhandled')).toEqual({
        event: 'unhandled',
        reasons: [],
        receivedAt: expect.any(Number),
      });
    });
  });
});
