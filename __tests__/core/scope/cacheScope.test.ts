import {
  InvalidCacheConfigError,
  fetchContext,
  withCacheScope,
  type CacheOptions,
  type CacheScopeOptions,
} from '../../../src';
import {
  ASYNC_KINDS,
  KINDS,
  SYNC_KINDS,
  deferred,
  never,
  settle,
  subjectOf,
  turn,
  useFakeTimeAtT0,
  type Kind,
} from '../resilience/resilienceFixtures';

/** The two layouts a cache may have: raw values (no options) or entries (an expiration). */
const LAYOUTS: ReadonlyArray<[string, CacheOptions]> = [
  ['a plain cache', {}],
  ['a cache with an expiration', { expiration: '1 hour' }],
];

/** Records how `promise` settles, without letting a rejection go unhandled. */
function track(promise: unknown): { state: 'pending' | 'fulfilled' | 'rejected'; outcome: unknown } {
  const tracker = { state: 'pending' as 'pending' | 'fulfilled' | 'rejected', outcome: undefined as unknown };
  Promise.resolve(promise).then(
    (value) => Object.assign(tracker, { state: 'fulfilled', outcome: value }),
    (error: unknown) => Object.assign(tracker, { state: 'rejected', outcome: error }),
  );
  return tracker;
}

describe(withCacheScope.name, () => {
  useFakeTimeAtT0();

  it('returns what its callback returns, a value or a promise', async () => {
    expect(withCacheScope({}, () => 42)).toBe(42);
    const promise = Promise.resolve('x');
    expect(withCacheScope({ forceRefresh: false }, () => promise)).toBe(promise);
    expect(await withCacheScope({}, async () => 'y')).toBe('y');
  });

  describe('bad options', () => {
    it.each<[string, unknown]>([
      ['options = null', null],
      ['options = a string', 'force'],
      ['signal = an object that is no AbortSignal', { signal: { aborted: false } }],
      ['signal = an AbortController', { signal: new AbortController() }],
      ['forceRefresh = "yes"', { forceRefresh: 'yes' }],
      ['forceRefresh = 1', { forceRefresh: 1 }],
      ['bypass = null', { bypass: null }],
    ])('throws InvalidCacheConfigError naming the bad value when %s', (_label, options) => {
      const callback = jest.fn();
      expect(() => withCacheScope(options as CacheScopeOptions, callback)).toThrow(InvalidCacheConfigError);
      expect(() => withCacheScope(options as CacheScopeOptions, callback)).toThrow(
        /^withCacheScope: invalid cache options: (options|signal|forceRefresh|bypass) = .* \(expected /,
      );
      expect(callback).not.toHaveBeenCalled();
    });

    it('names every bad argument at once', () => {
      const attempt = (): unknown =>
        withCacheScope({ forceRefresh: 'yes', bypass: 0 } as unknown as CacheScopeOptions, 'go' as never);
      expect(attempt).toThrow(InvalidCacheConfigError);
      try {
        attempt();
      } catch (error) {
        expect((error as InvalidCacheConfigError).problems.map((p) => p.option)).toEqual([
          'forceRefresh',
          'bypass',
          'callback',
        ]);
        expect((error as InvalidCacheConfigError).code).toBe('E_INVALID_CONFIG');
      }
    });

    it.each<[string, unknown]>([
      ['undefined', undefined],
      ['a string', 'callback'],
      ['an object', {}],
    ])('throws InvalidCacheConfigError when the callback is %s', (_label, callback) => {
      expect(() => withCacheScope({}, callback as () => unknown)).toThrow(InvalidCacheConfigError);
      expect(() => withCacheScope({}, callback as () => unknown)).toThrow(
        /withCacheScope: invalid cache options: callback = .* \(expected a function\)/,
      );
    });
  });

  describe.each(KINDS)('forceRefresh and bypass (%s)', (kind: Kind) => {
    describe.each(LAYOUTS)('in %s', (_layout, options) => {
      it('forceRefresh: runs the function despite a fresh entry, stores and returns the new result', async () => {
        const subject = subjectOf(kind, options, (k, n) => `${k}${n}`);
        expect(await settle(subject.call('a'))).toBe('a0');
        expect(await settle(withCacheScope({ forceRefresh: true }, () => subject.call('a')))).toBe('a1');
        expect(await settle(subject.call('a'))).toBe('a1');
        expect(subject.runs).toHaveLength(2);
      });

      it('bypass: calls the function directly, reading and storing nothing, counting nothing', async () => {
        const subject = subjectOf(kind, options, (k, n) => `${k}${n}`);
        expect(await settle(subject.call('a'))).toBe('a0');
        const before = subject.controls.cacheInfo();
        expect(await settle(withCacheScope({ bypass: true }, () => subject.call('a')))).toBe('a1');
        expect(await settle(withCacheScope({ bypass: true }, () => subject.call('b')))).toBe('b2');
        expect(subject.controls.cacheInfo()).toEqual(before);
        expect(subject.controls.has('b')).toBe(false);
        expect(await settle(subject.call('a'))).toBe('a0');
      });

      it('lets a scope that sets neither answer hits from the table', async () => {
        const subject = subjectOf(kind, options, (k, n) => `${k}${n}`);
        await settle(subject.call('a'));
        expect(await settle(withCacheScope({}, () => subject.call('a')))).toBe('a0');
        expect(subject.runs).toHaveLength(1);
      });

      it('follows the innermost scope option by option', async () => {
        const subject = subjectOf(kind, options, (k, n) => `${k}${n}`);
        await settle(subject.call('a'));
        const inner = withCacheScope({ forceRefresh: true }, () =>
          withCacheScope({ forceRefresh: false }, () => subject.call('a')),
        );
        expect(await settle(inner)).toBe('a0');
        // The inner scope sets only bypass: forceRefresh is still the outer one's.
        const inherited = withCacheScope({ forceRefresh: true }, () => withCacheScope({}, () => subject.call('a')));
        expect(await settle(inherited)).toBe('a1');
        const bypassed = withCacheScope({ forceRefresh: true }, () =>
          withCacheScope({ bypass: true }, () => subject.call('a')),
        );
        expect(await settle(bypassed)).toBe('a2');
        expect(await settle(subject.call('a'))).toBe('a1');
      });

      it("runs the fetch outside its caller's scope: the function's own cached calls are neither forced nor bypassed", async () => {
        const inner = subjectOf('wrap sync', options, (k, n) => `${k}${n}`);
        const subject = subjectOf(kind, options, (k) => inner.call(k));
        inner.call('a');
        await settle(withCacheScope({ forceRefresh: true }, () => subject.call('a')));
        await settle(withCacheScope({ bypass: true }, () => subject.call('a')));
        expect(subject.runs).toHaveLength(2);
        expect(inner.runs).toHaveLength(1);
        expect(inner.controls.cacheInfo().hits).toBe(2);
      });
    });
  });

  describe.each(ASYNC_KINDS)('forceRefresh with a flight in progress (%s)', (kind: Kind) => {
    it('joins the flight instead of starting a second one', async () => {
      const gate = deferred<string>();
      const subject = subjectOf(kind, { expiration: '1 hour' }, () => gate.promise);
      const first = subject.call('a');
      const forced = withCacheScope({ forceRefresh: true }, () => subject.call('a'));
      gate.resolve('v');
      expect(await Promise.all([first, forced])).toEqual(['v', 'v']);
      expect(subject.runs).toHaveLength(1);
    });
  });

  describe.each(ASYNC_KINDS)('signal (%s)', (kind: Kind) => {
    describe.each(LAYOUTS)('in %s', (_layout, options) => {
      it('rejects only the caller whose signal aborts, with its reason; the flight goes on for the others', async () => {
        const result = deferred<string>();
        let fetchSignal: AbortSignal | undefined;
        const subject = subjectOf(kind, options, () => {
          fetchSignal = fetchContext()!.signal;
          return result.promise;
        });
        const controller = new AbortController();
        const leaving = track(withCacheScope({ signal: controller.signal }, () => subject.call('a')));
        const staying = track(subject.call('a'));
        const reason = new Error('client went away');
        controller.abort(reason);
        await turn();
        expect(leaving).toEqual({ state: 'rejected', outcome: reason });
        expect(staying.state).toBe('pending');
        expect(fetchSignal!.aborted).toBe(false);
        result.resolve('v');
        await turn();
        expect(staying).toEqual({ state: 'fulfilled', outcome: 'v' });
        expect(await settle(subject.call('a'))).toBe('v');
      });

      it('aborts the flight only when the last of 1,000 callers has aborted', async () => {
        let fetchSignal: AbortSignal | undefined;
        const subject = subjectOf(kind, options, () => {
          fetchSignal = fetchContext()!.signal;
          return never();
        });
        const controllers = Array.from({ length: 1000 }, () => new AbortController());
        const calls = controllers.map((controller) =>
          track(withCacheScope({ signal: controller.signal }, () => subject.call('a'))),
        );
        expect(subject.runs).toHaveLength(1);
        for (const controller of controllers.slice(0, 999)) controller.abort(new Error('gone'));
        await turn();
        expect(calls.filter((call) => call.state === 'rejected')).toHaveLength(999);
        expect(fetchSignal!.aborted).toBe(false);
        const last = new Error('the last caller left');
        controllers[999].abort(last);
        await turn();
        expect(calls[999]).toEqual({ state: 'rejected', outcome: last });
        expect(fetchSignal!.aborted).toBe(true);
        expect(fetchSignal!.reason).toBe(last);
      });

      it('never aborts the flight while a caller without a signal waits', async () => {
        let fetchSignal: AbortSignal | undefined;
        const subject = subjectOf(kind, options, () => {
          fetchSignal = fetchContext()!.signal;
          return never();
        });
        const plain = track(subject.call('a'));
        const controller = new AbortController();
        const scoped = track(withCacheScope({ signal: controller.signal }, () => subject.call('a')));
        controller.abort();
        await turn();
        expect(scoped.state).toBe('rejected');
        expect(plain.state).toBe('pending');
        expect(fetchSignal!.aborted).toBe(false);
      });

      it('rejects at once with the reason of an already-aborted signal, starting no fetch', async () => {
        const subject = subjectOf(kind, options, (k) => k);
        const reason = new Error('aborted before the call');
        const call = withCacheScope({ signal: AbortSignal.abort(reason) }, () => subject.call('a'));
        await expect(call).rejects.toBe(reason);
        expect(subject.runs).toEqual([]);
        expect(subject.controls.cacheInfo()).toMatchObject({ hits: 0, misses: 0, currentSize: 0 });
      });

      it('answers a fresh hit despite an already-aborted signal (it waits for nothing)', async () => {
        const subject = subjectOf(kind, options, (k) => k);
        await settle(subject.call('a'));
        const hit = withCacheScope({ signal: AbortSignal.abort(new Error('gone')) }, () => subject.call('a'));
        expect(await hit).toBe('a');
      });

      it('does not leak into the fetch: aborting the caller rejects none of the cached calls the function makes', async () => {
        const innerResult = deferred<string>();
        const inner = subjectOf('wrap async', options, () => innerResult.promise);
        let innerCall: ReturnType<typeof track> | undefined;
        const subject = subjectOf(kind, options, () => {
          const call = inner.call('x');
          innerCall = track(call);
          return call;
        });
        const controller = new AbortController();
        const outer = track(withCacheScope({ signal: controller.signal }, () => subject.call('a')));
        const other = track(subject.call('a'));
        controller.abort(new Error('caller gone'));
        await turn();
        expect(outer.state).toBe('rejected');
        expect(innerCall!.state).toBe('pending');
        innerResult.resolve('inner');
        await turn();
        expect(innerCall).toEqual({ state: 'fulfilled', outcome: 'inner' });
        expect(other).toEqual({ state: 'fulfilled', outcome: 'inner' });
      });
    });

    it('never aborts a background refresh: a stale-while-revalidate caller that aborts leaves it running', async () => {
      let fetchSignal: AbortSignal | undefined;
      const subject = subjectOf(kind, { expiration: '10 seconds', staleWhileRevalidate: '1 minute' }, (k, n) => {
        fetchSignal = fetchContext()!.signal;
        return n === 0 ? 'a0' : never();
      });
      await settle(subject.call('a'));
      jest.setSystemTime(Date.now() + 10_000);
      const controller = new AbortController();
      expect(await withCacheScope({ signal: controller.signal }, () => subject.call('a'))).toBe('a0');
      controller.abort();
      // Past the window, callers join the hung background refresh; when they abort, it still runs.
      jest.setSystemTime(Date.now() + 60_000);
      const late = new AbortController();
      const joined = track(withCacheScope({ signal: late.signal }, () => subject.call('a')));
      late.abort(new Error('gone'));
      await turn();
      expect(joined.state).toBe('rejected');
      expect(subject.runs).toHaveLength(2);
      expect(fetchSignal!.aborted).toBe(false);
    });

    it('rejects a stale hit under an already-aborted signal, even while the refresh runs', async () => {
      const subject = subjectOf(kind, { expiration: '10 seconds', staleWhileRevalidate: '1 minute' }, (k, n) =>
        n === 0 ? `${k}0` : never(),
      );
      await settle(subject.call('a'));
      jest.setSystemTime(Date.now() + 10_000);
      expect(await subject.call('a')).toBe('a0');
      const reason = new Error('gone');
      await expect(withCacheScope({ signal: AbortSignal.abort(reason) }, () => subject.call('a'))).rejects.toBe(reason);
      expect(await subject.call('a')).toBe('a0');
      expect(subject.runs).toHaveLength(2);
    });

    it('lets the innermost signal win, and an inner scope without one inherit the outer signal', async () => {
      const subject = subjectOf(kind, {}, () => never());
      const outer = new AbortController();
      const inner = new AbortController();
      const viaInner = track(
        withCacheScope({ signal: outer.signal }, () =>
          withCacheScope({ signal: inner.signal }, () => subject.call('a')),
        ),
      );
      const viaOuter = track(
        withCacheScope({ signal: outer.signal }, () => withCacheScope({}, () => subject.call('a'))),
      );
      inner.abort(new Error('inner'));
      await turn();
      expect(viaInner.state).toBe('rejected');
      expect(viaOuter.state).toBe('pending');
      outer.abort(new Error('outer'));
      await turn();
      expect(viaOuter).toMatchObject({ state: 'rejected', outcome: new Error('outer') });
    });

    it('keeps the scope after awaits in its async callback', async () => {
      const subject = subjectOf(kind, {}, (k, n) => `${k}${n}`);
      await settle(subject.call('a'));
      const pending = withCacheScope({ forceRefresh: true }, async () => {
        await Promise.resolve();
        await new Promise((resolve) => setTimeout(resolve, 10));
        return subject.call('a');
      });
      await jest.advanceTimersByTimeAsync(10);
      expect(await pending).toBe('a1');
    });
  });

  describe.each(KINDS)('an already-aborted signal on the slow path (%s)', (kind: Kind) => {
    /** Options whose calls the hit lookup does not answer: a key template, or a sweep due at each call. */
    const SLOW_PATHS: ReadonlyArray<[string, CacheOptions]> = [
      ['a key template', { key: 'k:{0}' }],
      ['a key template and an expiration', { key: 'k:{0}', expiration: '1 hour' }],
      ['an auto-removal period', { expiredItemsAutoRemovalPeriod: '1 minute' }],
    ];
    /** What a call made under an already-aborted signal gives (a sync throw as a rejection). */
    const underAbort = async (reason: Error, call: () => unknown): Promise<unknown> =>
      await withCacheScope({ signal: AbortSignal.abort(reason) }, call);

    it.each(SLOW_PATHS)(
      'answers a fresh hit with %s, as the hit path does (counted a hit)',
      async (_label, options) => {
        const subject = subjectOf(kind, options, (k, n) => `${k}${n}`);
        await settle(subject.call('a'));
        expect(await underAbort(new Error('gone'), () => subject.call('a'))).toBe('a0');
        expect(subject.runs).toEqual(['a']);
        expect(subject.controls.cacheInfo()).toMatchObject({ hits: 1, misses: 1 });
      },
    );

    it.each(SLOW_PATHS)('fails a miss with %s with the reason at once, starting nothing', async (_label, options) => {
      const subject = subjectOf(kind, options, (k, n) => `${k}${n}`);
      const reason = new Error('gone');
      await expect(underAbort(reason, () => subject.call('a'))).rejects.toBe(reason);
      expect(subject.runs).toEqual([]);
      expect(subject.controls.cacheInfo()).toMatchObject({ hits: 0, misses: 0, currentSize: 0 });
    });

    it('fails an expired entry with the reason, refetching nothing', async () => {
      const subject = subjectOf(kind, { key: 'k:{0}', expiration: '1 minute' }, (k, n) => `${k}${n}`);
      await settle(subject.call('a'));
      jest.advanceTimersByTime(60_000);
      const reason = new Error('gone');
      await expect(underAbort(reason, () => subject.call('a'))).rejects.toBe(reason);
      expect(subject.runs).toEqual(['a']);
    });
  });

  describe.each(SYNC_KINDS)('signal (%s)', (kind: Kind) => {
    it('throws the reason of an already-aborted signal, running nothing', () => {
      const subject = subjectOf(kind, {}, (k) => k);
      const reason = new Error('aborted');
      expect(() => withCacheScope({ signal: AbortSignal.abort(reason) }, () => subject.call('a'))).toThrow(reason);
      expect(subject.runs).toEqual([]);
    });
  });
});
