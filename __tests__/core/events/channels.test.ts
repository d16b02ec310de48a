import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnosticsChannel from 'node:diagnostics_channel';
import { injectable } from 'inversify';
import { Cacheable, CacheManager, CHANNELS, createCacheContainer, type FetchTraceContext } from '../../../src';
import { useFakeTimeAtT0 } from '../../support/fakeTime';
import { newManager } from '../../support/managers';
import { after, flush, recordChannels, type ChannelRecorder } from '../../support/observing';

describe('CHANNELS', () => {
  useFakeTimeAtT0();
  let recorder: ChannelRecorder;
  // The channels are process-wide: work another test file left running in this jest worker (its
  // timers, its instances' finalizers) may publish too, so only this file's caches (named obs…) count.
  beforeEach(() => {
    recorder = recordChannels((cache) => /^obs/i.test(cache));
  });
  afterEach(() => recorder.stop());

  it('names the three channels', () => {
    expect(CHANNELS).toEqual({
      fetch: 'cachewright:fetch',
      removal: 'cachewright:removal',
      stale: 'cachewright:stale',
    });
    expect(Object.isFrozen(CHANNELS)).toBe(true);
  });

  describe('cachewright:fetch', () => {
    it('publishes start and end around a sync run, with the context and its result', () => {
      const manager = newManager();
      const cached = manager.wrap(function obsSquare(x: number) {
        return x * x;
      });
      cached(3);
      expect(recorder.fetchEvents()).toEqual([
        ['start', 0],
        ['end', 0],
      ]);
      const context = { cache: 'obsSquare', manager, key: 3, attempt: 0, background: false };
      expect(recorder.events[0].message).toEqual(context);
      expect(recorder.events[1].message).toEqual({ ...context, result: 9 });
    });

    it('publishes start, error and end for each attempt of a sync function that throws', () => {
      const cached = newManager().wrap(
        (_x: string): number => {
          throw new Error('boom');
        },
        { retryCount: 1, name: 'obsThrows' },
      );
      expect(() => cached('k')).toThrow('boom');
      expect(recorder.fetchEvents()).toEqual([
        ['start', 0],
        ['error', 0],
        ['end', 0],
        ['start', 1],
        ['error', 1],
        ['end', 1],
      ]);
      expect(recorder.events[1].message).toMatchObject({ key: 'k', error: new Error('boom') });
    });

    it('publishes start, end, asyncStart and asyncEnd around an async run', async () => {
      const cached = newManager().wrap(async (x: number) => after(10, () => x + 1), { name: 'obsPlusOne' });
      const result = cached(1);
      expect(recorder.fetchEvents()).toEqual([
        ['start', 0],
        ['end', 0],
      ]);
      await jest.advanceTimersByTimeAsync(10);
      await expect(result).resolves.toBe(2);
      expect(recorder.fetchEvents()).toEqual([
        ['start', 0],
        ['end', 0],
        ['asyncStart', 0],
        ['asyncEnd', 0],
      ]);
      expect(recorder.events[2].message).toMatchObject({ cache: 'obsPlusOne', key: 1, result: 2 });
    });

    it('publishes error before asyncStart and asyncEnd for each rejected attempt, counting attempts', async () => {
      let runs = 0;
      const cached = newManager().wrap(
        async (_x: number) => {
          runs += 1;
          if (runs < 3) throw new Error(`run ${runs}`);
          return 'ok';
        },
        { retryCount: 2, name: 'obsRetried' },
      );
      const result = cached(1);
      await flush();
      await expect(result).resolves.toBe('ok');
      expect(recorder.fetchEvents()).toEqual([
        ['start', 0],
        ['end', 0],
        ['error', 0],
        ['asyncStart', 0],
        ['asyncEnd', 0],
        ['start', 1],
        ['end', 1],
        ['error', 1],
        ['asyncStart', 1],
        ['asyncEnd', 1],
        ['start', 2],
        ['end', 2],
        ['asyncStart', 2],
        ['asyncEnd', 2],
      ]);
      expect(recorder.fetchMessages('error').map((context) => context.error)).toEqual([
        new Error('run 1'),
        new Error('run 2'),
      ]);
    });

    it('traces a sync-kind function that returns a promise as an async run', async () => {
      const cached = newManager().wrap((x: number) => after(10, () => x), { name: 'obsSyncKind' });
      const result = cached(4);
      await jest.advanceTimersByTimeAsync(10);
      await expect(result).resolves.toBe(4);
      expect(recorder.fetchEvents().map(([channel]) => channel)).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
    });

    it("carries the `name` option, and a composite key's encoding", () => {
      const cached = newManager().wrap((a: number, b: string) => `${a}${b}`, { name: 'obsPairs' });
      cached(1, 'x');
      const context = recorder.events[0].message as FetchTraceContext;
      expect(context.cache).toBe('obsPairs');
      expect(typeof context.key).toBe('string');
      expect(context.key as string).toMatch(/^\0/);
    });

    it("gives a decorated method's key as its argument (first instance) or an encoding string, never an object", () => {
      @injectable()
      class ObsPrices {
        @Cacheable()
        price(sku: string | number): string {
          return `${sku}`;
        }
      }
      const container = createCacheContainer();
      container.bind(ObsPrices).toSelf();
      const first = container.get(ObsPrices);
      const second = container.get(ObsPrices);
      first.price('a');
      first.price(7);
      second.price('a');
      second.price(7);
      second.price(7);
      const starts = recorder.fetchMessages('start');
      expect(starts.map((context) => context.cache)).toEqual(Array(4).fill('ObsPrices.price'));
      const [a, seven, secondA, secondSeven] = starts.map((context) => context.key);
      expect([a, seven]).toEqual(['a', 7]);
      expect(typeof secondA).toBe('string');
      expect(typeof secondSeven).toBe('string');
      expect(new Set([secondA, secondSeven, 'a', '7']).size).toBe(4);
      expect(starts[0]).toMatchObject({ manager: container.get(CacheManager), attempt: 0 });
    });

    it('marks a stale-while-revalidate refresh as background, sync and async', async () => {
      const options = { expiration: '1 minute', staleWhileRevalidate: '1 minute', name: 'obsBackground' } as const;
      const sync = newManager().wrap((x: number) => x, options);
      const async = newManager().wrap(async (x: number) => x, options);
      sync(1);
      await async(1);
      jest.advanceTimersByTime(60_000);
      sync(1);
      await async(1);
      await flush();
      const starts = recorder.fetchMessages('start');
      expect(starts.map((context) => context.background)).toEqual([false, false, true, true]);
    });

    it('marks the runs of a fetch as background once its soft timeout has passed', async () => {
      let runs = 0;
      const cached = newManager().wrap(
        async (x: number) => {
          runs += 1;
          if (runs === 1) return x;
          return after(1000, () => {
            if (runs === 2) throw new Error('slow failure');
            return x + 1;
          });
        },
        { expiration: '1 minute', staleIfError: '10 minutes', timeout: 0.1, retryCount: 1, name: 'obsSoft' },
      );
      await cached(1);
      jest.advanceTimersByTime(60_000);
      const waited = cached(1);
      await jest.advanceTimersByTimeAsync(100);
      await expect(waited).resolves.toBe(1);
      await jest.advanceTimersByTimeAsync(2000);
      const starts = recorder.fetchMessages('start');
      expect(starts.map((context) => [context.attempt, context.background])).toEqual([
        [0, false],
        [0, false],
        [1, true],
      ]);
      await expect(cached(1)).resolves.toBe(2);
    });

    it("runs the function inside a store bound to start (an APM agent's span context)", async () => {
      const storage = new AsyncLocalStorage<string>();
      const start = diagnosticsChannel.tracingChannel<unknown, FetchTraceContext>(CHANNELS.fetch).start;
      start.bindStore(storage, (context) => `span of ${String(context.key)}`);
      try {
        const seen: Array<string | undefined> = [];
        const cached = newManager().wrap(
          async (x: number) => {
            seen.push(storage.getStore());
            await after(5, () => undefined);
            seen.push(storage.getStore());
            return x;
          },
          { name: 'obsStore' },
        );
        const result = cached(8);
        await jest.advanceTimersByTimeAsync(5);
        await result;
        expect(seen).toEqual(['span of 8', 'span of 8']);
        expect(storage.getStore()).toBeUndefined();
      } finally {
        start.unbindStore(storage);
      }
    });

    it('publishes nothing for fresh hits, plain and rich, sync and async, wrapped and decorated', async () => {
      @injectable()
      class ObsService {
        @Cacheable()
        get(x: number): number {
          return x;
        }
      }
      const container = createCacheContainer();
      container.bind(ObsService).toSelf();
      const service = container.get(ObsService);
      const manager = container.get(CacheManager);
      const plain = manager.wrap((x: number) => x, { name: 'obsPlain' });
      const rich = manager.wrap((x: number) => x, { expiration: '1 hour', maxsize: 10, name: 'obsRich' });
      const plainAsync = manager.wrap(async (x: number) => x, { name: 'obsPlainAsync' });
      const richAsync = manager.wrap(async (a: number, b: number) => a + b, {
        expiration: '1 hour',
        name: 'obsRichAsync',
      });
      plain(1);
      rich(1);
      service.get(1);
      await plainAsync(1);
      await richAsync(1, 2);
      const seen = recorder.events.length;
      for (let i = 0; i < 100; i++) {
        plain(1);
        rich(1);
        service.get(1);
        await plainAsync(1);
        await richAsync(1, 2);
      }
      expect(recorder.events).toHaveLength(seen);
    });
  });

  describe('cachewright:removal', () => {
    it('publishes { cache, key, reason } for every entry removed, for every reason', async () => {
      let fail = false;
      const manager = newManager();
      const cached = manager.wrap(
        async (x: number) => {
          if (fail) throw new Error('down');
          return x;
        },
        { name: 'obsNumbers', expiration: '1 minute', maxsize: 3 },
      );
      await cached(1);
      await cached(2);
      await cached(3);
      await cached(4); // evicts 1
      await cached.set(20, 2); // replaces 2
      jest.advanceTimersByTime(60_000);
      await cached(3); // refetched after expiry: replaces 3
      fail = true;
      await expect(cached(4)).rejects.toThrow('down'); // its refetch failed: 4 removed
      jest.advanceTimersByTime(60_000);
      await cached.removeExpired(); // 2 (set at T0 + 0) and 3 expired
      fail = false;
      await cached(5);
      await cached(6);
      await cached.invalidate(5);
      await cached.clearCache(); // 6
      await cached(7);
      await manager.close(); // 7
      expect(recorder.removals()).toEqual([
        'evicted',
        'replaced',
        'replaced',
        'failed',
        'expired',
        'expired',
        'invalidated',
        'cleared',
        'unbound',
      ]);
      const removals = recorder.events.filter((event) => event.channel === 'removal').map((event) => event.message);
      expect(removals[0]).toEqual({ cache: 'obsNumbers', key: 1, reason: 'evicted' });
      expect(removals.map((message) => (message as { key: unknown }).key)).toEqual([1, 2, 3, 4, 2, 3, 5, 6, 7]);
      expect(cached.cacheStats().evictions).toEqual({
        replaced: 2,
        expired: 2,
        evicted: 1,
        cleared: 1,
        unbound: 1,
        failed: 1,
        invalidated: 1,
      });
    });

    it('publishes nothing for a flight dropped before it stored', async () => {
      const cached = newManager().wrap(async (x: number) => after(10, () => x), { name: 'obsDropped' });
      const result = cached(1);
      await cached.clearCache();
      await jest.advanceTimersByTimeAsync(10);
      await result;
      expect(recorder.removals()).toEqual([]);
    });
  });

  describe('cachewright:stale', () => {
    it("publishes 'revalidate' for each stale-while-revalidate result, sync and async", async () => {
      const options = { expiration: '1 minute', staleWhileRevalidate: '1 minute', name: 'obsSwr' } as const;
      const sync = newManager().wrap((x: number) => x, options);
      const async = newManager().wrap(async (x: number) => after(10, () => x), options);
      sync(1);
      const first = async(1);
      await jest.advanceTimersByTimeAsync(10);
      await first;
      jest.advanceTimersByTime(60_000);
      sync(1);
      sync(1);
      await async(1);
      expect(recorder.staleCauses()).toEqual(['revalidate', 'revalidate', 'revalidate']);
      const stale = recorder.events.find((event) => event.channel === 'stale');
      expect(stale?.message).toEqual({ cache: 'obsSwr', key: 1, cause: 'revalidate' });
    });

    it("publishes 'error' for each caller of a failed fetch served stale, and each call in the backoff", async () => {
      let fail = false;
      const handle = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      const cached = newManager().wrap(
        async (x: number) =>
          after(10, () => {
            if (fail) throw new Error('down');
            return x;
          }),
        { expiration: '1 minute', staleIfError: '10 minutes', name: 'obsErrorAsync' },
      );
      const first = cached(1);
      await jest.advanceTimersByTimeAsync(10);
      await first;
      fail = true;
      jest.advanceTimersByTime(60_000);
      const waiting = [cached(1), cached(1)];
      await jest.advanceTimersByTimeAsync(10);
      await expect(Promise.all(waiting)).resolves.toEqual([1, 1]);
      expect(recorder.staleCauses()).toEqual(['error', 'error']);
      await cached(1);
      expect(recorder.staleCauses()).toEqual(['error', 'error', 'error']);
      expect(handle).toHaveBeenCalledTimes(1);
    });

    it("publishes 'error' for a sync function's call served stale after its fetch threw", () => {
      let fail = false;
      jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      const cached = newManager().wrap(
        (x: number) => {
          if (fail) throw new Error('down');
          return x;
        },
        { expiration: '1 minute', staleIfError: '10 minutes', name: 'obsErrorSync' },
      );
      cached(1);
      fail = true;
      jest.advanceTimersByTime(60_000);
      expect(cached(1)).toBe(1);
      expect(recorder.staleCauses()).toEqual(['error']);
    });

    it('publishes nothing when a background refresh fails (nobody is served by it)', async () => {
      jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      let fail = false;
      const cached = newManager().wrap(
        async (x: number) => {
          if (fail) throw new Error('down');
          return x;
        },
        { expiration: '1 minute', staleWhileRevalidate: '1 minute', staleIfError: '10 minutes', name: 'obsQuiet' },
      );
      await cached(1);
      fail = true;
      jest.advanceTimersByTime(60_000);
      await expect(cached(1)).resolves.toBe(1);
      await flush();
      expect(recorder.staleCauses()).toEqual(['revalidate']);
    });

    it("publishes 'timeout' for each caller served stale at the soft timeout, and each call after it", async () => {
      let slow = false;
      const cached = newManager().wrap(async (x: number) => (slow ? after(1000, () => x + 1) : x), {
        expiration: '1 minute',
        staleIfError: '10 minutes',
        timeout: 0.1,
        name: 'obsSoftStale',
      });
      await cached(1);
      slow = true;
      jest.advanceTimersByTime(60_000);
      const waiting = [cached(1), cached(1)];
      await jest.advanceTimersByTimeAsync(100);
      await expect(Promise.all(waiting)).resolves.toEqual([1, 1]);
      await cached(1);
      expect(recorder.staleCauses()).toEqual(['timeout', 'timeout', 'timeout']);
      await jest.advanceTimersByTimeAsync(900);
    });

    it("publishes 'timeout' for a caller served stale at its hard timeout", async () => {
      let slow = false;
      const cached = newManager().wrap(async (x: number) => (slow ? after(5000, () => x + 1) : x), {
        expiration: '1 minute',
        staleIfError: '10 minutes',
        hardTimeout: 1,
        name: 'obsHard',
      });
      await cached(1);
      slow = true;
      jest.advanceTimersByTime(60_000);
      const waited = cached(1);
      await jest.advanceTimersByTimeAsync(1000);
      await expect(waited).resolves.toBe(1);
      expect(recorder.staleCauses()).toEqual(['timeout']);
      await jest.advanceTimersByTimeAsync(4000);
    });
  });
});
