import 'reflect-metadata';
import { injectable } from 'inversify';
import { Cacheable, CacheManager, CHANNELS, fetchContext, withCacheScope, type CacheOptions } from '../../src';
import {
  SECOND,
  T0,
  deferred,
  listen,
  recordingContainer,
  settle,
  subjectOf,
  turn,
  useFakeTimeAtT0,
} from '../core/resilience/resilienceFixtures';

describe('issue 16: resilience edges', () => {
  useFakeTimeAtT0();

  it('starts no stale-while-revalidate refresh during a staleIfError backoff (the backoff held only the error window)', async () => {
    const subject = subjectOf(
      'wrap async',
      { expiration: '10 seconds', staleWhileRevalidate: '1 minute', staleIfError: '1 minute' },
      (k, n) => {
        if (n === 1) throw new Error('down');
        return `${k}${n}`;
      },
    );
    await subject.call('a');
    jest.setSystemTime(T0 + 10 * SECOND);
    await subject.call('a');
    await turn();
    await subject.call('a');
    await turn();
    expect(subject.runs).toHaveLength(2);
  });

  it("reports a decorated method's key of a second instance as its encoding, not the internal key object (it leaked into reports and messages)", async () => {
    const { container } = recordingContainer();
    @injectable()
    class Users {
      @Cacheable({ expiration: '10 seconds' })
      get(k: string): string {
        return k;
      }
    }
    container.bind(Users).toSelf();
    const [first, second] = [container.get(Users), container.get(Users)];
    first.get('a');
    second.get('a');
    const removals = listen<{ key: unknown }>(CHANNELS.removal);
    try {
      jest.setSystemTime(T0 + 10 * SECOND);
      await container.get(CacheManager).cacheOf(first, 'get').removeExpired();
      expect(removals.messages.map((m) => m.key)).toEqual(['a', expect.stringMatching(/^\u0000m\d+:sa$/)]);
    } finally {
      removals.stop();
    }
  });

  it('serves the stale result when an async-typed method that is no AsyncFunction throws synchronously in its background refresh', async () => {
    const { container, reports } = recordingContainer();
    let runs = 0;
    @injectable()
    class Rates {
      @Cacheable({ expiration: '10 seconds', staleWhileRevalidate: '1 minute' })
      get(k: string): Promise<string> {
        if (runs++ > 0) throw new Error('thrown, not rejected');
        return Promise.resolve(`${k}0`);
      }
    }
    container.bind(Rates).toSelf();
    const rates = container.get(Rates);
    expect(await rates.get('a')).toBe('a0');
    jest.setSystemTime(T0 + 10 * SECOND);
    expect(await rates.get('a')).toBe('a0');
    expect(reports.map((r) => r.context.operation)).toEqual(['refresh']);
  });

  it('reports a tags function that throws during a background refresh instead of leaving an unhandled rejection', async () => {
    let runs = 0;
    const subject = subjectOf(
      'wrap async',
      {
        expiration: '10 seconds',
        staleWhileRevalidate: '1 minute',
        tags: () => {
          if (runs++ > 0) throw new Error('no tags');
          return ['t'];
        },
      },
      (k) => k,
    );
    await subject.call('a');
    jest.setSystemTime(T0 + 10 * SECOND);
    expect(await subject.call('a')).toBe('a');
    await turn();
    expect(subject.reports.map((r) => [r.context.operation, (r.error as Error).message])).toEqual([
      ['refresh', 'no tags'],
    ]);
    expect(subject.controls.cacheInfo().currentSize).toBe(1);
  });

  describe.each<[string, CacheOptions]>([
    ['a plain cache', {}],
    ['a cache with an expiration', { expiration: '1 hour' }],
  ])('a flight every caller left by aborting (%s)', (_label, options) => {
    it("is not joined by a later call, which starts a new flight instead of getting another caller's abort", async () => {
      const second = deferred<string>();
      const subject = subjectOf('wrap async', options, (_k, n) => {
        if (n > 0) return second.promise;
        const { signal } = fetchContext()!;
        return new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason as Error)),
        );
      });
      const controller = new AbortController();
      const leaving = settle(withCacheScope({ signal: controller.signal }, () => subject.call('a'))).catch(
        (error: unknown) => error,
      );
      const reason = new Error('the only caller left');
      controller.abort(reason);
      expect(await leaving).toBe(reason);
      const later = subject.call('a');
      second.resolve('fresh');
      expect(await later).toBe('fresh');
      expect(subject.runs).toHaveLength(2);
      expect(await subject.call('a')).toBe('fresh');
    });

    it('stores nothing from the abandoned flight when its function ignores the abort and answers late', async () => {
      const first = deferred<string>();
      const second = deferred<string>();
      const subject = subjectOf('wrap async', options, (_k, n) => (n === 0 ? first.promise : second.promise));
      const controller = new AbortController();
      const leaving = settle(withCacheScope({ signal: controller.signal }, () => subject.call('a'))).catch(
        (error: unknown) => error,
      );
      controller.abort();
      await leaving;
      const later = subject.call('a');
      first.resolve('abandoned');
      await turn();
      second.resolve('fresh');
      expect(await later).toBe('fresh');
      expect(await subject.call('a')).toBe('fresh');
    });

    it('is not joined by a forceRefresh either', async () => {
      const second = deferred<string>();
      const subject = subjectOf('wrap async', options, (_k, n) =>
        n === 0 ? new Promise(() => undefined) : second.promise,
      );
      const controller = new AbortController();
      const leaving = settle(withCacheScope({ signal: controller.signal }, () => subject.call('a'))).catch(
        (error: unknown) => error,
      );
      controller.abort();
      await leaving;
      const forced = withCacheScope({ forceRefresh: true }, () => subject.call('a'));
      second.resolve('forced');
      expect(await forced).toBe('forced');
      expect(await subject.call('a')).toBe('forced');
      expect(subject.runs).toHaveLength(2);
    });
  });
});
