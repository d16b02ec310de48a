import { CacheManager, type CacheOptions } from '../../../src';
import {
  ASYNC_KINDS,
  KINDS,
  MINUTE,
  SECOND,
  SYNC_KINDS,
  T0,
  deferred,
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

  it('is a no-op before the entry expires: fresh hits count no stale hit', async () => {
    const subject = subjectOf('wrap async', SWR, (k, n) => `${k}${n}`);
    await settle(subject.call('a'));
    for (let i = 0; i < 5; i++) expect(await settle(subject.call('a'))).toBe('a0');
    expect(subject.controls.cacheInfo()).toMatchObject({ hits: 5, staleHits: 0 });
  });
});
