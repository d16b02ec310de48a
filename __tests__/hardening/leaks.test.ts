/**
 * No leaks (issue 8), measured in a child process run with `node --expose-gc`
 * (`__tests__/fixtures/hardening/leakScript.ts`, which prints one JSON line):
 * - 100,000 entries then `clearCache()` bring the heap back to within 1 MB of the baseline
 *   (plain sync table, rich expiring table, async function);
 * - values evicted by the LRU, replaced by a refetch, swept as expired, or thrown by failing flights
 *   are collectable;
 * - instances of decorated services (resolved from a container, made with `new`, frozen) are not
 *   kept alive by the cache once dropped, and their entries leave the method's cache
 *   (FinalizationRegistry) within a few gc + setImmediate turns (≤ 2 s).

 */
import { CacheManager } from '../../src';
import { type ChildRun, runFixture } from './hardeningFixtures';

const PROCESS_LIMIT_MS = 60_000;
const HEAP_MARGIN_BYTES = 1_000_000;

interface HeapCase {
  baseline: number;
  full: number;
  cleared: number;
  size: number;
}
interface Report {
  heap: Record<'plain' | 'rich' | 'async', HeapCase>;
  evicted: Record<'evicted' | 'replaced' | 'swept' | 'failedAsync', number>;
  instances: Record<'container' | 'new' | 'frozen', { alive: number; lookupSize: number; loadSize: number }>;
  smallCaches: Record<'lru' | 'w-tinylfu', { bytesPerCache: number; entries: number }>;
}

describe(CacheManager.name, () => {
  describe('memory held by caches, in a node process with --expose-gc', () => {
    let run: ChildRun;
    let report: Report;

    beforeAll(async () => {
      run = await runFixture('leakScript.ts', PROCESS_LIMIT_MS, ['--expose-gc']);
      report = run.lines[0] as unknown as Report;
    }, PROCESS_LIMIT_MS + 5_000);

    it('runs the fixture to the end', () => {
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    });

    it.each(['plain', 'rich', 'async'] as const)(
      'returns the heap to the baseline after clearCache() of 100,000 entries (%s)',
      (kind) => {
        const { baseline, full, cleared, size } = report.heap[kind];
        expect(size).toBe(100_000);
        // The entries were really held (else the check below proves nothing).
        expect(full - baseline).toBeGreaterThan(5_000_000);
        expect(cleared - baseline).toBeLessThan(HEAP_MARGIN_BYTES);
      },
    );

    it.each(['evicted', 'replaced', 'swept', 'failedAsync'] as const)(
      'lets values that were %s be collected',
      (how) => {
        expect(report.evicted[how]).toBe(0);
      },
    );

    it.each([
      ['lru', 16],
      ['w-tinylfu', 24],
    ] as const)(
      'allocates a bounded cache (%s) for what it holds, not for its bound (1,000 caches of maxsize 100,000)',
      (policy, kib) => {
        const { bytesPerCache, entries } = report.smallCaches[policy];
        expect(entries).toBe(1_000);
        // Tables preallocated for 1,024 slots took about 34 KiB (LRU) and 43 KiB (W-TinyLFU with its
        // sketch); for their maxsize, megabytes.
        expect(bytesPerCache).toBeLessThan(kib * 1024);
      },
    );

    it.each(['container', 'new', 'frozen'] as const)(
      'lets dropped decorated instances (%s) be collected and removes their entries',
      (how) => {
        const { alive, lookupSize, loadSize } = report.instances[how];
        expect({ alive, lookupSize, loadSize }).toEqual({ alive: 0, lookupSize: 0, loadSize: 0 });
      },
    );
  });
});
