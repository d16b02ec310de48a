import { CacheManager, type RemovalReason } from '../../../src';
import {
  deferredLoader,
  endLifecycleTest,
  fakeResource,
  flushPromises,
  resourceLoader,
  startLifecycleTest,
  type DisposalBehaviour,
  type DisposalProtocol,
  type FakeResource,
  type LifecycleFixture,
} from './fakeResources';

const MINUTE = 60_000;

describe(CacheManager.name, () => {
  let fixture: LifecycleFixture;

  beforeEach(() => {
    fixture = startLifecycleTest();
  });

  afterEach(() => endLifecycleTest(fixture));

  const reasonsOf = (value: unknown): RemovalReason[] => fixture.lifecycle.reasonsOf(value);

  describe('wrap() with wrapAsyncExitStack', () => {
    describe('disposal protocols', () => {
      it.each<[DisposalProtocol, DisposalBehaviour]>([
        ['asyncDispose', 'async'],
        ['dispose', 'sync'],
        ['close', 'async'],
        ['quit', 'async'],
        ['end', 'sync'],
        ['destroy', 'sync'],
        ['disconnect', 'async'],
      ])('disposes a resource through %s (%s) when its entry is cleared', async (protocol, behaviour) => {
        const resource = fakeResource('client', protocol, behaviour);
        const cached = fixture.manager.wrap(async () => resource, { wrapAsyncExitStack: true });
        expect(await cached()).toBe(resource);
        await cached.clearCache();
        expect(resource.calls).toEqual([protocol]);
        expect(resource.closed).toBe(true);
      });

      it('calls only the first disposal method in the order asyncDispose, dispose, close, quit, end, destroy, disconnect', async () => {
        const calls: string[] = [];
        const record = (name: string) => () => {
          calls.push(name);
        };
        const client = {
          quit: record('quit'),
          disconnect: record('disconnect'),
          end: record('end'),
          close: record('close'),
        };
        const cached = fixture.manager.wrap(async () => client, { wrapAsyncExitStack: true });
        await cached();
        await cached.clearCache();
        expect(calls).toEqual(['close']);
      });
    });

    describe('replaced by a refetch', () => {
      it("disposes the old resource with reason 'replaced' once the refetched value is stored", async () => {
        const { load, made } = resourceLoader((key, i) => fakeResource(`${key}#${i}`));
        const cached = fixture.manager.wrap(load, { wrapAsyncExitStack: true, expiration: 60 });
        const first = await cached('a');
        jest.advanceTimersByTime(MINUTE);
        const second = await cached('a');
        expect(made).toEqual([first, second]);
        expect(reasonsOf(first)).toEqual(['replaced']);
        expect(first.calls).toEqual(['close']);
        expect(second.calls).toEqual([]);
      });

      it('keeps the old resource open while the refetch is in flight', async () => {
        const { load, pending } = deferredLoader<FakeResource>();
        const cached = fixture.manager.wrap(load, { wrapAsyncExitStack: true, expiration: 60 });
        const firstCall = cached('a');
        const old = fakeResource('old');
        pending[0].resolve(old);
        await firstCall;
        jest.advanceTimersByTime(MINUTE);
        const refetch = cached('a');
        await flushPromises();
        expect(pending).toHaveLength(2);
        expect(old.calls).toEqual([]);
        const fresh = fakeResource('fresh');
        pending[1].resolve(fresh);
        await expect(refetch).resolves.toBe(fresh);
        expect(reasonsOf(old)).toEqual(['replaced']);
      });

      it("disposes the old resource with reason 'replaced' when a stored error replaces it", async () => {
        let fail = false;
        const old = fakeResource('old');
        const failure = new Error('backend down');
        const cached = fixture.manager.wrap(
          async () => {
            if (fail) throw failure;
            return old;
          },
          { wrapAsyncExitStack: true, expiration: 60, negativeCache: true },
        );
        await cached();
        fail = true;
        jest.advanceTimersByTime(MINUTE);
        await expect(cached()).resolves.toBe(failure);
        expect(reasonsOf(old)).toEqual(['replaced']);
        expect(old.closed).toBe(true);
      });
    });

    describe('a refetch that fails with nothing stored', () => {
      it("removes the old entry and disposes its resource with reason 'failed'", async () => {
        let fail = false;
        const { load, made } = resourceLoader((key, i) => {
          if (fail) throw new Error(`cannot reach ${key}`);
          return fakeResource(`${key}#${i}`);
        });
        const cached = fixture.manager.wrap(load, { wrapAsyncExitStack: true, expiration: 60 });
        const old = await cached('a');
        fail = true;
        jest.advanceTimersByTime(MINUTE);
        await expect(cached('a')).rejects.toThrow('cannot reach a');
        expect(reasonsOf(old)).toEqual(['failed']);
        expect(old.closed).toBe(true);
        expect(cached.cacheInfo().currentSize).toBe(0);
        fail = false;
        const next = await cached('a');
        expect(next).not.toBe(old);
        expect(made).toHaveLength(2);
      });
    });

    describe('swept as expired', () => {
      it("disposes expired resources with reason 'expired' on removeExpired() and keeps fresh ones", async () => {
        const { load } = resourceLoader((key) => fakeResource(key));
        const cached = fixture.manager.wrap(load, { wrapAsyncExitStack: true, expiration: 60 });
        const stale = await cached('stale');
        jest.advanceTimersByTime(30_000);
        const fresh = await cached('fresh');
        jest.advanceTimersByTime(30_000);
        await cached.removeExpired();
        expect(reasonsOf(stale)).toEqual(['expired']);
        expect(stale.closed).toBe(true);
        expect(fresh.calls).toEqual([]);
        expect(cached.cacheInfo().currentSize).toBe(1);
      });

      it("disposes expired resources with reason 'expired' when a call starts a periodic sweep", async () => {
        const { load } = resourceLoader((key) => fakeResource(key));
        const cached = fixture.manager.wrap(load, {
          wrapAsyncExitStack: true,
          expiration: 60,
          expiredItemsAutoRemovalPeriod: '1 minute',
        });
        const stale = await cached('stale');
        jest.advanceTimersByTime(MINUTE);
        await cached('other');
        await flushPromises();
        expect(reasonsOf(stale)).toEqual(['expired']);
      });

      it('resolves removeExpired() once the disposals it started have settled', async () => {
        const slow = fakeResource('slow', 'close', 'deferred');
        const cached = fixture.manager.wrap(async () => slow, { wrapAsyncExitStack: true, expiration: 60 });
        await cached();
        jest.advanceTimersByTime(MINUTE);
        let settled = false;
        const sweeping = Promise.resolve(cached.removeExpired()).then(() => {
          settled = true;
        });
        await flushPromises();
        expect(slow.calls).toEqual(['close']);
        expect(settled).toBe(false);
        slow.finish();
        await sweeping;
        expect(settled).toBe(true);
      });
    });

    describe('evicted by the LRU', () => {
      it("disposes the least recently used resource with reason 'evicted' when maxsize is exceeded", async () => {
        const { load } = resourceLoader((key) => fakeResource(key));
        const cached = fixture.manager.wrap(load, { wrapAsyncExitStack: true, maxsize: 2 });
        const a = await cached('a');
        const b = await cached('b');
        await cached('a');
        const c = await cached('c');
        await flushPromises();
        expect(reasonsOf(b)).toEqual(['evicted']);
        expect(b.closed).toBe(true);
        expect(a.calls).toEqual([]);
        expect(c.calls).toEqual([]);
      });

      it("disposes a value evicted while in flight with reason 'evicted' once it arrives, still answering its caller", async () => {
        const { load, pending } = deferredLoader<FakeResource>();
        const cached = fixture.manager.wrap(load, { wrapAsyncExitStack: true, maxsize: 1 });
        const first = cached('a');
        const second = cached('b');
        await flushPromises();
        const a = fakeResource('a');
        const b = fakeResource('b');
        pending[0].resolve(a);
        pending[1].resolve(b);
        await expect(first).resolves.toBe(a);
        await expect(second).resolves.toBe(b);
        expect(reasonsOf(a)).toEqual(['evicted']);
        expect(b.calls).toEqual([]);
      });
    });

    describe('cleared', () => {
      it("disposes every resource with reason 'cleared' on clearCache()", async () => {
        const { load } = resourceLoader((key) => fakeResource(key));
        const cached = fixture.manager.wrap(load, { wrapAsyncExitStack: true });
        const a = await cached('a');
        const b = await cached('b');
        await cached.clearCache();
        expect(reasonsOf(a)).toEqual(['cleared']);
        expect(reasonsOf(b)).toEqual(['cleared']);
        expect(cached.cacheInfo().currentSize).toBe(0);
      });

      it("disposes the resources of every cache of the manager with reason 'cleared' on clearAll()", async () => {
        const one = fixture.manager.wrap(resourceLoader((key) => fakeResource(key)).load, { wrapAsyncExitStack: true });
        const two = fixture.manager.wrap(resourceLoader((key) => ({ pool: fakeResource(key) })).load, {
          wrapAsyncExitStack: '*',
        });
        const a = await one('a');
        const b = await two('b');
        await fixture.manager.clearAll();
        expect(reasonsOf(a)).toEqual(['cleared']);
        expect(reasonsOf(b.pool)).toEqual(['cleared']);
        expect(one.cacheInfo().currentSize).toBe(0);
        expect(two.cacheInfo().currentSize).toBe(0);
      });

      it.each<[string, (cached: () => unknown, manager: CacheManager) => unknown]>([
        ['clearCache()', (cached) => (cached as unknown as { clearCache(): unknown }).clearCache()],
        ['manager.clearAll()', (_cached, manager) => manager.clearAll()],
        ['manager.close()', (_cached, manager) => manager.close()],
      ])('resolves %s only once the immediate disposals it started have settled', async (_name, clear) => {
        const slow = fakeResource('slow', 'close', 'deferred');
        const cached = fixture.manager.wrap(async () => slow, { wrapAsyncExitStack: true });
        await cached();
        let settled = false;
        const clearing = Promise.resolve(clear(cached, fixture.manager)).then(() => {
          settled = true;
        });
        await flushPromises();
        expect(slow.calls).toEqual(['close']);
        expect(settled).toBe(false);
        slow.finish();
        await clearing;
        expect(settled).toBe(true);
        expect(slow.closed).toBe(true);
      });
    });

    describe('a fetch that completes after clearCache()', () => {
      it("answers its callers, stores nothing and disposes its resources as 'evicted' after the delay", async () => {
        const { load, pending } = deferredLoader<FakeResource>();
        const cached = fixture.manager.wrap(load, { wrapAsyncExitStack: true, exitStackCloseDelay: '5 seconds' });
        const before = cached('a');
        await flushPromises();
        await cached.clearCache();
        const after = cached('a');
        await flushPromises();
        expect(pending).toHaveLength(2);
        const late = fakeResource('late');
        pending[0].resolve(late);
        await expect(before).resolves.toBe(late);
        const current = fakeResource('current');
        pending[1].resolve(current);
        await expect(after).resolves.toBe(current);
        await expect(cached('a')).resolves.toBe(current);
        expect(late.calls).toEqual([]);
        await jest.advanceTimersByTimeAsync(4_999);
        expect(late.calls).toEqual([]);
        await jest.advanceTimersByTimeAsync(1);
        expect(reasonsOf(late)).toEqual(['evicted']);
        expect(late.closed).toBe(true);
        expect(current.calls).toEqual([]);
      });
    });

    describe('container unbinding and close()', () => {
      it("disposes every resource at once with reason 'unbound' on unbindAllAsync(), ignoring the delay", async () => {
        const { load } = resourceLoader((key) => fakeResource(key, 'close', 'async'));
        const cached = fixture.manager.wrap(load, { wrapAsyncExitStack: true, exitStackCloseDelay: '10 minutes' });
        const a = await cached('a');
        const b = await cached('b');
        await fixture.container.unbindAllAsync();
        expect(reasonsOf(a)).toEqual(['unbound']);
        expect(reasonsOf(b)).toEqual(['unbound']);
        expect(a.closed).toBe(true);
        expect(b.closed).toBe(true);
      });

      it('runs at once, on unbindAllAsync(), a disposal already waiting on its delay', async () => {
        const { load } = resourceLoader((key) => fakeResource(key, 'close', 'async'));
        const cached = fixture.manager.wrap(load, { wrapAsyncExitStack: true, exitStackCloseDelay: '10 minutes' });
        const waiting = await cached('a');
        await cached.clearCache();
        expect(waiting.calls).toEqual([]);
        await fixture.container.unbindAllAsync();
        expect(waiting.calls).toEqual(['close']);
        expect(waiting.closed).toBe(true);
        expect(jest.getTimerCount()).toBe(0);
      });

      it("disposes every resource with reason 'unbound' on close(), then serves later calls from an empty cache", async () => {
        const { load, made } = resourceLoader((key) => fakeResource(key));
        const cached = fixture.manager.wrap(load, { wrapAsyncExitStack: true, exitStackCloseDelay: '10 minutes' });
        const before = await cached('a');
        await fixture.manager.close();
        expect(reasonsOf(before)).toEqual(['unbound']);
        const after = await cached('a');
        expect(after).not.toBe(before);
        expect(made).toHaveLength(2);
        expect(await cached('a')).toBe(after);
      });

      it('runs at once, on close(), a disposal already waiting on its delay', async () => {
        const { load } = resourceLoader((key) => fakeResource(key));
        const cached = fixture.manager.wrap(load, { wrapAsyncExitStack: true, exitStackCloseDelay: '10 minutes' });
        const waiting = await cached('a');
        await cached.clearCache();
        await fixture.manager.close();
        expect(waiting.calls).toEqual(['close']);
        expect(jest.getTimerCount()).toBe(0);
      });
    });
  });
});
