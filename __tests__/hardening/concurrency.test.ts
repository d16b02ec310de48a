/**
 * Concurrency (issue 8): 10,000 concurrent calls over 100 keys, each flight settled after a random
 * (fake) delay — flights are deferreds settled in random order while calls keep arriving — with a
 * random outcome (value or failure). Checked: each flight runs the loader once; every caller gets
 * its flight's value or the very same error; the cache ends consistent (successful keys stored,
 * failed ones not, currentSize and hits/misses matching); and, in a plain node process, no
 * `unhandledRejection` (jest's sandbox does not deliver that event to a test's listener).
 */
import fc from 'fast-check';
import { CacheManager, type CacheOptions } from '../../src';
import {
  type LoaderShape,
  type ScenarioReport,
  runConcurrencyScenario,
} from '../fixtures/hardening/concurrencyScenario';
import { type ChildRun, newManager, runFixture } from './hardeningFixtures';

const PROCESS_LIMIT_MS = 30_000;

const shapes: ReadonlyArray<readonly [string, LoaderShape, CacheOptions]> = [
  ['an async function (plain table)', 'async', {}],
  ['an async function with an expiration (rich table)', 'async', { expiration: 3_600 }],
  ['a non-async function returning promises, bounded', 'promise-returning', { maxsize: 1_000 }],
];

function expectConsistent(report: ScenarioReport): void {
  expect(report).toEqual({
    wrongCallers: [],
    badStarts: 0,
    refetchedAfterSuccess: [],
    currentSize: [report.currentSize[1], report.currentSize[1]],
    misses: [report.misses[1], report.misses[1]],
    hits: [report.hits[1], report.hits[1]],
    storedButMissing: [],
  });
}

describe(CacheManager.name, () => {
  describe('wrap() under 10,000 concurrent calls', () => {
    it.each(shapes)(
      'gives every caller its flight outcome and ends consistent, for %s',
      async (_label, shape, options) => {
        await fc.assert(
          fc.asyncProperty(fc.integer(), fc.double({ min: 0.05, max: 0.5, noNaN: true }), async (seed, failureRate) => {
            expectConsistent(await runConcurrencyScenario(newManager(), shape, options, seed, failureRate));
          }),
          { numRuns: 2 },
        );
      },
    );

    describe('in a plain node process', () => {
      let run: ChildRun;

      beforeAll(async () => {
        run = await runFixture('concurrencyScript.ts', PROCESS_LIMIT_MS);
      }, PROCESS_LIMIT_MS + 5_000);

      it('raises no unhandledRejection while 30% of the flights fail, and ends consistent', () => {
        expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
        const line = run.lines[0] as unknown as { reports: ScenarioReport[]; unhandled: string[] };
        expect(line.unhandled).toEqual([]);
        for (const report of line.reports) expectConsistent(report);
      });
    });
  });
});
