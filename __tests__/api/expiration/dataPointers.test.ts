import { CacheManager, ExtractionError, InvalidExpirationError } from '../../../src';
import { HOUR, MINUTE, SECOND, T0, cachedCounter, useFakeTimeAtT0, type Kind } from './expirationFixtures';
import { newManager } from '../../support/managers';

class Token {
  constructor(readonly expiration: unknown) {}
}

class Session {
  readonly token: Token;
  constructor(expiration: unknown) {
    this.token = new Token(expiration);
  }
  /** A getter: pointers read inherited accessors too. */
  get validUntil(): string {
    return '2024-01-15T14:00:00Z';
  }
}

/** [label, pointer, value the function returns, ms after the fetch at T0 when it first is expired]. */
const POINTERS: Array<[string, string, () => unknown, number]> = [
  ['a plain object (deadline string)', '$.validUntil', () => ({ validUntil: '2024-01-15T13:00:00Z' }), HOUR],
  ['nested plain objects (seconds)', '$.token.expiration', () => ({ token: { expiration: 300 } }), 5 * MINUTE],
  ['class instances (seconds)', '$.token.expiration', () => new Session(90), 90 * SECOND],
  ['a class getter (deadline string)', '$.validUntil', () => new Session(1), 2 * HOUR],
  [
    'a Map inside an object',
    '$.token.expiration',
    () => ({ token: new Map([['expiration', '10 minutes']]) }),
    10 * MINUTE,
  ],
  ['a Map at the top', '$.validUntil', () => new Map([['validUntil', 60]]), MINUTE],
  ["an array with '[0]'", '$.items[0]', () => ({ items: [120, 5] }), 2 * MINUTE],
  ["an array with '.0'", '$.items.0', () => ({ items: ['PT3M'] }), 3 * MINUTE],
  [
    'objects in arrays in Maps',
    '$.m.list[1].ttl',
    () => ({ m: new Map([['list', [{ ttl: 1 }, { ttl: 45 }]]]) }),
    45 * SECOND,
  ],
  ['a Date found by the pointer', '$.until', () => ({ until: new Date(T0 + 20 * MINUTE) }), 20 * MINUTE],
];

describe(CacheManager.name, () => {
  useFakeTimeAtT0();

  describe.each<Kind>(['sync', 'async'])('wrap() of a %s function with a data pointer expiration', (kind) => {
    it.each(POINTERS)('reads the expiration through %s', async (_label, pointer, make, lifetimeMs) => {
      const counter = cachedCounter(newManager(), kind, { expiration: pointer }, make);
      const first = await counter.call();
      jest.setSystemTime(T0 + lifetimeMs - 1);
      expect(await counter.call()).toBe(first);
      expect(counter.runs).toBe(1);
      jest.setSystemTime(T0 + lifetimeMs);
      await counter.call();
      expect(counter.runs).toBe(2);
    });

    it('fails the call with ExtractionError naming the path when the path is missing, and drops the entry', async () => {
      let payload: unknown = { other: 1 };
      const counter = cachedCounter(newManager(), kind, { expiration: '$.token.expiration' }, () => payload);
      const failure = await counter.call().then(
        () => 'resolved',
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ExtractionError);
      expect((failure as Error).message).toContain('$.token.expiration');
      expect(counter.cached.cacheInfo().currentSize).toBe(0);

      payload = { token: { expiration: 60 } };
      await expect(counter.call()).resolves.toBe(payload);
      expect(counter.runs).toBe(2);
      await counter.call();
      expect(counter.runs).toBe(2);
    });

    it.each<[string, unknown]>([
      ['an unparsable string', { validUntil: 'whenever' }],
      ['an object that is no expiration', { validUntil: { foo: 1 } }],
      ['NaN', { validUntil: Number.NaN }],
    ])(
      'fails the call with InvalidExpirationError when the pointer finds %s, and drops the entry',
      async (_label, payload) => {
        const counter = cachedCounter(newManager(), kind, { expiration: '$.validUntil' }, () => payload);
        await expect(counter.call()).rejects.toBeInstanceOf(InvalidExpirationError);
        expect(counter.cached.cacheInfo().currentSize).toBe(0);
        await expect(counter.call()).rejects.toBeInstanceOf(InvalidExpirationError);
        expect(counter.runs).toBe(2);
      },
    );
  });

  describe('wrap() with a data pointer that finds nothing on a refetch', () => {
    it('rejects the refetch, drops the old entry and fetches again on the next call', async () => {
      const payloads: unknown[] = [{ ttl: 10 }, { nothing: true }, { ttl: 10 }];
      let runs = 0;
      const cached = newManager().wrap(async (_id: string) => payloads[runs++], { expiration: '$.ttl' });
      await expect(cached('a')).resolves.toEqual({ ttl: 10 });
      jest.setSystemTime(T0 + 10 * SECOND);
      await expect(cached('a')).rejects.toBeInstanceOf(ExtractionError);
      expect(cached.cacheInfo().currentSize).toBe(0);
      await expect(cached('a')).resolves.toEqual({ ttl: 10 });
      expect(runs).toBe(3);
    });
  });

  describe('wrap() of an async function with a data pointer that finds nothing', () => {
    it('rejects every concurrent waiter and never leaves the key hanging', async () => {
      let runs = 0;
      const cached = newManager().wrap(
        async (_id: string): Promise<unknown> => {
          runs++;
          await new Promise((resolve) => setTimeout(resolve, 10));
          return runs === 1 ? {} : { validUntil: 30 };
        },
        { expiration: '$.validUntil' },
      );
      const waiters = Promise.allSettled([cached('a'), cached('a'), cached('a')]);
      await jest.advanceTimersByTimeAsync(10);
      const settled = await waiters;
      expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(settled.every((s) => s.status === 'rejected' && s.reason instanceof ExtractionError)).toBe(true);
      const next = cached('a');
      await jest.advanceTimersByTimeAsync(10);
      await expect(next).resolves.toEqual({ validUntil: 30 });
      expect(runs).toBe(2);
    });
  });
});
