import { DateTime, Duration } from 'luxon';
import {
  AlwaysExpiration,
  RefreshIntervalExpiration,
  TimeOfDayExpiration,
  CacheManager,
  ExpirationPolicy,
  InvalidCacheConfigError,
  InvalidExpirationError,
  type CachedItem,
  type ExpirationValue,
} from '../../../src';
import { DAY, HOUR, MINUTE, SECOND, T0, cachedCounter, useFakeTimeAtT0, type Kind } from './expirationFixtures';
import { newManager } from '../../support/managers';

/** Fresh for as many ms as the stored value's `ttlMs` says; records every check. */
class TtlFieldExpiration extends ExpirationPolicy {
  readonly checks: Array<{ item: CachedItem; now: number }> = [];

  override isExpired(item: CachedItem, now: number): boolean {
    this.checks.push({ item, now });
    return now - item.lastFetchedMs >= (item.value as { ttlMs: number }).ttlMs;
  }
}

/** [label, what the callback returns, ms after the fetch at T0 when it first is expired (Infinity: never)]. */
const CALLBACK_RESULTS: Array<[string, () => ExpirationValue, number]> = [
  ['a number of seconds', () => 45, 45 * SECOND],
  ['a duration string', () => '2 hours', 2 * HOUR],
  ['a luxon Duration', () => Duration.fromObject({ minutes: 3 }), 3 * MINUTE],
  ['a Date', () => new Date(T0 + 90 * MINUTE), 90 * MINUTE],
  ['a luxon DateTime', () => DateTime.fromMillis(T0 + DAY), DAY],
  ['a datetime string', () => '2024-01-15T12:30:00Z', 30 * MINUTE],
  ['a time of day', () => '13:00:00Z', HOUR],
  ['a { time, zone } object', () => ({ time: '15:00', zone: 'Europe/Prague' }), 2 * HOUR],
  ['a Unix time in seconds', () => (T0 + 10 * MINUTE) / 1000, 10 * MINUTE],
  ['true (always expired)', () => true, 0],
  ['an ExpirationPolicy instance', () => new AlwaysExpiration(), 0],
  ['false (never)', () => false, Number.POSITIVE_INFINITY],
  ['null (never)', () => null, Number.POSITIVE_INFINITY],
];

describe(CacheManager.name, () => {
  useFakeTimeAtT0();

  describe.each<Kind>(['sync', 'async'])('wrap() of a %s function with a callback expiration', (kind) => {
    it('passes the stored item: value, lastFetched (a UTC DateTime), lastFetchedMs and isError', async () => {
      const items: CachedItem[] = [];
      const counter = cachedCounter(newManager(), kind, {
        expiration: (item) => {
          items.push(item);
          return 60;
        },
      });
      const value = await counter.call();
      expect(items).toHaveLength(1);
      const [item] = items;
      expect(item.value).toBe(value);
      expect(item.isError).toBe(false);
      expect(item.lastFetchedMs).toBe(T0);
      expect(DateTime.isDateTime(item.lastFetched)).toBe(true);
      expect(item.lastFetched.toMillis()).toBe(T0);
      expect(item.lastFetched.zoneName).toBe('UTC');
    });

    it.each(CALLBACK_RESULTS)(
      'resolves a callback returning %s by the expiration table',
      async (_label, result, lifetimeMs) => {
        const counter = cachedCounter(newManager(), kind, { expiration: () => result() });
        await counter.call();
        if (lifetimeMs === Number.POSITIVE_INFINITY) {
          jest.setSystemTime(T0 + 3650 * DAY);
          await counter.call();
          expect(counter.runs).toBe(1);
          return;
        }
        if (lifetimeMs > 0) {
          await counter.expectRefetchedAt(T0 + lifetimeMs, 1);
        } else {
          jest.setSystemTime(T0 + lifetimeMs); // expired at once: the next call runs the function again
          await counter.call();
          expect(counter.runs).toBe(2);
        }
      },
    );

    it('asks the callback once per stored value, right after each fetch', async () => {
      const seen: number[] = [];
      const counter = cachedCounter(newManager(), kind, {
        expiration: (item) => {
          seen.push(item.lastFetchedMs);
          return 10;
        },
      });
      await counter.call();
      jest.setSystemTime(T0 + 5 * SECOND);
      await counter.call();
      await counter.call();
      jest.setSystemTime(T0 + 10 * SECOND);
      await counter.call();
      expect(seen).toEqual([T0, T0 + 10 * SECOND]);
    });

    it('gives a negativeExpiration callback the stored error with isError true', async () => {
      const failure = new Error('rate limited');
      const items: CachedItem[] = [];
      const body = (_id: string): string => {
        throw failure;
      };
      const fn = kind === 'sync' ? body : async (id: string): Promise<string> => body(id);
      const cached = newManager().wrap(fn, {
        negativeCache: true,
        negativeExpiration: (item) => {
          items.push(item);
          return 30;
        },
      });
      expect(await cached('a')).toBe(failure);
      expect(items.map((item) => [item.value, item.isError, item.lastFetchedMs])).toEqual([[failure, true, T0]]);
      jest.setSystemTime(T0 + 30 * SECOND - 1);
      expect(await cached('a')).toBe(failure);
      expect(items).toHaveLength(1);
    });

    it('fails the call with what the callback throws and drops the entry', async () => {
      const thrown = new Error('callback broke');
      let broken = true;
      const counter = cachedCounter(newManager(), kind, {
        expiration: () => {
          if (broken) throw thrown;
          return 60;
        },
      });
      await expect(counter.call()).rejects.toBe(thrown);
      expect(counter.cached.cacheInfo().currentSize).toBe(0);
      broken = false;
      await counter.call();
      await counter.call();
      expect(counter.runs).toBe(2);
    });

    it('fails the call with InvalidExpirationError when a non-async callback returns a promise, and drops the entry', async () => {
      const counter = cachedCounter(newManager(), kind, {
        expiration: () => Promise.resolve(60),
      });
      await expect(counter.call()).rejects.toBeInstanceOf(InvalidExpirationError);
      expect(counter.cached.cacheInfo().currentSize).toBe(0);
      await expect(counter.call()).rejects.toBeInstanceOf(InvalidExpirationError);
      expect(counter.runs).toBe(2);
    });

    it('fails the call with InvalidExpirationError when the callback returns garbage', async () => {
      const counter = cachedCounter(newManager(), kind, { expiration: () => 'at some point' });
      const failure = await counter.call().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(InvalidExpirationError);
      expect((failure as Error).message).toContain('at some point');
      expect(counter.cached.cacheInfo().currentSize).toBe(0);
    });
  });

  describe('wrap() with an async callback expiration', () => {
    it('awaits an async callback on an async function and resolves its result by the table', async () => {
      const items: CachedItem[] = [];
      let runs = 0;
      const cached = newManager().wrap(
        async (id: string) => {
          runs++;
          return { id, ttl: '20 seconds' };
        },
        {
          expiration: async (item) => {
            items.push(item);
            await Promise.resolve();
            return (item.value as { ttl: string }).ttl;
          },
        },
      );
      await cached('a');
      expect(items[0].value).toEqual({ id: 'a', ttl: '20 seconds' });
      jest.setSystemTime(T0 + 20 * SECOND - 1);
      await cached('a');
      expect(runs).toBe(1);
      jest.setSystemTime(T0 + 20 * SECOND);
      await cached('a');
      expect(runs).toBe(2);
    });

    it('rejects the call and drops the entry when an async callback rejects', async () => {
      const thrown = new Error('lookup failed');
      let runs = 0;
      const cached = newManager().wrap(
        async (id: string) => {
          runs++;
          return id;
        },
        {
          expiration: async () => {
            if (runs === 1) throw thrown;
            return 60;
          },
        },
      );
      await expect(cached('a')).rejects.toBe(thrown);
      expect(cached.cacheInfo().currentSize).toBe(0);
      await expect(cached('a')).resolves.toBe('a');
      await expect(cached('a')).resolves.toBe('a');
      expect(runs).toBe(2);
    });

    it('throws InvalidExpirationError, an InvalidCacheConfigError, at wrap time for an async callback on a sync function', () => {
      const manager = newManager();
      let thrown: unknown;
      try {
        manager.wrap((id: string) => id, { expiration: async () => 60 });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidExpirationError);
      expect(thrown).toBeInstanceOf(InvalidCacheConfigError);
    });

    it('throws InvalidExpirationError at wrap time for an async negativeExpiration callback on a sync function', () => {
      expect(() =>
        newManager().wrap((id: string) => id, { negativeCache: true, negativeExpiration: async () => 60 }),
      ).toThrow(InvalidExpirationError);
    });
  });

  describe.each<Kind>(['sync', 'async'])('wrap() of a %s function with an ExpirationPolicy instance', (kind) => {
    it('uses the instance as is: its isExpired decides, given the stored item and now', async () => {
      const policy = new TtlFieldExpiration();
      const counter = cachedCounter(newManager(), kind, { expiration: policy }, (id) => ({ id, ttlMs: 5000 }));
      const first = await counter.call();
      jest.setSystemTime(T0 + 4999);
      expect(await counter.call()).toBe(first);
      expect(counter.runs).toBe(1);
      jest.setSystemTime(T0 + 5000);
      expect(await counter.call()).not.toBe(first);
      expect(counter.runs).toBe(2);
      const check = policy.checks.find(({ now }) => now === T0 + 4999);
      expect(check?.item).toMatchObject({ value: first, lastFetchedMs: T0, isError: false });
      expect(check?.item.lastFetched.toMillis()).toBe(T0);
    });

    it('goes through isExpired for a subclass of a built-in policy, with the same timing', async () => {
      let checks = 0;
      class CountingInterval extends RefreshIntervalExpiration {
        override isExpired(item: CachedItem, now: number): boolean {
          checks++;
          return super.isExpired(item, now);
        }
      }
      const counter = cachedCounter(newManager(), kind, {
        expiration: new CountingInterval(Duration.fromObject({ seconds: 10 })),
      });
      await counter.call();
      jest.setSystemTime(T0 + 10 * SECOND - 1);
      await counter.call();
      expect(counter.runs).toBe(1);
      const checksWhileFresh = checks;
      jest.setSystemTime(T0 + 10 * SECOND);
      await counter.call();
      expect(counter.runs).toBe(2);
      expect(checksWhileFresh).toBeGreaterThan(0);
    });

    it.each<[string, () => ExpirationPolicy, number]>([
      [
        'a RefreshIntervalExpiration',
        () => new RefreshIntervalExpiration(Duration.fromObject({ seconds: 10 })),
        T0 + 10 * SECOND,
      ],
      [
        'a TimeOfDayExpiration in a named zone',
        () => new TimeOfDayExpiration({ hour: 11, minute: 5, zone: 'Europe/Prague' }),
        Date.UTC(2024, 0, 16, 10, 5),
      ],
    ])('goes through isExpired for a Proxy over %s, with the same timing', async (_label, make, expiresAt) => {
      const read: PropertyKey[] = [];
      const proxy = new Proxy(make(), {
        get(target, property, receiver) {
          read.push(property);
          return Reflect.get(target, property, receiver) as unknown;
        },
      });
      const counter = cachedCounter(newManager(), kind, { expiration: proxy });
      await counter.call();
      await counter.expectRefetchedAt(expiresAt, 1);
      expect(read).toContain('isExpired');
    });

    it('fails the call and drops the entry when isExpired throws, so the key never hangs', async () => {
      let broken = false;
      class FlakyCheck extends ExpirationPolicy {
        override isExpired(): boolean {
          if (broken) throw new Error('check broke');
          return false;
        }
      }
      const counter = cachedCounter(newManager(), kind, { expiration: new FlakyCheck() });
      await counter.call();
      broken = true;
      await expect(counter.call()).rejects.toThrow('check broke');
      expect(counter.cached.cacheInfo().currentSize).toBe(0);
      broken = false;
      await counter.call();
      await counter.call();
      expect(counter.runs).toBe(2);
    });

    it('removes entries its isExpired calls expired when removeExpired() runs', async () => {
      const policy = new TtlFieldExpiration();
      const counter = cachedCounter(newManager(), kind, { expiration: policy }, (id) => ({
        id,
        ttlMs: id === 'short' ? 1000 : 60_000,
      }));
      await counter.call('short');
      await counter.call('long');
      jest.setSystemTime(T0 + 1000);
      await counter.cached.removeExpired();
      expect(counter.cached.cacheInfo().currentSize).toBe(1);
      await counter.call('long');
      expect(counter.runs).toBe(2);
    });
  });
});
