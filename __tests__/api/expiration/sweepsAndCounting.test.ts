import { DateTime } from 'luxon';
import { CacheManager } from '../../../src';
import { HOUR, SECOND, T0, cachedCounter, useFakeTimeAtT0, type Kind } from './expirationFixtures';
import { newManager } from '../../support/managers';

const EPOCH = DateTime.fromMillis(0, { zone: 'utc' });

describe(CacheManager.name, () => {
  useFakeTimeAtT0();

  describe.each<Kind>(['sync', 'async'])('wrap() of a %s function with expiredItemsAutoRemovalPeriod', (kind) => {
    it('sweeps the old entries on a call the next day with a 12 h expiration and a 12 h period', async () => {
      const counter = cachedCounter(newManager(), kind, { expiration: '12h', expiredItemsAutoRemovalPeriod: '12h' });
      await counter.call('a');
      await counter.call('b');
      expect(counter.cached.cacheInfo().currentSize).toBe(2);
      jest.setSystemTime(T0 + 24 * HOUR);
      await counter.call('c');
      const info = counter.cached.cacheInfo();
      expect(info.currentSize).toBe(1);
      expect(info.lastExpirationCheck.toMillis()).toBe(T0 + 24 * HOUR);
    });

    it('sweeps on the first call, and records it in lastExpirationCheck (UTC)', async () => {
      const counter = cachedCounter(newManager(), kind, { expiration: 60, expiredItemsAutoRemovalPeriod: '1h' });
      expect(counter.cached.cacheInfo().lastExpirationCheck.toMillis()).toBe(0);
      await counter.call('a');
      const check = counter.cached.cacheInfo().lastExpirationCheck;
      expect(check.toMillis()).toBe(T0);
      expect(check.zoneName).toBe('UTC');
    });

    it('leaves expired entries in place until the period since the last sweep has passed', async () => {
      const counter = cachedCounter(newManager(), kind, { expiration: '1h', expiredItemsAutoRemovalPeriod: '12h' });
      await counter.call('a');
      jest.setSystemTime(T0 + 2 * HOUR);
      await counter.call('b');
      expect(counter.cached.cacheInfo()).toMatchObject({ currentSize: 2 });
      expect(counter.cached.cacheInfo().lastExpirationCheck.toMillis()).toBe(T0);
      jest.setSystemTime(T0 + 12 * HOUR - 1);
      await counter.call('c');
      expect(counter.cached.cacheInfo().currentSize).toBe(3);
      jest.setSystemTime(T0 + 12 * HOUR);
      await counter.call('d'); // sweeps 'a' and 'b'; 'c' (1 ms old) and 'd' stay
      expect(counter.cached.cacheInfo().currentSize).toBe(2);
      expect(counter.cached.cacheInfo().lastExpirationCheck.toMillis()).toBe(T0 + 12 * HOUR);
    });
  });

  describe.each<Kind>(['sync', 'async'])('removeExpired() on a %s function', (kind) => {
    it('removes only the expired entries and sets lastExpirationCheck', async () => {
      const counter = cachedCounter(newManager(), kind, {
        expiration: (item) => ((item.value as { id: string }).id === 'short' ? 10 : 100),
      });
      await counter.call('short');
      await counter.call('long');
      expect(counter.cached.cacheInfo().lastExpirationCheck).toEqual(EPOCH);
      jest.setSystemTime(T0 + 10 * SECOND);
      await counter.cached.removeExpired();
      const info = counter.cached.cacheInfo();
      expect(info.currentSize).toBe(1);
      expect(info.lastExpirationCheck.toMillis()).toBe(T0 + 10 * SECOND);
      await counter.call('long');
      expect(counter.runs).toBe(2);
    });

    it('does not sweep on calls without expiredItemsAutoRemovalPeriod', async () => {
      const counter = cachedCounter(newManager(), kind, { expiration: 1 });
      await counter.call('a');
      jest.setSystemTime(T0 + HOUR);
      await counter.call('b');
      expect(counter.cached.cacheInfo()).toMatchObject({ currentSize: 2, lastExpirationCheck: EPOCH });
    });
  });

  describe('removeExpired() during a flight', () => {
    it('keeps the in-flight entry, which completes and is stored', async () => {
      let runs = 0;
      const cached = newManager().wrap(
        async (id: string) => {
          runs++;
          await new Promise((resolve) => setTimeout(resolve, 100));
          return `value ${id}`;
        },
        { expiration: 60 },
      );
      const pending = cached('a');
      await cached.removeExpired();
      expect(cached.cacheInfo().currentSize).toBe(1);
      await jest.advanceTimersByTimeAsync(100);
      await expect(pending).resolves.toBe('value a');
      await expect(cached('a')).resolves.toBe('value a');
      expect(runs).toBe(1);
    });
  });

  describe.each<Kind>(['sync', 'async'])('cacheInfo() of a %s function with an expiration', (kind) => {
    it('counts the call that creates an entry as a miss and every call that finds one (fresh or expired) as a hit', async () => {
      const counter = cachedCounter(newManager(), kind, { expiration: 10 });
      await counter.call('a'); // creates: miss
      await counter.call('a'); // fresh: hit
      jest.setSystemTime(T0 + 10 * SECOND);
      await counter.call('a'); // expired, refetched: hit
      await counter.call('b'); // creates: miss
      await counter.call('a'); // fresh again: hit
      expect(counter.runs).toBe(3);
      expect(counter.cached.cacheInfo()).toMatchObject({ hits: 3, misses: 2, currentSize: 2 });
    });

    it('counts a call after the entry was swept as a miss again', async () => {
      const counter = cachedCounter(newManager(), kind, { expiration: 10 });
      await counter.call('a');
      jest.setSystemTime(T0 + 10 * SECOND);
      await counter.cached.removeExpired();
      await counter.call('a');
      expect(counter.cached.cacheInfo()).toMatchObject({ hits: 0, misses: 2 });
    });
  });

  describe('cacheInfo() of an async function during a flight', () => {
    it('counts every waiter that joins the flight as a hit, also on a refetch', async () => {
      const cached = newManager().wrap(
        async (id: string) => {
          await new Promise((resolve) => setTimeout(resolve, 10));
          return id;
        },
        { expiration: 60 },
      );
      const first = [cached('a'), cached('a'), cached('a')];
      await jest.advanceTimersByTimeAsync(10);
      await Promise.all(first);
      expect(cached.cacheInfo()).toMatchObject({ hits: 2, misses: 1 });
      jest.setSystemTime(Date.now() + 60 * SECOND);
      const refetch = [cached('a'), cached('a')];
      await jest.advanceTimersByTimeAsync(10);
      await Promise.all(refetch);
      expect(cached.cacheInfo()).toMatchObject({ hits: 4, misses: 1, currentSize: 1 });
    });
  });
});
