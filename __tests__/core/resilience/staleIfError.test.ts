import { CacheManager, type CacheOptions } from '../../../src';
import {
  KINDS,
  MINUTE,
  SECOND,
  T0,
  deferred,
  listenRemovals,
  listenStale,
  reportedKey,
  settle,
  subjectOf,
  turn,
  useFakeTimeAtT0,
  type Kind,
} from './resilienceFixtures';

/** Fresh for 10 s; a failure within a minute after that serves the stale result (backoff 10 s). */
const SIE: CacheOptions = { expiration: '10 seconds', staleIfError: '1 minute' };
const FRESH_UNTIL = T0 + 10 * SECOND;
const WINDOW_END = FRESH_UNTIL + MINUTE;

/** Calls `subject` for `k` and settles it: a throw or a rejection rejects. */
const attempt = (subject: { call(k: string): unknown }, k: string): Promise<unknown> => (async () => subject.call(k))();

/** A body that answers `<k>0` first and then whatever `later` says. */
const firstThen =
  (later: (k: string, n: number) => unknown) =>
  (k: string, n: number): unknown =>
    n === 0 ? `${k}0` : later(k, n);

describe(CacheManager.name, () => {
  useFakeTimeAtT0();

  describe.each(KINDS)('staleIfError (%s)', (kind: Kind) => {
    it('serves the stale result when the refetch fails, reports it as a refresh, and fetches again only after the backoff', async () => {
      const failure = new Error('source down');
      const subject = subjectOf(
        kind,
        SIE,
        firstThen((k, n) => {
          if (n < 3) throw failure;
          return `${k}${n}`;
        }),
      );
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL + 5 * SECOND);
      const stale = listenStale();
      try {
        expect(await attempt(subject, 'a')).toBe('a0');
        expect(stale.messages).toEqual([
          { cache: expect.any(String) as string, key: reportedKey(kind, 'a'), cause: 'error' },
        ]);
      } finally {
        stale.stop();
      }
      expect(subject.runs).toHaveLength(2);
      expect(subject.reports).toEqual([
        {
          error: failure,
          context: expect.objectContaining({ operation: 'refresh', key: reportedKey(kind, 'a') }) as object,
        },
      ]);

      // The backoff (10 s by default) counts from the failure: calls meanwhile get the stale result.
      for (const offset of [0, 1, 9_999]) {
        jest.setSystemTime(FRESH_UNTIL + 5 * SECOND + offset);
        expect(await attempt(subject, 'a')).toBe('a0');
      }
      expect(subject.runs).toHaveLength(2);
      expect(subject.controls.cacheInfo().staleHits).toBe(3);

      jest.setSystemTime(FRESH_UNTIL + 15 * SECOND);
      expect(await attempt(subject, 'a')).toBe('a0');
      expect(subject.runs).toHaveLength(3);
      expect(subject.reports).toHaveLength(2);

      jest.setSystemTime(FRESH_UNTIL + 25 * SECOND);
      expect(await attempt(subject, 'a')).toBe('a3');
      expect(subject.runs).toHaveLength(4);
      expect(await attempt(subject, 'a')).toBe('a3');
      expect(subject.runs).toHaveLength(4);
    });

    it('removes the stale entry (reason failed) and fails the call when the failure comes after the window', async () => {
      const failure = new Error('source down');
      const subject = subjectOf(
        kind,
        SIE,
        firstThen(() => {
          throw failure;
        }),
      );
      await settle(subject.call('a'));
      jest.setSystemTime(WINDOW_END);
      const removals = listenRemovals();
      try {
        await expect(attempt(subject, 'a')).rejects.toBe(failure);
        expect(removals.messages.map((m) => m.reason)).toEqual(['failed']);
      } finally {
        removals.stop();
      }
      expect(subject.reports).toEqual([]);
      expect(subject.controls.cacheInfo().currentSize).toBe(0);
    });

    it('serves the stale result only after the retries have failed too', async () => {
      const failure = new Error('source down');
      const subject = subjectOf(
        kind,
        { ...SIE, retryCount: 2 },
        firstThen(() => {
          throw failure;
        }),
      );
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL);
      const result = attempt(subject, 'a');
      await jest.advanceTimersByTimeAsync(10 * SECOND);
      expect(await result).toBe('a0');
      expect(subject.runs).toHaveLength(4);
      expect(subject.reports).toHaveLength(1);
    });

    it('honours a staleIfErrorBackoff of its own', async () => {
      const subject = subjectOf(
        kind,
        { ...SIE, staleIfErrorBackoff: '30 seconds' },
        firstThen(() => {
          throw new Error('down');
        }),
      );
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL);
      expect(await attempt(subject, 'a')).toBe('a0');
      jest.setSystemTime(FRESH_UNTIL + 30 * SECOND - 1);
      expect(await attempt(subject, 'a')).toBe('a0');
      expect(subject.runs).toHaveLength(2);
      jest.setSystemTime(FRESH_UNTIL + 30 * SECOND);
      expect(await attempt(subject, 'a')).toBe('a0');
      expect(subject.runs).toHaveLength(3);
    });

    it('keeps the current entry when an explicit refresh() fails (the failure goes to its caller)', async () => {
      const failure = new Error('source down');
      const subject = subjectOf(
        kind,
        SIE,
        firstThen(() => {
          throw failure;
        }),
      );
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL);
      await expect((async () => subject.controls.refresh('a'))()).rejects.toBe(failure);
      expect(subject.controls.cacheInfo().currentSize).toBe(1);
      expect(await attempt(subject, 'a')).toBe('a0');
    });
  });

  describe.each(KINDS)('staleIfError with negative caching (%s)', (kind: Kind) => {
    it.each<[string, CacheOptions['negativeCache']]>([
      ['true', true],
      ["'rethrow'", 'rethrow'],
    ])(
      'stores no failure inside the window (negativeCache: %s): the stale result is served and the next fetch runs after the backoff',
      async (_label, negativeCache) => {
        const failure = new Error('source down');
        const subject = subjectOf(
          kind,
          { ...SIE, negativeCache },
          firstThen((k, n) => {
            if (n === 1) throw failure;
            return `${k}${n}`;
          }),
        );
        await settle(subject.call('a'));
        jest.setSystemTime(FRESH_UNTIL);
        expect(await attempt(subject, 'a')).toBe('a0');
        expect(subject.controls.peek('a')).toBeUndefined();
        jest.setSystemTime(FRESH_UNTIL + 10 * SECOND);
        expect(await attempt(subject, 'a')).toBe('a2');
        expect(subject.runs).toHaveLength(3);
      },
    );

    it('stores the failure past the window (negativeCache: true), replacing the stale entry', async () => {
      const failure = new Error('source down');
      const subject = subjectOf(
        kind,
        { ...SIE, negativeCache: true },
        firstThen(() => {
          throw failure;
        }),
      );
      await settle(subject.call('a'));
      jest.setSystemTime(WINDOW_END);
      const removals = listenRemovals();
      try {
        expect(await attempt(subject, 'a')).toBe(failure);
        expect(removals.messages.map((m) => m.reason)).toEqual(['replaced']);
      } finally {
        removals.stop();
      }
      expect(await attempt(subject, 'a')).toBe(failure);
      expect(subject.runs).toHaveLength(2);
    });
  });

  describe.each(KINDS)('staleIfError with staleWhileRevalidate (%s)', (kind: Kind) => {
    it('starts no new background refresh before the backoff after a failed one', async () => {
      const failure = new Error('source down');
      const subject = subjectOf(
        kind,
        { expiration: '10 seconds', staleWhileRevalidate: '1 minute', staleIfError: '1 minute' },
        firstThen((k, n) => {
          if (n === 1) throw failure;
          return `${k}${n}`;
        }),
      );
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL);
      expect(await attempt(subject, 'a')).toBe('a0');
      await turn();
      expect(subject.runs).toHaveLength(2);
      expect(subject.reports).toEqual([
        { error: failure, context: expect.objectContaining({ operation: 'refresh' }) as object },
      ]);
      expect(subject.controls.cacheInfo().currentSize).toBe(1);

      for (let i = 0; i < 5; i++) {
        jest.setSystemTime(FRESH_UNTIL + i * 2 * SECOND);
        expect(await attempt(subject, 'a')).toBe('a0');
        await turn();
      }
      expect(subject.runs).toHaveLength(2);

      jest.setSystemTime(FRESH_UNTIL + 10 * SECOND);
      expect(await attempt(subject, 'a')).toBe('a0');
      await turn();
      expect(subject.runs).toHaveLength(3);
      expect(await attempt(subject, 'a')).toBe('a2');
    });
  });

  describe.each(['wrap async', '@Cacheable async'] as const)('staleIfError with concurrent waiters (%s)', (kind) => {
    it('gives every waiter of the failed refetch the stale result', async () => {
      const refetch = deferred<string>();
      const subject = subjectOf(
        kind,
        SIE,
        firstThen(() => refetch.promise),
      );
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL);
      const waiters = Array.from({ length: 100 }, () => subject.call('a'));
      refetch.reject(new Error('down'));
      expect(await Promise.all(waiters)).toEqual(Array.from({ length: 100 }, () => 'a0'));
      expect(subject.runs).toHaveLength(2);
      expect(subject.reports).toHaveLength(1);
    });
  });
});
