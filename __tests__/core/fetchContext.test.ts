import { fetchContext, type CacheOptions, type FetchContext } from '../../src';
import {
  ASYNC_KINDS,
  KINDS,
  SECOND,
  T0,
  deferred,
  settle,
  subjectOf,
  turn,
  useFakeTimeAtT0,
  type Kind,
} from './resilience/resilienceFixtures';

const FRESH_UNTIL = T0 + 10 * SECOND;

/** The parts of a context a test compares (the signal checked apart). */
const shape = (context: FetchContext | undefined): Omit<FetchContext, 'signal'> | undefined =>
  context === undefined
    ? undefined
    : { background: context.background, attempt: context.attempt, stale: context.stale };

describe(fetchContext.name, () => {
  useFakeTimeAtT0();

  it('returns undefined outside every fetch', () => {
    expect(fetchContext()).toBeUndefined();
  });

  describe.each(KINDS)('in a fetch (%s)', (kind: Kind) => {
    it('describes a first fetch in its synchronous part: an unaborted signal, not background, attempt 0, nothing stale', async () => {
      const seen: Array<FetchContext | undefined> = [];
      const subject = subjectOf(kind, {}, (k) => {
        seen.push(fetchContext());
        return k;
      });
      await settle(subject.call('a'));
      expect(seen).toHaveLength(1);
      expect(seen[0]!.signal).toBeInstanceOf(AbortSignal);
      expect(seen[0]!.signal.aborted).toBe(false);
      expect(shape(seen[0])).toEqual({ background: false, attempt: 0, stale: null });
      expect(Object.isFrozen(seen[0])).toBe(true);
    });

    it('counts the retries in attempt', async () => {
      const attempts: number[] = [];
      const subject = subjectOf(kind, { retryCount: 2 }, (k, n) => {
        attempts.push(fetchContext()!.attempt);
        if (n < 2) throw new Error(`attempt ${n}`);
        return k;
      });
      expect(await settle(subject.call('a'))).toBe('a');
      expect(attempts).toEqual([0, 1, 2]);
    });

    it('describes a stale-while-revalidate refresh as background, with the stale value', async () => {
      const seen: Array<FetchContext | undefined> = [];
      const subject = subjectOf(kind, { expiration: '10 seconds', staleWhileRevalidate: '1 minute' }, (k, n) => {
        seen.push(fetchContext());
        return `${k}${n}`;
      });
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL);
      await settle(subject.call('a'));
      await turn();
      expect(seen.map(shape)).toEqual([
        { background: false, attempt: 0, stale: null },
        { background: true, attempt: 0, stale: { value: 'a0' } },
      ]);
    });

    it('describes a refetch a caller waits for (staleIfError) as not background, with the stale value', async () => {
      const seen: Array<FetchContext | undefined> = [];
      const subject = subjectOf(kind, { expiration: '10 seconds', staleIfError: '1 minute' }, (k, n) => {
        seen.push(fetchContext());
        return `${k}${n}`;
      });
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL);
      expect(await settle(subject.call('a'))).toBe('a1');
      expect(shape(seen[1])).toEqual({ background: false, attempt: 0, stale: { value: 'a0' } });
    });

    it('describes an explicit refresh() of a kept entry with the value it replaces', async () => {
      const seen: Array<FetchContext | undefined> = [];
      const subject = subjectOf(kind, { expiration: '1 minute' }, (k, n) => {
        seen.push(fetchContext());
        return `${k}${n}`;
      });
      await settle(subject.call('a'));
      await settle(subject.controls.refresh('a'));
      expect(shape(seen[1])).toEqual({ background: false, attempt: 0, stale: { value: 'a0' } });
    });

    describe.each<[string, CacheOptions]>([
      ['no options', {}],
      ['maxsize', { maxsize: 100 }],
      ['expiration + maxsize', { expiration: '1 minute', maxsize: 100 }],
    ])('of a plain table (%s)', (_label, options) => {
      it('describes an explicit refresh() with the value it replaces', async () => {
        const seen: Array<FetchContext | undefined> = [];
        const subject = subjectOf(kind, options, (k, n) => {
          seen.push(fetchContext());
          return { id: `${k}${n}` };
        });
        await settle(subject.call('a'));
        await settle(subject.controls.refresh('a'));
        expect(seen.map((context) => context?.stale)).toEqual([null, { value: { id: 'a0' } }]);
        await settle(subject.controls.refresh('a'));
        expect(seen[2]!.stale).toEqual({ value: { id: 'a1' } });
      });

      it('describes a refresh() after set() with the value set', async () => {
        const seen: Array<FetchContext | undefined> = [];
        const subject = subjectOf(kind, options, (k, n) => {
          seen.push(fetchContext());
          return `${k}${n}`;
        });
        await settle(subject.controls.set('by hand', 'a'));
        await settle(subject.controls.refresh('a'));
        expect(seen.map((context) => context?.stale)).toEqual([{ value: 'by hand' }]);
      });
    });

    it('describes the refetch of an expired value of a timed plain table with the expired value', async () => {
      const seen: Array<FetchContext | undefined> = [];
      const subject = subjectOf(kind, { expiration: '10 seconds', maxsize: 100 }, (k, n) => {
        seen.push(fetchContext());
        return `${k}${n}`;
      });
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL);
      await settle(subject.call('a'));
      expect(seen.map(shape)).toEqual([
        { background: false, attempt: 0, stale: null },
        { background: false, attempt: 0, stale: { value: 'a0' } },
      ]);
    });

    it('is entered only when a fetch starts: a key function sees none, on a miss or a hit', async () => {
      const inKey: Array<FetchContext | undefined> = [];
      const subject = subjectOf(
        kind,
        {
          key: (k: unknown) => {
            inKey.push(fetchContext());
            return k;
          },
        },
        (k) => k,
      );
      await settle(subject.call('a'));
      await settle(subject.call('a'));
      expect(inKey).toEqual([undefined, undefined]);
      expect(subject.runs).toHaveLength(1);
    });

    it("returns undefined to the caller once its call has returned, a miss's or a hit's", async () => {
      const subject = subjectOf(kind, {}, (k) => k);
      const miss = subject.call('a');
      expect(fetchContext()).toBeUndefined();
      await settle(miss);
      expect(fetchContext()).toBeUndefined();
      await settle(subject.call('a'));
      expect(fetchContext()).toBeUndefined();
    });

    it("gives a nested cached call's fetch its own context and restores the outer one after it", async () => {
      const innerSeen: Array<FetchContext | undefined> = [];
      const inner = subjectOf(kind, {}, (k) => {
        innerSeen.push(fetchContext());
        return k;
      });
      const outerSeen: Array<FetchContext | undefined> = [];
      const outer = subjectOf('wrap sync', { expiration: '1 minute' }, (k) => {
        outerSeen.push(fetchContext());
        const result = inner.call(k);
        outerSeen.push(fetchContext());
        return result;
      });
      await settle(outer.call('a'));
      expect(innerSeen).toHaveLength(1);
      expect(innerSeen[0]!.signal).not.toBe(outerSeen[0]!.signal);
      expect(outerSeen[1]).toEqual(outerSeen[0]);
      expect(outerSeen[1]!.signal).toBe(outerSeen[0]!.signal);
    });
  });

  describe.each(ASYNC_KINDS)('after awaits (%s)', (kind: Kind) => {
    it('keeps the same context in every continuation of the fetch', async () => {
      const seen: Array<FetchContext | undefined> = [];
      const subject = subjectOf(kind, {}, async (k) => {
        seen.push(fetchContext());
        await Promise.resolve();
        seen.push(fetchContext());
        await new Promise((resolve) => setTimeout(resolve, 50));
        seen.push(fetchContext());
        return k;
      });
      const result = subject.call('a');
      await jest.advanceTimersByTimeAsync(50);
      expect(await result).toBe('a');
      expect(seen).toHaveLength(3);
      expect(seen[1]!.signal).toBe(seen[0]!.signal);
      expect(seen[2]!.signal).toBe(seen[0]!.signal);
      expect(seen.map(shape)).toEqual(
        Array.from({ length: 3 }, () => ({ background: false, attempt: 0, stale: null })),
      );
    });

    it('gives a stale value as the fulfilled value, not the stored promise', async () => {
      const seen: Array<FetchContext | undefined> = [];
      const subject = subjectOf(kind, { expiration: '10 seconds', staleWhileRevalidate: '1 minute' }, async (k, n) => {
        await Promise.resolve();
        seen.push(fetchContext());
        return { id: `${k}${n}` };
      });
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL);
      await settle(subject.call('a'));
      await turn();
      expect(seen[1]!.stale).toEqual({ value: { id: 'a0' } });
    });

    it('turns background once the fetch has outlived its soft timeout', async () => {
      const gate = deferred<void>();
      const seen: Array<FetchContext | undefined> = [];
      const options: CacheOptions = { expiration: '10 seconds', staleIfError: '1 minute', timeout: 0.2 };
      const subject = subjectOf(kind, options, async (k, n) => {
        seen.push(fetchContext());
        if (n > 0) await gate.promise;
        seen.push(fetchContext());
        return `${k}${n}`;
      });
      await settle(subject.call('a'));
      jest.setSystemTime(FRESH_UNTIL);
      const call = subject.call('a');
      await jest.advanceTimersByTimeAsync(200);
      expect(await call).toBe('a0');
      gate.resolve();
      await turn();
      expect(seen.slice(2).map((context) => context?.background)).toEqual([false, true]);
    });
  });
});
