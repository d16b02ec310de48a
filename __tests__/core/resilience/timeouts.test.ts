import * as cachewright from '../../../src';
import { CacheManager, CachewrightError, FetchTimeoutError, fetchContext, type CacheOptions } from '../../../src';
import {
  ASYNC_KINDS,
  MINUTE,
  SECOND,
  T0,
  deferred,
  listenStale,
  never,
  reportedKey,
  settle,
  settledNow,
  subjectOf,
  useFakeTimeAtT0,
  type Kind,
} from './resilienceFixtures';

const HARD: CacheOptions = { hardTimeout: '1 second' };
const FRESH_UNTIL = T0 + 10 * SECOND;

/** Records how `promise` settles, without letting a rejection go unhandled. */
function track<T>(promise: Promise<T>): {
  readonly state: 'pending' | 'fulfilled' | 'rejected';
  readonly outcome: unknown;
} {
  const tracker = { state: 'pending' as 'pending' | 'fulfilled' | 'rejected', outcome: undefined as unknown };
  promise.then(
    (value) => {
      tracker.state = 'fulfilled';
      tracker.outcome = value;
    },
    (error: unknown) => {
      tracker.state = 'rejected';
      tracker.outcome = error;
    },
  );
  return tracker;
}

describe(FetchTimeoutError.name, () => {
  it('is exported, a CachewrightError with code E_FETCH_TIMEOUT naming the cache, key and timeout', () => {
    expect(cachewright.FetchTimeoutError).toBe(FetchTimeoutError);
    const error = new FetchTimeoutError('users', 'k1', 1500);
    expect(error).toBeInstanceOf(CachewrightError);
    expect(error).toMatchObject({
      code: 'E_FETCH_TIMEOUT',
      name: 'FetchTimeoutError',
      cache: 'users',
      key: 'k1',
      timeoutMs: 1500,
    });
    expect(error.message).toBe('users: the fetch of key "k1" did not settle within hardTimeout (1500 ms)');
  });
});

describe(CacheManager.name, () => {
  useFakeTimeAtT0();

  describe.each(ASYNC_KINDS)('hardTimeout (%s)', (kind: Kind) => {
    it('rejects a caller of a function that never settles exactly hardTimeout after its call', async () => {
      const subject = subjectOf(kind, HARD, () => never());
      const call = track(subject.call('a') as Promise<unknown>);
      await jest.advanceTimersByTimeAsync(SECOND - 1);
      expect(call.state).toBe('pending');
      await jest.advanceTimersByTimeAsync(1);
      expect(call.state).toBe('rejected');
      expect(call.outcome).toBeInstanceOf(FetchTimeoutError);
      expect(call.outcome).toMatchObject({ code: 'E_FETCH_TIMEOUT', key: reportedKey(kind, 'a'), timeoutMs: 1000 });
    });

    it('counts each caller from its own call and keeps the one flight for as long as the function runs', async () => {
      const subject = subjectOf(kind, HARD, () => never());
      const first = track(subject.call('a') as Promise<unknown>);
      await jest.advanceTimersByTimeAsync(600);
      const second = track(subject.call('a') as Promise<unknown>);
      await jest.advanceTimersByTimeAsync(400);
      expect([first.state, second.state]).toEqual(['rejected', 'pending']);
      await jest.advanceTimersByTimeAsync(599);
      expect(second.state).toBe('pending');
      await jest.advanceTimersByTimeAsync(1);
      expect(second.state).toBe('rejected');

      // Minutes later the hung source still has its one flight: later callers time out the same way.
      await jest.advanceTimersByTimeAsync(5 * MINUTE);
      const third = track(subject.call('a') as Promise<unknown>);
      await jest.advanceTimersByTimeAsync(SECOND);
      expect(third.state).toBe('rejected');
      expect(third.outcome).toBeInstanceOf(FetchTimeoutError);
      expect(subject.runs).toEqual(['a']);
      expect(subject.controls.cacheInfo()).toMatchObject({ misses: 1, hits: 2, currentSize: 1 });
    });

    it('stores a result that arrives after every caller has timed out', async () => {
      const late = deferred<string>();
      const subject = subjectOf(kind, HARD, () => late.promise);
      const call = track(subject.call('a') as Promise<unknown>);
      await jest.advanceTimersByTimeAsync(5 * SECOND);
      expect(call.state).toBe('rejected');
      late.resolve('late');
      await jest.advanceTimersByTimeAsync(0);
      expect(subject.controls.has('a')).toBe(true);
      expect(await settle(subject.call('a'))).toBe('late');
      expect(subject.runs).toEqual(['a']);
    });

    it("aborts the fetch's signal with the FetchTimeoutError once the fetch has run hardTimeout", async () => {
      let signal: AbortSignal | undefined;
      const subject = subjectOf(kind, HARD, () => {
        signal = fetchContext()!.signal;
        return never();
      });
      const call = track(subject.call('a') as Promise<unknown>);
      await jest.advanceTimersByTimeAsync(SECOND - 1);
      expect(signal!.aborted).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect(signal!.aborted).toBe(true);
      expect(signal!.reason).toBeInstanceOf(FetchTimeoutError);
      expect(signal!.reason).toMatchObject({ code: 'E_FETCH_TIMEOUT', timeoutMs: 1000 });
      expect(call.state).toBe('rejected');
    });

    it("aborts a background stale-while-revalidate refresh's signal at hardTimeout; the stale result keeps being served", async () => {
      let signal: AbortSignal | undefined;
      const subject = subjectOf(
        kind,
        { ...HARD, expiration: '10 seconds', staleWhileRevalidate: '1 minute' },
        (k, n) => {
          if (n === 0) return `${k}0`;
          signal = fetchContext()!.signal;
          return never();
        },
      );
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL);
      expect(await settle(subject.call('a'))).toBe('a0');
      await jest.advanceTimersByTimeAsync(SECOND - 1);
      expect(signal!.aborted).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect(signal!.aborted).toBe(true);
      expect(signal!.reason).toBeInstanceOf(FetchTimeoutError);
      expect(await settle(subject.call('a'))).toBe('a0');
      expect(subject.runs).toEqual(['a', 'a']);
    });

    it("rejects the caller that started the fetch with FetchTimeoutError, not with the failure the fetch's abort causes", async () => {
      const subject = subjectOf(kind, HARD, () => {
        const { signal } = fetchContext()!;
        return new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(new Error('query cancelled')), { once: true });
        });
      });
      const call = track(subject.call('a') as Promise<unknown>);
      await jest.advanceTimersByTimeAsync(SECOND);
      expect(call.state).toBe('rejected');
      expect(call.outcome).toBeInstanceOf(FetchTimeoutError);
    });

    it('gives a caller that joined later the failure the abort caused (its own hardTimeout has not passed)', async () => {
      const subject = subjectOf(kind, HARD, () => {
        const { signal } = fetchContext()!;
        return new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(new Error('query cancelled')), { once: true });
        });
      });
      const first = track(subject.call('a') as Promise<unknown>);
      await jest.advanceTimersByTimeAsync(500);
      const second = track(subject.call('a') as Promise<unknown>);
      await jest.advanceTimersByTimeAsync(500);
      expect(first.outcome).toBeInstanceOf(FetchTimeoutError);
      expect(second).toMatchObject({ state: 'rejected', outcome: new Error('query cancelled') });
    });

    it('lets a caller that joins late still wait its full hardTimeout, then aborts nothing more', async () => {
      const result = deferred<string>();
      const subject = subjectOf(kind, HARD, () => result.promise);
      const first = track(subject.call('a') as Promise<unknown>);
      await jest.advanceTimersByTimeAsync(900);
      const second = track(subject.call('a') as Promise<unknown>);
      await jest.advanceTimersByTimeAsync(100);
      expect(first.state).toBe('rejected');
      result.resolve('done');
      await jest.advanceTimersByTimeAsync(0);
      expect(second).toMatchObject({ state: 'fulfilled', outcome: 'done' });
    });

    it('returns the stale result at hardTimeout inside the staleIfError window, and stores the late result', async () => {
      const late = deferred<string>();
      const subject = subjectOf(kind, { ...HARD, expiration: '10 seconds', staleIfError: '1 minute' }, (k, n) =>
        n === 0 ? `${k}0` : late.promise,
      );
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL);
      const stale = listenStale();
      let call: ReturnType<typeof track>;
      try {
        call = track(subject.call('a') as Promise<unknown>);
        await jest.advanceTimersByTimeAsync(SECOND - 1);
        expect(call.state).toBe('pending');
        await jest.advanceTimersByTimeAsync(1);
        expect(call).toMatchObject({ state: 'fulfilled', outcome: 'a0' });
        expect(stale.messages.map((m) => m.cause)).toEqual(['timeout']);
      } finally {
        stale.stop();
      }
      late.resolve('a1');
      await jest.advanceTimersByTimeAsync(0);
      expect(await settle(subject.call('a'))).toBe('a1');
      expect(subject.runs).toHaveLength(2);
    });

    it('rejects with FetchTimeoutError at hardTimeout past the staleIfError window', async () => {
      const subject = subjectOf(kind, { ...HARD, expiration: '10 seconds', staleIfError: '1 minute' }, (k, n) =>
        n === 0 ? `${k}0` : never(),
      );
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL + MINUTE);
      const call = track(subject.call('a') as Promise<unknown>);
      await jest.advanceTimersByTimeAsync(SECOND);
      expect(call.state).toBe('rejected');
      expect(call.outcome).toBeInstanceOf(FetchTimeoutError);
    });
  });

  describe.each(ASYNC_KINDS)('timeout, the soft one (%s)', (kind: Kind) => {
    const SOFT: CacheOptions = { expiration: '10 seconds', staleIfError: '1 minute', timeout: 0.2 };

    it('gives the waiters the stale result once the fetch outlasts it, and stores the late result', async () => {
      const late = deferred<string>();
      const subject = subjectOf(kind, SOFT, (k, n) => (n === 0 ? `${k}0` : late.promise));
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL + SECOND);
      const first = track(subject.call('a') as Promise<unknown>);
      await jest.advanceTimersByTimeAsync(100);
      const second = track(subject.call('a') as Promise<unknown>);
      await jest.advanceTimersByTimeAsync(99);
      expect([first.state, second.state]).toEqual(['pending', 'pending']);
      await jest.advanceTimersByTimeAsync(1);
      expect([first.outcome, second.outcome]).toEqual(['a0', 'a0']);

      // Past the soft timeout a new call gets the stale result at once.
      const third = subject.call('a');
      expect(await settledNow(third)).toBe(true);
      expect(await third).toBe('a0');
      expect(subject.controls.cacheInfo().staleHits).toBe(1);

      late.resolve('a1');
      await jest.advanceTimersByTimeAsync(0);
      expect(subject.controls.has('a')).toBe(true);
      expect(await settle(subject.call('a'))).toBe('a1');
      expect(subject.runs).toHaveLength(2);
    });

    it('has no effect without a stale result: a miss waits for its fetch', async () => {
      const result = deferred<string>();
      const subject = subjectOf(kind, SOFT, () => result.promise);
      const call = track(subject.call('a') as Promise<unknown>);
      await jest.advanceTimersByTimeAsync(5 * SECOND);
      expect(call.state).toBe('pending');
      result.resolve('a0');
      await jest.advanceTimersByTimeAsync(0);
      expect(call).toMatchObject({ state: 'fulfilled', outcome: 'a0' });
    });

    it('has no effect past the staleIfError window: the caller waits for the refetch', async () => {
      const late = deferred<string>();
      const subject = subjectOf(kind, SOFT, (k, n) => (n === 0 ? `${k}0` : late.promise));
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL + MINUTE);
      const call = track(subject.call('a') as Promise<unknown>);
      await jest.advanceTimersByTimeAsync(5 * SECOND);
      expect(call.state).toBe('pending');
      late.resolve('a1');
      await jest.advanceTimersByTimeAsync(0);
      expect(call).toMatchObject({ state: 'fulfilled', outcome: 'a1' });
    });

    it('never makes a caller wait inside a staleWhileRevalidate window', async () => {
      const subject = subjectOf(kind, { ...SOFT, staleWhileRevalidate: '1 minute' }, (k, n) =>
        n === 0 ? `${k}0` : never(),
      );
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL);
      const call = subject.call('a');
      expect(await settledNow(call)).toBe(true);
      expect(await call).toBe('a0');
    });

    it('serves the stale result to the waiters when the fetch fails after the soft timeout, inside the window', async () => {
      const late = deferred<string>();
      const subject = subjectOf(kind, SOFT, (k, n) => (n === 0 ? `${k}0` : late.promise));
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL);
      const call = track(subject.call('a') as Promise<unknown>);
      await jest.advanceTimersByTimeAsync(200);
      expect(call.outcome).toBe('a0');
      late.reject(new Error('down'));
      await jest.advanceTimersByTimeAsync(0);
      expect(subject.reports.map((r) => r.context.operation)).toEqual(['refresh']);
      expect(await settle(subject.call('a'))).toBe('a0');
      expect(subject.runs).toHaveLength(2);
    });
  });
});
