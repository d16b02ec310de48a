/**
 * The read path of shared caches (design/shared-tier.md "Read path"), against the in-memory tier:
 * several simulated processes on one hub, fake time.
 */
import 'reflect-metadata';
import { injectable } from 'inversify';
import {
  Cacheable,
  FetchTimeoutError,
  ReentrantCallError,
  KeyEncodingError,
  SerializationError,
  SharedTierError,
  withCacheScope,
  type CacheControls,
} from '../../../src';
import { SharedCache } from '../../../src/core/shared/SharedCache';
import { T0, useFakeTimeAtT0 } from '../../support/fakeTime';
import { MemoryTierHub } from '../../support/memorySharedTier';
import { loader, settle, startProcess } from './sharedFixtures';

const MINUTE = 60_000;

describe(SharedCache.name, () => {
  useFakeTimeAtT0();
  let hub: MemoryTierHub;

  beforeEach(() => {
    hub = new MemoryTierHub();
  });

  describe('run() (the read path)', () => {
    it('answers a fresh memory-tier hit without a shared-tier round trip', async () => {
      const a = startProcess(hub);
      const load = loader('a');
      const get = a.manager.wrap(load.fn, { shared: { name: 'get' }, expiration: '1 minute' });
      const first = get('1');
      await settle(100);
      await first;
      const commands = hub.log.length;
      await expect(get('1')).resolves.toEqual({ id: '1', by: 'a', n: 1 });
      expect(hub.log).toHaveLength(commands);
    });

    it('answers from the shared tier in a process with an empty memory tier, with one read', async () => {
      const [a, b] = [startProcess(hub), startProcess(hub)];
      const [loadA, loadB] = [loader('a'), loader('b')];
      const getA = a.manager.wrap(loadA.fn, { shared: { name: 'get' }, expiration: '1 minute' });
      const getB = b.manager.wrap(loadB.fn, { shared: { name: 'get' }, expiration: '1 minute' });
      const fetched = getA('1');
      await settle(100);
      await fetched;
      hub.log.length = 0;
      const answers = await Promise.all([getB('1'), getB('1'), getB('1')]);
      expect(answers).toEqual([
        { id: '1', by: 'a', n: 1 },
        { id: '1', by: 'a', n: 1 },
        { id: '1', by: 'a', n: 1 },
      ]);
      expect(hub.log).toEqual(['GET ns:get:1:{"1}']);
      expect(loadB.calls).toEqual([]);
      expect(getB.cacheStats()).toMatchObject({ loads: 0, shared: { hits: 1, notified: 0, degraded: 0 } });
      expect(getB.has('1')).toBe(true);
    });

    it("keeps a record read from the shared tier fresh until the record's own fresh-until (L1 never outlives L2)", async () => {
      const [a, b] = [startProcess(hub), startProcess(hub)];
      const getA = a.manager.wrap(loader('a', 0).fn, { shared: { name: 'get' }, expiration: '1 minute' });
      const loadB = loader('b', 0);
      const getB = b.manager.wrap(loadB.fn, { shared: { name: 'get' }, expiration: '1 minute' });
      await getA('1');
      await settle(30_000);
      await expect(getB('1')).resolves.toMatchObject({ by: 'a' }); // read at T0 + 30 s
      await settle(30_000 - 1);
      expect(getB.has('1')).toBe(true);
      await settle(1);
      expect(getB.has('1')).toBe(false); // at T0 + 60 s, as the record: not T0 + 90 s
      const again = getB('1');
      await settle();
      await expect(again).resolves.toMatchObject({ by: 'b' });
    });

    it('runs the function once for concurrent callers in several processes (cross-process single flight)', async () => {
      const processes = [startProcess(hub), startProcess(hub), startProcess(hub)];
      const loads = processes.map((_, i) => loader(`p${i}`, 200));
      const gets = processes.map((p, i) => p.manager.wrap(loads[i].fn, { shared: { name: 'get' } }));
      const calls = gets.flatMap((get) => Array.from({ length: 100 }, () => get('cold')));
      await settle(200);
      const answers = await Promise.all(calls);
      expect(loads.flatMap((l) => l.calls)).toEqual(['cold']);
      expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
      const stats = gets.map((get) => get.cacheStats().shared);
      expect(stats.filter((s) => s!.notified === 1)).toHaveLength(2);
      expect(stats.every((s) => s!.degraded === 0)).toBe(true);
    });

    it('answers the lease holder’s callers before the fill, and a failed fill never fails them', async () => {
      const [a, b] = [startProcess(hub, { lockTimeoutMs: 1_000 }), startProcess(hub, { lockTimeoutMs: 1_000 })];
      const getA = a.manager.wrap(loader('a', 100).fn, { shared: { name: 'get' } });
      const loadB = loader('b', 100);
      const getB = b.manager.wrap(loadB.fn, { shared: { name: 'get' } });
      hub.failure = (command) => (command === 'EVALSHA fill' ? new Error('READONLY') : undefined);
      const holder = getA('1');
      await settle();
      const waiter = getB('1');
      await settle(100);
      await expect(holder).resolves.toEqual({ id: '1', by: 'a', n: 1 });
      expect(a.reports).toEqual([
        expect.objectContaining({ operation: 'shared-write', key: 'ns:get:1:{"1}', cache: 'fn' }),
      ]);
      // Nobody told B: it waits out the lease time, then fetches itself (degraded, counted).
      await settle(1_000);
      await settle(100);
      await expect(waiter).resolves.toEqual({ id: '1', by: 'b', n: 1 });
      expect(getB.cacheStats().shared).toEqual({ hits: 0, notified: 0, degraded: 1 });
    });

    it('does not share failures: waiters fetch themselves, and a negative-cache entry stays in memory', async () => {
      const [a, b] = [startProcess(hub), startProcess(hub)];
      let attempts = 0;
      const getA = a.manager.wrap(
        async (id: string) => {
          attempts++;
          await new Promise((resolve) => setTimeout(resolve, 50));
          throw new Error(`down ${id}`);
        },
        { shared: { name: 'get' }, negativeCache: true },
      );
      const loadB = loader('b', 10);
      const getB = b.manager.wrap(loadB.fn, { shared: { name: 'get' } });
      const failing = getA('1');
      await settle();
      const waiting = getB('1');
      await settle(50);
      await expect(failing).resolves.toEqual(new Error('down 1'));
      await settle(10);
      await expect(waiting).resolves.toEqual({ id: '1', by: 'b', n: 1 });
      expect(getB.cacheStats().shared).toMatchObject({ degraded: 1 });
      await expect(getA('1')).resolves.toEqual(new Error('down 1')); // A's own stored error
      expect(attempts).toBe(1);
      expect(hub.keys()).toEqual([]); // B waited: nothing was written to the shared tier
    });

    it('stores what a fetch decided: a callback expiration is resolved once, by the fetching process', async () => {
      const [a, b] = [startProcess(hub), startProcess(hub)];
      const expirationA = jest.fn((item: { value: unknown }) => (item.value as { ttl: number }).ttl);
      const expirationB = jest.fn(() => 1);
      const getA = a.manager.wrap(async (id: string) => Promise.resolve({ id, ttl: 120 }), {
        shared: { name: 'get' },
        expiration: expirationA,
      });
      const getB = b.manager.wrap(async (id: string) => Promise.resolve({ id, ttl: 1 }), {
        shared: { name: 'get' },
        expiration: expirationB,
      });
      await getA('1');
      await expect(getB('1')).resolves.toEqual({ id: '1', ttl: 120 });
      expect(expirationA).toHaveBeenCalledTimes(1);
      expect(expirationB).not.toHaveBeenCalled();
      await settle(119_999);
      expect(getB.has('1')).toBe(true);
      await settle(1);
      expect(getB.has('1')).toBe(false);
    });

    it('stores a data pointer’s instant as epoch ms in the record', async () => {
      const [a, b] = [startProcess(hub), startProcess(hub)];
      const validUntil = new Date(T0 + 5 * MINUTE);
      const getA = a.manager.wrap(async (id: string) => Promise.resolve({ id, validUntil }), {
        shared: { name: 'rate' },
        expiration: '$.validUntil',
      });
      const getB = b.manager.wrap(async (id: string) => Promise.resolve({ id, validUntil: new Date(0) }), {
        shared: { name: 'rate' },
        expiration: '$.validUntil',
      });
      await getA('EUR');
      const read = await getB('EUR');
      expect(read.validUntil).toEqual(validUntil);
      expect(hub.ttl('ns:rate:1:{"EUR}')).toBe(5 * MINUTE);
    });

    it('runs the function here (degraded, counted) when a wait ends without a value, and tries the lease again when it ends vacant', async () => {
      const [a, b] = [startProcess(hub), startProcess(hub)];
      const getB = b.manager.wrap(loader('b', 10).fn, { shared: { name: 'get' } });
      // A foreign lease that disappears without a fill: B's wait ends vacant, B takes the lease.
      hub.set('ns:get:1:{"1}:lease', 'someone', 60_000);
      const waiting = getB('1');
      await settle();
      hub.delete('ns:get:1:{"1}:lease');
      for (const tier of hub.tiers) tier.notify('ns:get:1:{"1}', true);
      await settle(10);
      await expect(waiting).resolves.toMatchObject({ by: 'b' });
      expect(getB.cacheStats().shared).toEqual({ hits: 0, notified: 0, degraded: 0 });
      expect(hub.keys()).toEqual(['ns:get:1:{"1}']); // B held the lease: it filled the record
      void a;
    });

    it('caps a waiter’s wait at the hardTimeout, through the flight’s signal', async () => {
      const b = startProcess(hub);
      hub.set('ns:get:1:{"1}:lease', 'someone else, hung', 60_000);
      const getB = b.manager.wrap(loader('b', 10).fn, { shared: { name: 'get' }, hardTimeout: 0.2 });
      const waiting = getB('1').catch((error: unknown) => error);
      await settle(200);
      expect(await waiting).toBeInstanceOf(FetchTimeoutError);
    });

    it('stops waiting for another process’s fill when every caller aborted', async () => {
      const b = startProcess(hub);
      hub.set('ns:get:1:{"1}:lease', 'someone', 60_000);
      const loadB = loader('b', 10);
      const getB = b.manager.wrap(loadB.fn, { shared: { name: 'get' } });
      const controller = new AbortController();
      const waiting = withCacheScope({ signal: controller.signal }, () => getB('1')).catch((error: unknown) => error);
      await settle();
      controller.abort(new Error('client gone'));
      await expect(waiting).resolves.toEqual(new Error('client gone'));
      await settle(5_000);
      expect(loadB.calls).toEqual([]);
    });

    it('keeps a value the serializer cannot encode in memory, reports the write, and its waiters fetch themselves', async () => {
      const [a, b] = [startProcess(hub), startProcess(hub)];
      const getA = a.manager.wrap(
        async (id: string) => {
          await new Promise((resolve) => setTimeout(resolve, 50));
          return { id, run: () => id };
        },
        { shared: { name: 'fn' } },
      );
      const getB = b.manager.wrap(
        async (id: string) => {
          await new Promise((resolve) => setTimeout(resolve, 50));
          return { id, run: () => `b${id}` };
        },
        { shared: { name: 'fn' } },
      );
      const holder = getA('1');
      await settle();
      const waiter = getB('1');
      await settle(50);
      expect((await holder).run()).toBe('1');
      expect(getA.has('1')).toBe(true);
      const report = a.reports.find((r) => r.operation === 'shared-write');
      expect((report?.error as Error).cause).toBeInstanceOf(SerializationError);
      await settle(50);
      expect((await waiter).run()).toBe('b1');
      expect(getB.cacheStats().shared).toMatchObject({ degraded: 1 });
    });
    it('fails a call that re-enters its own flight with ReentrantCallError, as an unshared cache does', async () => {
      const a = startProcess(hub);
      const get: (id: string) => Promise<string> = a.manager.wrap(
        async (id: string): Promise<string> => {
          await Promise.resolve();
          return get(id);
        },
        { shared: { name: 'loop' } },
      );
      await expect(get('1')).rejects.toThrow(ReentrantCallError);
      await settle();
      expect(hub.keys()).toEqual([]); // the lease was failed, nothing written
    });

    it('runs the function at once for forceRefresh (withCacheScope), writing and publishing its value', async () => {
      const [a, b] = [startProcess(hub), startProcess(hub)];
      const loadA = loader('a', 0);
      const getA = a.manager.wrap(loadA.fn, { shared: { name: 'get' } });
      const getB = b.manager.wrap(loader('b', 0).fn, { shared: { name: 'get' } });
      await getA('1');
      await getB('1');
      await expect(withCacheScope({ forceRefresh: true }, () => getA('1'))).resolves.toMatchObject({ n: 2 });
      await settle();
      expect(getB.has('1')).toBe(false);
      await expect(getB('1')).resolves.toMatchObject({ by: 'a', n: 2 });
      expect(loadA.calls).toEqual(['1', '1']);
    });

    it('sums the shared counters of a decorated method over its managers', async () => {
      @injectable()
      class Users {
        @Cacheable({ shared: true })
        async getUser(id: string): Promise<string> {
          return Promise.resolve(`user ${id}`);
        }
      }
      const [a, b] = [startProcess(hub), startProcess(hub)];
      a.container.bind(Users).toSelf();
      b.container.bind(Users).toSelf();
      await a.container.get(Users).getUser('1');
      await b.container.get(Users).getUser('1');
      const stats = (Users.prototype.getUser as unknown as CacheControls).cacheStats();
      expect(stats.shared).toEqual({ hits: 1, notified: 0, degraded: 0 });
      expect(stats.loads).toBe(1);
      expect(a.manager.stats()[0].shared).toEqual({ hits: 0, notified: 0, degraded: 0 });
    });
  });

  describe('run() with tags', () => {
    it('reads a record created before one of its tags was invalidated as missing, in a process that missed the message', async () => {
      const a = startProcess(hub);
      const options = { shared: { name: 'user' }, tags: ['user:{id}'], expiration: '1 hour' };
      const getA = a.manager.wrap(loader('a', 0).fn, options);
      await getA('7');
      await settle(10);
      await a.manager.invalidateTags(['user:7']);
      const c = startProcess(hub); // started after the message: it must read the tag time
      const loadC = loader('c', 0);
      const getC = c.manager.wrap(loadC.fn, options);
      await expect(getC('7')).resolves.toMatchObject({ by: 'c' });
      expect(hub.log).toContain('MGET user:7');
      expect(loadC.calls).toEqual(['7']);
    });

    it('drops the memory-tier copies of other processes, whose next call fetches anew', async () => {
      const [a, b] = [startProcess(hub), startProcess(hub)];
      const options = { shared: { name: 'user' }, tags: ['user:{id}'], expiration: '1 hour' };
      const getA = a.manager.wrap(loader('a', 0).fn, options);
      const loadB = loader('b', 0);
      const getB = b.manager.wrap(loadB.fn, options);
      await getA('7');
      await expect(getB('7')).resolves.toMatchObject({ by: 'a' });
      await settle(10);
      await expect(a.manager.invalidateTags(['user:7'])).resolves.toBe(1);
      await settle();
      expect(getB.has('7')).toBe(false);
      await expect(getB('7')).resolves.toMatchObject({ by: 'b' });
    });
  });

  describe('run() with stale windows across tiers', () => {
    it('serves a stale record at once inside staleWhileRevalidate, and only one process refreshes it', async () => {
      const processes = [startProcess(hub), startProcess(hub), startProcess(hub)];
      const loads = processes.map((_, i) => loader(`p${i}`, 100));
      const options = { shared: { name: 'get' }, expiration: '1 minute', staleWhileRevalidate: '1 minute' };
      const gets = processes.map((p, i) => p.manager.wrap(loads[i].fn, options));
      const first = gets[0]('1');
      await settle(100);
      await first;
      await settle(MINUTE + 10); // stale now, in every process (p1 and p2 have nothing in memory)
      const stale = await Promise.all(gets.map((get) => get('1')));
      expect(stale.map((answer) => answer.n)).toEqual([1, 1, 1]);
      await settle(100);
      await settle(10);
      expect(loads.flatMap((l) => l.calls)).toEqual(['1', '1']); // the first fetch and one refresh
      // The other two heard the refresh's fill (their own background refreshes waited for it).
      expect(gets.slice(1).map((get) => get.cacheStats().shared)).toEqual([
        { hits: 1, notified: 1, degraded: 0 },
        { hits: 1, notified: 1, degraded: 0 },
      ]);
      const refreshed = await Promise.all(gets.map((get) => get('1')));
      expect(new Set(refreshed.map((answer) => JSON.stringify(answer))).size).toBe(1);
      expect(refreshed[0].n).toBe(2);
    });

    it('serves a stale record when the fetch fails inside staleIfError, reports it and backs off', async () => {
      const [a, b] = [startProcess(hub), startProcess(hub)];
      const getA = a.manager.wrap(loader('a', 0).fn, {
        shared: { name: 'get' },
        expiration: '1 minute',
        staleIfError: '1 hour',
      });
      await getA('1');
      await settle(MINUTE + 1);
      let attempts = 0;
      const getB = b.manager.wrap(
        async (id: string) => {
          attempts++;
          await Promise.resolve();
          throw new Error(`down ${id}`);
        },
        { shared: { name: 'get' }, expiration: '1 minute', staleIfError: '1 hour', staleIfErrorBackoff: '10s' },
      );
      await expect(getB('1')).resolves.toMatchObject({ by: 'a', n: 1 });
      expect(b.reports).toEqual([expect.objectContaining({ operation: 'refresh', error: new Error('down 1') })]);
      await expect(getB('1')).resolves.toMatchObject({ by: 'a' });
      expect(attempts).toBe(1); // backing off
      await settle(10_000);
      await expect(getB('1')).resolves.toMatchObject({ by: 'a' });
      expect(attempts).toBe(2);
    });
  });

  describe('run() when the shared tier fails', () => {
    it('answers from the function when the read fails, reporting shared-read once', async () => {
      const a = startProcess(hub);
      hub.failure = (command) => (command === 'GET' ? new Error('connection reset') : undefined);
      const load = loader('a', 0);
      const get = a.manager.wrap(load.fn, { shared: { name: 'get' } });
      await expect(get('1')).resolves.toMatchObject({ by: 'a' });
      expect(a.reports).toEqual([
        expect.objectContaining({ operation: 'shared-read', key: 'ns:get:1:{"1}', error: expect.any(SharedTierError) }),
      ]);
      expect(get.cacheStats().shared).toMatchObject({ degraded: 1 });
    });

    it('answers from the function when the lease cannot be taken, reporting shared-lock', async () => {
      const a = startProcess(hub);
      hub.failure = (command) => (command === 'SET NX PX' ? new Error('timeout') : undefined);
      const get = a.manager.wrap(loader('a', 0).fn, { shared: { name: 'get' } });
      await expect(get('1')).resolves.toMatchObject({ by: 'a' });
      expect(a.reports.map((r) => r.operation)).toEqual(['shared-lock']);
      expect(hub.keys()).toEqual([]); // memory only
    });

    it('skips a tier that is not available without a round trip or a report', async () => {
      const a = startProcess(hub);
      a.tier.skipped = true;
      const get = a.manager.wrap(loader('a', 0).fn, { shared: { name: 'get' } });
      await expect(get('1')).resolves.toMatchObject({ by: 'a' });
      await expect(get.invalidate('1')).resolves.toBe(true);
      await expect(get.set({ id: '1', by: 'x', n: 0 }, '1')).resolves.toBeUndefined();
      await get.clearCache();
      expect(hub.log).toEqual([]);
      expect(a.reports).toEqual([]);
      expect(get.cacheStats().shared).toMatchObject({ degraded: 1 });
    });

    it('reports a failed wait and fetches here', async () => {
      const b = startProcess(hub);
      hub.set('ns:get:1:{"1}:lease', 'someone', 60_000);
      hub.failure = (command) => (command === 'EVALSHA peek' ? new Error('gone') : undefined);
      const get = b.manager.wrap(loader('b', 0).fn, { shared: { name: 'get' } });
      await expect(get('1')).resolves.toMatchObject({ by: 'b' });
      expect(b.reports.map((r) => r.operation)).toEqual(['shared-read']);
    });

    it('treats a record whose tag times cannot be read as missing, reporting shared-read', async () => {
      const [a, b] = [startProcess(hub), startProcess(hub)];
      const options = { shared: { name: 'user' }, tags: ['user:{id}'] };
      await a.manager.wrap(loader('a', 0).fn, options)('7');
      hub.failure = (command) => (command === 'MGET' ? new Error('gone') : undefined);
      await expect(b.manager.wrap(loader('b', 0).fn, options)('7')).resolves.toMatchObject({ by: 'b' });
      expect(b.reports.map((r) => r.operation)).toEqual(['shared-read']);
    });
  });

  describe('keys', () => {
    it('builds the record key from the namespace, name, version and the encoded arguments', async () => {
      const a = startProcess(hub, { namespace: 'orders' });
      const get = a.manager.wrap(async (id: string | number, more?: object) => Promise.resolve([id, more]), {
        shared: { name: 'Orders.get', version: 3 },
      });
      await get('42');
      await get(42);
      await get('42', { b: 2, a: 1 });
      await get('42', { a: 1, b: 2 });
      expect(hub.keys().sort()).toEqual(
        [
          'orders:Orders.get:3:{"42}',
          `orders:Orders.get:3:{~a2:2"42{1"an1;1"bn2;\\]}`,
          'orders:Orders.get:3:{n42}',
        ].sort(),
      );
    });

    it('fails a call whose argument is keyed by identity with KeyEncodingError, without running the function', async () => {
      class Filter {
        constructor(readonly status: string) {}
      }
      const a = startProcess(hub);
      const seen: unknown[] = [];
      const get = a.manager.wrap(
        async (filter: unknown) => {
          seen.push(filter);
          return Promise.resolve(filter);
        },
        { shared: { name: 'find' } },
      );
      await expect(get(new Filter('open'))).rejects.toThrow(KeyEncodingError);
      await expect(get(new Filter('open'))).rejects.toThrow(/instance of Filter/);
      await expect(get(() => 1)).rejects.toThrow(KeyEncodingError);
      await expect(get(Symbol('local'))).rejects.toThrow(KeyEncodingError);
      await expect(get({ nested: [new Filter('x')] })).rejects.toThrow(KeyEncodingError);
      expect(seen).toEqual([]);
      expect(hub.log).toEqual([]);
      await expect(get({ status: 'open' })).resolves.toEqual({ status: 'open' });
      await expect(get(Symbol.for('global'))).resolves.toBe(Symbol.for('global'));
    });

    it('encodes a key option’s result the same way: a class instance fails, an id shares', async () => {
      class Query {
        constructor(readonly id: string) {}
      }
      const a = startProcess(hub);
      const byObject = a.manager.wrap(async (q: Query) => Promise.resolve(q.id), {
        shared: { name: 'q1' },
        key: (q: Query) => q,
      });
      await expect(byObject(new Query('1'))).rejects.toThrow(KeyEncodingError);
      const byId = a.manager.wrap(async (q: Query) => Promise.resolve(q.id), {
        shared: { name: 'q2' },
        key: (q: Query) => q.id,
      });
      await expect(byId(new Query('1'))).resolves.toBe('1');
      const byTemplate = a.manager.wrap(async (q: Query) => Promise.resolve(q.id), {
        shared: { name: 'q3' },
        key: 'query:{q}',
      });
      await expect(byTemplate(new Query('1'))).rejects.toThrow(KeyEncodingError);
      expect(hub.keys()).toEqual(['ns:q2:1:{"1}']);
    });

    it('shares one entry whatever the arguments with Key.SINGLE_KEY', async () => {
      const { Key } = await import('../../../src');
      const [a, b] = [startProcess(hub), startProcess(hub)];
      await a.manager.wrap(async (n: number) => Promise.resolve(n), { shared: { name: 'one' }, key: Key.SINGLE_KEY })(
        1,
      );
      const getB = b.manager.wrap(async (n: number) => Promise.resolve(n), {
        shared: { name: 'one' },
        key: Key.SINGLE_KEY,
      });
      await expect(getB(2)).resolves.toBe(1);
      expect(hub.keys()).toEqual(['ns:one:1:{K}']);
    });

    it('lets instances of a class share a shared method’s entries, in memory and in the shared tier', async () => {
      @injectable()
      class OrderService {
        loads = 0;
        @Cacheable({ shared: true, expiration: '1 minute' })
        async getOrder(id: string): Promise<string> {
          this.loads++;
          return Promise.resolve(`order ${id}`);
        }
      }
      const a = startProcess(hub, { namespace: 'orders' });
      a.container.bind(OrderService).toSelf();
      const [first, second] = [a.container.get(OrderService), a.container.get(OrderService)];
      expect(first).not.toBe(second);
      await expect(first.getOrder('1')).resolves.toBe('order 1');
      await expect(second.getOrder('1')).resolves.toBe('order 1');
      expect(first.loads + second.loads).toBe(1);
      expect(hub.keys()).toEqual(['orders:OrderService.getOrder:1:{"1}']);
      // Per-entry controls need no instance: the key does not include it.
      const controls = a.manager.cacheOf(first.getOrder);
      expect(controls.has('1')).toBe(true);
      await expect(controls.invalidate('1')).resolves.toBe(true);
      expect(hub.keys()).toEqual([]);
      await expect((second.getOrder as unknown as CacheControls).cacheParameters().shared).toEqual({
        name: 'OrderService.getOrder',
        version: 1,
      });
    });

    it('can key by an instance’s own id with a key option that reads this', async () => {
      @injectable()
      class TenantOrders {
        tenant = 'x';
        @Cacheable({
          shared: true,
          key: function (this: TenantOrders, id: string) {
            return `${this.tenant}/${id}`;
          },
        })
        async getOrder(id: string): Promise<string> {
          return Promise.resolve(`${this.tenant} order ${id}`);
        }
      }
      const a = startProcess(hub);
      a.container.bind(TenantOrders).toSelf();
      const [x, y] = [a.container.get(TenantOrders), a.container.get(TenantOrders)];
      y.tenant = 'y';
      await expect(x.getOrder('1')).resolves.toBe('x order 1');
      await expect(y.getOrder('1')).resolves.toBe('y order 1');
      expect(hub.keys().sort()).toEqual(['ns:TenantOrders.getOrder:1:{"x/1}', 'ns:TenantOrders.getOrder:1:{"y/1}']);
    });
  });
});
