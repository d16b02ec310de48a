import { DateTime, Duration } from 'luxon';
import { CacheManager, InvalidCacheConfigError, InvalidExpirationError, type ExpirationValue } from '../../../src';
import { DAY, HOUR, MINUTE, SECOND, T0, cachedCounter, useFakeTimeAtT0, type Kind } from './expirationFixtures';
import { newManager } from '../../support/managers';

/** [label, expiration, ms after the fetch at T0 when it first is expired]. */
const INTERVALS: Array<[string, ExpirationValue, number]> = [
  ['30 (seconds)', 30, 30 * SECOND],
  ['30.9 (truncated to 30 s)', 30.9, 30 * SECOND],
  ['100000000 (the largest interval, in seconds)', 100_000_000, 100_000_000 * SECOND],
  ['a luxon Duration of 5 minutes', Duration.fromObject({ minutes: 5 }), 5 * MINUTE],
  ["'10 minutes'", '10 minutes', 10 * MINUTE],
  ["'10:10' (a duration: 610 s)", '10:10', 610 * SECOND],
  ["'PT5H'", 'PT5H', 5 * HOUR],
  ["'1d42m6s'", '1d42m6s', 88_926 * SECOND],
  ["'  90  ' (trimmed, seconds)", '  90  ', 90 * SECOND],
];

/** [label, deadline expiration, the deadline in epoch ms]. */
const DEADLINES: Array<[string, ExpirationValue, number]> = [
  ['a Date', new Date(T0 + HOUR), T0 + HOUR],
  ['a luxon DateTime', DateTime.fromMillis(T0 + 2 * HOUR, { zone: 'Asia/Tokyo' }), T0 + 2 * HOUR],
  ['a Unix time in seconds', (T0 + 3 * HOUR) / 1000, T0 + 3 * HOUR],
  ['a Unix time in milliseconds', T0 + 4 * HOUR, T0 + 4 * HOUR],
  ['a Unix time in microseconds', (T0 + 5 * HOUR) * 1000, T0 + 5 * HOUR],
  ["'2024-01-15T13:30:00Z'", '2024-01-15T13:30:00Z', Date.UTC(2024, 0, 15, 13, 30)],
  ["'2024-01-15T15:00:00+01:00'", '2024-01-15T15:00:00+01:00', Date.UTC(2024, 0, 15, 14, 0)],
  ["'2024-01-15 18:00' (naive: UTC)", '2024-01-15 18:00', Date.UTC(2024, 0, 15, 18, 0)],
  ["'2024-01-16' (a date: 00:00 UTC)", '2024-01-16', Date.UTC(2024, 0, 16)],
];

describe(CacheManager.name, () => {
  useFakeTimeAtT0();

  describe.each<Kind>(['sync', 'async'])('wrap() of a %s function with an expiration', (kind) => {
    it.each(INTERVALS)(
      'keeps the value until 1 ms before the interval %s ends and refetches at its end',
      async (_label, expiration, lifetimeMs) => {
        const counter = cachedCounter(newManager(), kind, { expiration });
        const first = await counter.call();
        jest.setSystemTime(T0 + lifetimeMs - 1);
        expect(await counter.call()).toBe(first);
        expect(counter.runs).toBe(1);
        jest.setSystemTime(T0 + lifetimeMs);
        expect(await counter.call()).not.toBe(first);
        expect(counter.runs).toBe(2);
        // the new value lives a full interval from its own fetch
        jest.setSystemTime(T0 + 2 * lifetimeMs - 1);
        await counter.call();
        expect(counter.runs).toBe(2);
      },
    );

    it.each(DEADLINES)(
      'keeps the value until 1 ms before the deadline given as %s and refetches on every call from it',
      async (_label, expiration, deadlineMs) => {
        const counter = cachedCounter(newManager(), kind, { expiration });
        const first = await counter.call();
        jest.setSystemTime(deadlineMs - 1);
        expect(await counter.call()).toBe(first);
        expect(counter.runs).toBe(1);
        jest.setSystemTime(deadlineMs);
        await counter.call();
        await counter.call();
        expect(counter.runs).toBe(3);
      },
    );

    it.each<[string, ExpirationValue]>([
      ['true', true],
      ['0.5 (truncated to 0 s)', 0.5],
      ['0', 0],
      ['a Unix time already past', Math.floor((T0 - DAY) / 1000)],
    ])('refetches on every call with %s and counts each repeat as a hit', async (_label, expiration) => {
      const counter = cachedCounter(newManager(), kind, { expiration });
      await counter.call();
      await counter.call();
      await counter.call();
      expect(counter.runs).toBe(3);
      expect(counter.cached.cacheInfo()).toMatchObject({ misses: 1, hits: 2, currentSize: 1 });
    });

    it.each<[string, ExpirationValue]>([
      ['false', false],
      ['null', null],
      ['undefined', undefined],
    ])('never expires with %s', async (_label, expiration) => {
      const counter = cachedCounter(newManager(), kind, { expiration });
      const first = await counter.call();
      jest.setSystemTime(T0 + 3650 * DAY);
      expect(await counter.call()).toBe(first);
      expect(counter.runs).toBe(1);
    });

    it('counts the interval from the end of the fetch, not its start', async () => {
      const manager = newManager();
      let runs = 0;
      const slow = (id: string): Promise<string> | string => {
        runs++;
        if (kind === 'sync') {
          jest.setSystemTime(Date.now() + 100); // a sync function that takes 100 ms
          return id;
        }
        return new Promise((resolve) => setTimeout(() => resolve(id), 100));
      };
      const fn = kind === 'sync' ? (id: string) => slow(id) as string : async (id: string) => slow(id);
      const cached = manager.wrap(fn, { expiration: 10 });
      const first = cached('a');
      if (kind === 'async') await jest.advanceTimersByTimeAsync(100);
      await first;
      jest.setSystemTime(T0 + 100 + 10 * SECOND - 1);
      await cached('a');
      expect(runs).toBe(1);
      jest.setSystemTime(T0 + 100 + 10 * SECOND);
      const second = cached('a');
      if (kind === 'async') await jest.advanceTimersByTimeAsync(100);
      await second;
      expect(runs).toBe(2);
    });

    it("refreshes daily at '11:05:00Z': the next occurrence after each fetch", async () => {
      const counter = cachedCounter(newManager(), kind, { expiration: '11:05:00Z' });
      await counter.call(); // fetched 12:00Z, after today's 11:05Z: lives until tomorrow's
      const nextDay = Date.UTC(2024, 0, 16, 11, 5);
      await counter.expectRefetchedAt(nextDay, 1); // fetched again exactly at 11:05Z: lives until the day after
      jest.setSystemTime(nextDay + HOUR);
      await counter.call();
      await counter.expectRefetchedAt(nextDay + DAY, 2);
    });

    it("expires at today's time of day when the value was fetched before it", async () => {
      jest.setSystemTime(Date.UTC(2024, 0, 15, 8, 0));
      const counter = cachedCounter(newManager(), kind, { expiration: '11:05:00-0530' }); // 16:35Z
      await counter.call();
      await counter.expectRefetchedAt(Date.UTC(2024, 0, 15, 16, 35), 1);
    });

    it.each([
      ['winter (CET, 10:05Z)', T0, Date.UTC(2024, 0, 16, 10, 5)],
      ['summer (CEST, 09:05Z)', Date.UTC(2024, 6, 15, 12, 0), Date.UTC(2024, 6, 16, 9, 5)],
    ])("refreshes daily at { time: '11:05', zone: 'Europe/Prague' } in %s", async (_label, fetchedAt, expiresAt) => {
      jest.setSystemTime(fetchedAt);
      const counter = cachedCounter(newManager(), kind, { expiration: { time: '11:05', zone: 'Europe/Prague' } });
      await counter.call();
      await counter.expectRefetchedAt(expiresAt, 1);
      await counter.expectRefetchedAt(expiresAt + DAY, 2);
    });

    it.each<[string, ExpirationValue, number]>([
      ["'P400D'", 'P400D', 400 * DAY],
      ['a Date in year 9999', new Date(Date.UTC(9999, 11, 31)), Date.UTC(9999, 11, 31) - T0],
      ["'9999-12-31T23:59:59Z'", '9999-12-31T23:59:59Z', Date.UTC(9999, 11, 31, 23, 59, 59) - T0],
    ])('handles %s, beyond what a timer holds, without setting any timer', async (_label, expiration, lifetimeMs) => {
      const counter = cachedCounter(newManager(), kind, { expiration });
      await counter.call();
      expect(jest.getTimerCount()).toBe(0);
      await counter.expectRefetchedAt(T0 + lifetimeMs, 1);
      expect(jest.getTimerCount()).toBe(0);
    });
  });

  describe('wrap() with an expiration it cannot use', () => {
    it.each<[string, unknown]>([
      ["'next tuesday'", 'next tuesday'],
      ["'P4Y' (years are rejected)", 'P4Y'],
      ["'1.5h'", '1.5h'],
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
    ])('throws InvalidExpirationError at wrap time naming %s', (_label, expiration) => {
      const manager = newManager();
      let thrown: unknown;
      try {
        manager.wrap((id: string) => id, { expiration: expiration as ExpirationValue });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidExpirationError);
      expect(thrown).toBeInstanceOf(InvalidCacheConfigError);
      expect((thrown as Error).message).toContain(typeof expiration === 'string' ? expiration : String(expiration));
    });

    it('throws InvalidExpirationError at wrap time for an unparsable negativeExpiration', () => {
      expect(() =>
        newManager().wrap(async (id: string) => id, { negativeCache: true, negativeExpiration: 'soonish' }),
      ).toThrow(InvalidExpirationError);
    });
  });
});
