import 'reflect-metadata';
import { Cacheable, CacheManager, InvalidExpirationError, cacheOf, clearAll } from '../../../src';
import { DAY, HOUR, MINUTE, SECOND, T0, useFakeTimeAtT0 } from './expirationFixtures';

describe(CacheManager.name, () => {
  useFakeTimeAtT0();
  afterEach(async () => {
    await clearAll();
  });

  describe('@Cacheable with an expiration, on instances made with new (default manager)', () => {
    it("refetches a decorated async method '10 minutes' after its fetch", async () => {
      class RateService {
        runs = 0;
        @Cacheable({ expiration: '10 minutes' })
        async rate(currency: string): Promise<{ currency: string; run: number }> {
          this.runs++;
          return { currency, run: this.runs };
        }
      }
      const service = new RateService();
      const first = await service.rate('EUR');
      jest.setSystemTime(T0 + 10 * MINUTE - 1);
      expect(await service.rate('EUR')).toBe(first);
      jest.setSystemTime(T0 + 10 * MINUTE);
      expect(await service.rate('EUR')).toEqual({ currency: 'EUR', run: 2 });
      expect(cacheOf(service.rate).cacheInfo()).toMatchObject({ hits: 2, misses: 1, currentSize: 1 });
    });

    it('refetches a decorated sync method at a deadline read by a data pointer', () => {
      class TokenService {
        runs = 0;
        @Cacheable({ expiration: '$.token.expiresAt' })
        token(scope: string): { scope: string; token: { expiresAt: Date } } {
          this.runs++;
          return { scope, token: { expiresAt: new Date(Date.now() + HOUR) } };
        }
      }
      const service = new TokenService();
      const first = service.token('read');
      jest.setSystemTime(T0 + HOUR - 1);
      expect(service.token('read')).toBe(first);
      jest.setSystemTime(T0 + HOUR);
      expect(service.token('read')).not.toBe(first);
      expect(service.runs).toBe(2);
    });

    it('keeps the entries of two instances apart, each with its own fetch time', async () => {
      class ClockedService {
        runs = 0;
        @Cacheable({ expiration: 30 })
        async load(): Promise<number> {
          return ++this.runs;
        }
      }
      const early = new ClockedService();
      const late = new ClockedService();
      await early.load();
      jest.setSystemTime(T0 + 10 * SECOND);
      await late.load();
      jest.setSystemTime(T0 + 30 * SECOND);
      await early.load();
      await late.load();
      expect([early.runs, late.runs]).toEqual([2, 1]);
    });

    it("refreshes a decorated method daily at { time: '06:00', zone: 'America/New_York' }", async () => {
      class DailyReport {
        runs = 0;
        @Cacheable({ expiration: { time: '06:00', zone: 'America/New_York' } })
        async report(): Promise<number> {
          return ++this.runs;
        }
      }
      const service = new DailyReport();
      await service.report(); // 12:00Z = 07:00 EST, after today's 06:00: lives until tomorrow 11:00Z
      const expiresAt = Date.UTC(2024, 0, 16, 11, 0);
      jest.setSystemTime(expiresAt - 1);
      await service.report();
      expect(service.runs).toBe(1);
      jest.setSystemTime(expiresAt);
      await service.report();
      expect(service.runs).toBe(2);
      jest.setSystemTime(expiresAt + DAY);
      await service.report();
      expect(service.runs).toBe(3);
    });

    it('sweeps expired entries of a decorated method on a call after expiredItemsAutoRemovalPeriod', async () => {
      class SweptService {
        @Cacheable({ expiration: '12h', expiredItemsAutoRemovalPeriod: '12h' })
        async load(id: string): Promise<string> {
          return id;
        }
      }
      const service = new SweptService();
      await service.load('a');
      await service.load('b');
      expect(cacheOf(service.load).cacheInfo().currentSize).toBe(2);
      jest.setSystemTime(T0 + DAY);
      await service.load('c');
      expect(cacheOf(service.load).cacheInfo()).toMatchObject({ currentSize: 1 });
      expect(cacheOf(service.load).cacheInfo().lastExpirationCheck.toMillis()).toBe(T0 + DAY);
    });

    it('throws InvalidExpirationError naming the class and method when the class is defined with an unparsable expiration', () => {
      let thrown: unknown;
      try {
        class BadService {
          @Cacheable({ expiration: 'eventually' })
          load(): number {
            return 1;
          }
        }
        void BadService;
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidExpirationError);
      expect((thrown as Error).message).toMatch(/BadService\.load/);
      expect((thrown as Error).message).toContain('eventually');
    });

    it('throws InvalidExpirationError when the class is defined with an async callback on a sync method', () => {
      expect(() => {
        class SyncService {
          @Cacheable({ expiration: async () => 60 })
          load(): number {
            return 1;
          }
        }
        void SyncService;
      }).toThrow(InvalidExpirationError);
    });
  });
});
