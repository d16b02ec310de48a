import { CacheManager, withCacheScope, type CacheOptions } from '../../../src';
import { containerWithClockReading } from '../../support/managers';
import {
  ASYNC_KINDS,
  KINDS,
  MINUTE,
  SECOND,
  SYNC_KINDS,
  T0,
  deferred,
  isAsync,
  listenRemovals,
  listenStale,
  reportedKey,
  never,
  settle,
  settledNow,
  subjectOf,
  turn,
  useFakeTimeAtT0,
  type Kind,
} from './resilienceFixtures';

/** Fresh for 10 s, then stale for one minute: usable until T0 + 70 s. */
const SWR: CacheOptions = { expiration: '10 seconds', staleWhileRevalidate: '1 minute' };
const FRESH_UNTIL = T0 + 10 * SECOND;
const USABLE_UNTIL = FRESH_UNTIL + MINUTE;

describe(CacheManager.name, () => {
  useFakeTimeAtT0();

  describe.each(KINDS)('staleWhileRevalidate (%s)', (kind: Kind) => {
    it('keeps an entry fresh until its expiration, then stale (counted, served, never peeked) until the window ends, then gone', async () => {
      const subject = subjectOf(kind, SWR, (k, n) => `${k}${n}`);
      expect(await settle(subject.call('a'))).toBe('a0');

      jest.setSystemTime(FRESH_UNTIL - 1);
      expect(subject.controls.has('a')).toBe(true);
      expect(await settle(subject.controls.peek('a'))).toBe('a0');
      await subject.controls.removeExpired();
      expect(subject.controls.cacheInfo().currentSize).toBe(1);

      jest.setSystemTime(FRESH_UNTIL);
      expect(subject.controls.has('a')).toBe(false);
      expect(subject.controls.peek('a')).toBeUndefined();
      expect(subject.controls.cacheInfo().currentSize).toBe(1);
      await subject.controls.removeExpired();
      expect(subject.controls.cacheInfo().currentSize).toBe(1);

      jest.setSystemTime(USABLE_UNTIL - 1);
      await subject.controls.removeExpired();
      expect(subject.controls.cacheInfo().currentSize).toBe(1);

      const removals = listenRemovals();
      try {
        jest.setSystemTime(USABLE_UNTIL);
        await subject.controls.removeExpired();
        expect(subject.controls.cacheInfo().currentSize).toBe(0);
        expect(removals.messages).toEqual([
          { cache: expect.any(String) as string, key: reportedKey(kind, 'a'), reason: 'expired' },
        ]);
      } finally {
        removals.stop();
      }
      expect(subject.runs).toEqual(['a']);
    });

    it('adds the window to the expiration: a call 65 s after the fetch (past the window alone) is still served stale', async () => {
      const subject = subjectOf(kind, SWR, (k, n) => `${k}${n}`);
      await settle(subject.call('a'));
      jest.setSystemTime(T0 + 65 * SECOND);
      const result = subject.call('a');
      expect(await settledNow(result)).toBe(true);
      expect(await settle(result)).toBe('a0');
      expect(subject.controls.cacheInfo()).toMatchObject({ hits: 1, misses: 1, staleHits: 1 });
    });

    it('serves the stale result in the same tick, then stores the one background refresh', async () => {
      const subject = subjectOf(kind, SWR, (k, n) => `${k}${n}`);
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL + 5 * SECOND);
      const stale = listenStale();
      let result: unknown;
      try {
        result = subject.call('a');
        expect(stale.messages).toEqual([
          { cache: expect.any(String) as string, key: reportedKey(kind, 'a'), cause: 'revalidate' },
        ]);
      } finally {
        stale.stop();
      }
      expect(await settledNow(result)).toBe(true);
      expect(await settle(result)).toBe('a0');
      await turn();
      expect(subject.runs).toEqual(['a', 'a']);
      expect(subject.controls.has('a')).toBe(true);
      expect(await settle(subject.call('a'))).toBe('a1');
      expect(subject.controls.cacheInfo()).toMatchObject({ hits: 2, misses: 1, staleHits: 1, currentSize: 1 });
    });

    it('fetches anew, the caller waiting, once the window has passed', async () => {
      const subject = subjectOf(kind, SWR, (k, n) => `${k}${n}`);
      await settle(subject.call('a'));
      jest.setSystemTime(USABLE_UNTIL);
      expect(await settle(subject.call('a'))).toBe('a1');
      expect(subject.runs).toEqual(['a', 'a']);
      expect(subject.controls.cacheInfo().staleHits).toBe(0);
    });

    it('removes the stale entry (reason failed) and reports the failure as a refresh when the background refresh fails', async () => {
      const failure = new Error('source down');
      const subject = subjectOf(kind, SWR, (k, n) => {
        if (n === 0) return `${k}${n}`;
        throw failure;
      });
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL);
      const removals = listenRemovals();
      try {
        expect(await settle(subject.call('a'))).toBe('a0');
        await turn();
        expect(removals.messages.map((m) => m.reason)).toEqual(['failed']);
      } finally {
        removals.stop();
      }
      expect(subject.reports).toEqual([
        {
          error: failure,
          context: expect.objectContaining({ operation: 'refresh', key: reportedKey(kind, 'a') }) as object,
        },
      ]);
      expect(subject.controls.cacheInfo().currentSize).toBe(0);
      await expect((async () => subject.call('a'))()).rejects.toBe(failure);
      expect(subject.runs).toEqual(['a', 'a', 'a']);
    });
  });

  describe.each(ASYNC_KINDS)('staleWhileRevalidate, 10,000 calls (%s)', (kind: Kind) => {
    it('starts exactly one background refresh for 10,000 calls in the stale window', async () => {
      const refresh = deferred<string>();
      const subject = subjectOf(kind, SWR, (k, n) => (n === 0 ? `${k}0` : refresh.promise));
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL);
      const results: unknown[] = [];
      for (let i = 0; i < 10_000; i++) {
        results.push(subject.call('a'));
        if (i % 1000 === 999) {
          await jest.advanceTimersByTimeAsync(1000);
        }
      }
      expect(await Promise.all(results)).toEqual(Array.from({ length: 10_000 }, () => 'a0'));
      expect(subject.runs).toEqual(['a', 'a']);
      refresh.resolve('a1');
      await turn();
      expect(await settle(subject.call('a'))).toBe('a1');
      expect(subject.runs).toHaveLength(2);
      expect(subject.controls.cacheInfo()).toMatchObject({ hits: 10_001, misses: 1, staleHits: 10_000 });
    });
  });

  describe.each(SYNC_KINDS)('staleWhileRevalidate, sync refresh (%s)', (kind: Kind) => {
    it('runs the refresh in a setImmediate after the call returns, once for 10,000 calls', async () => {
      const subject = subjectOf(kind, SWR, (k, n) => `${k}${n}`);
      subject.call('a');
      jest.setSystemTime(FRESH_UNTIL);
      const results: unknown[] = [];
      for (let i = 0; i < 10_000; i++) results.push(subject.call('a'));
      expect(results.every((value) => value === 'a0')).toBe(true);
      expect(subject.runs).toEqual(['a']);
      jest.runOnlyPendingTimers();
      expect(subject.runs).toEqual(['a', 'a']);
      expect(subject.call('a')).toBe('a1');
      expect(subject.controls.cacheInfo()).toMatchObject({ hits: 10_001, misses: 1, staleHits: 10_000 });
    });

    it('leaves the deferred refresh to a call that arrives after the window, which fetches at once', () => {
      const subject = subjectOf(kind, SWR, (k, n) => `${k}${n}`);
      subject.call('a');
      jest.setSystemTime(USABLE_UNTIL - 1);
      expect(subject.call('a')).toBe('a0');
      jest.setSystemTime(USABLE_UNTIL);
      expect(subject.call('a')).toBe('a1');
      jest.runOnlyPendingTimers();
      expect(subject.runs).toEqual(['a', 'a']);
      expect(subject.call('a')).toBe('a1');
    });

    it('skips the deferred refresh when the cache was cleared before it ran', async () => {
      const subject = subjectOf(kind, SWR, (k, n) => `${k}${n}`);
      subject.call('a');
      jest.setSystemTime(FRESH_UNTIL);
      expect(subject.call('a')).toBe('a0');
      await subject.controls.clearCache();
      jest.runOnlyPendingTimers();
      expect(subject.runs).toEqual(['a']);
      expect(subject.controls.cacheInfo().currentSize).toBe(0);
    });
  });

  describe.each(ASYNC_KINDS)('staleWhileRevalidate with resources (%s)', (kind: Kind) => {
    it("disposes the resource the refresh replaces with reason 'replaced'", async () => {
      const closed: string[] = [];
      const resource = (name: string): { name: string; close(): void } => ({
        name,
        close: () => void closed.push(name),
      });
      const subject = subjectOf(kind, { ...SWR, wrapAsyncExitStack: true }, (k, n) => resource(`${k}${n}`));
      const first = (await settle(subject.call('a'))) as { name: string };
      jest.setSystemTime(FRESH_UNTIL);
      const removals = listenRemovals();
      try {
        expect(await settle(subject.call('a'))).toBe(first);
        expect(closed).toEqual([]);
        await turn();
        expect(removals.messages.map((m) => m.reason)).toEqual(['replaced']);
      } finally {
        removals.stop();
      }
      expect(closed).toEqual(['a0']);
      expect(((await settle(subject.call('a'))) as { name: string }).name).toBe('a1');
    });
  });

  describe.each(ASYNC_KINDS)('staleWhileRevalidate with a hung refresh (%s)', (kind: Kind) => {
    it('keeps serving stale while the refresh hangs, then makes later callers wait on it once the window has passed', async () => {
      const subject = subjectOf(kind, SWR, (k, n) => (n === 0 ? `${k}0` : never()));
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL);
      expect(await settle(subject.call('a'))).toBe('a0');
      await jest.advanceTimersByTimeAsync(MINUTE - 1);
      expect(await settle(subject.call('a'))).toBe('a0');
      await jest.advanceTimersByTimeAsync(1);
      const waiting = subject.call('a');
      expect(await settledNow(waiting)).toBe(false);
      expect(subject.runs).toEqual(['a', 'a']);
    });
  });

  describe.each(KINDS)('staleWhileRevalidate, stale hits while the refresh runs (%s)', (kind: Kind) => {
    /** A body whose refreshes of `a` hang (async kinds) or whose first refresh is stored later (sync kinds). */
    const hanging = (k: string, n: number): unknown => (n === 0 || !isAsync(kind) ? `${k}${n}` : never());

    it('publishes one stale message per stale result served, each counted', async () => {
      const subject = subjectOf(kind, SWR, hanging);
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL);
      const stale = listenStale();
      try {
        for (let i = 0; i < 3; i++) expect(await settle(subject.call('a'))).toBe('a0');
        expect(stale.messages.map((m) => m.cause)).toEqual(['revalidate', 'revalidate', 'revalidate']);
      } finally {
        stale.stop();
      }
      expect(subject.controls.cacheInfo().staleHits).toBe(3);
    });

    it.each<[string, CacheOptions]>([
      ['cacheIf said no', { cacheIf: (result: unknown) => result !== 'a1' }],
      ['it was too heavy', { maxWeight: 10, weigh: (result: unknown) => (result === 'a1' ? 11 : 1) }],
    ])('starts a new refresh on the next stale hit when the last one stored nothing (%s)', async (_label, extra) => {
      const subject = subjectOf(kind, { ...SWR, ...extra }, (k, n) => `${k}${n}`);
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL);
      expect(await settle(subject.call('a'))).toBe('a0');
      await turn();
      expect(subject.runs).toHaveLength(2);
      expect(await settle(subject.call('a'))).toBe('a0');
      await turn();
      expect(subject.runs).toHaveLength(3);
      expect(await settle(subject.call('a'))).toBe('a2');
    });

    it('lets a forceRefresh scope skip the stale entry', async () => {
      const subject = subjectOf(kind, SWR, (k, n) => (n === 1 && isAsync(kind) ? never() : `${k}${n}`));
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL);
      expect(await settle(subject.call('a'))).toBe('a0');
      await turn();
      const forced = withCacheScope({ forceRefresh: true }, () => subject.call('a'));
      if (isAsync(kind)) {
        // The hung background refresh is joined, not answered from the stale entry.
        expect(await settledNow(forced)).toBe(false);
      } else {
        expect(forced).toBe('a2');
      }
    });
  });

  it('serves stale hits the same way with a custom Clock', async () => {
    let now = T0;
    const container = containerWithClockReading(() => now);
    const runs: number[] = [];
    const cached = container.get(CacheManager).wrap(
      async (k: string) => {
        runs.push(runs.length);
        return runs.length === 1 ? `${k}0` : never();
      },
      SWR as CacheOptions<(k: string) => Promise<string>>,
    );
    await cached('a');
    now = FRESH_UNTIL;
    for (let i = 0; i < 5; i++) expect(await cached('a')).toBe('a0');
    expect(runs).toHaveLength(2);
    expect(cached.cacheInfo()).toMatchObject({ staleHits: 5, hits: 5 });
    now = USABLE_UNTIL;
    expect(await settledNow(cached('a'))).toBe(false);
  });

  it('is a no-op before the entry expires: fresh hits count no stale hit', async () => {
    const subject = subjectOf('wrap async', SWR, (k, n) => `${k}${n}`);
    await settle(subject.call('a'));
    for (let i = 0; i < 5; i++) expect(await settle(subject.call('a'))).toBe('a0');
    expect(subject.controls.cacheInfo()).toMatchObject({ hits: 5, staleHits: 0 });
  });
});
