/**
 * The invalidation bus of shared caches (design/shared-tier.md "Invalidation bus"): what each control
 * publishes, what every other process drops, reconnects, faults and closing, against the in-memory
 * tier with fake time.
 */
import 'reflect-metadata';
import { injectable } from 'inversify';
import { Cacheable, CacheEvict, CachePut, SharedTierError } from '../../../src';
import { SharedLink } from '../../../src/core/shared/SharedLink';
import { useFakeTimeAtT0 } from '../../support/fakeTime';
import { MemoryTierHub } from '../../support/memorySharedTier';
import { loader, settle, startProcess, type SimulatedProcess } from './sharedFixtures';

const OPTIONS = { shared: { name: 'get' }, expiration: '1 hour' } as const;

describe(SharedLink.name, () => {
  useFakeTimeAtT0();
  let hub: MemoryTierHub;
  let a: SimulatedProcess;
  let b: SimulatedProcess;

  beforeEach(() => {
    hub = new MemoryTierHub();
    [a, b] = [startProcess(hub), startProcess(hub)];
  });

  /** `get` of A and B on one shared cache, with `'1'` cached in both (B read it from L2). */
  async function cachedInBoth(options: object = OPTIONS) {
    const [loadA, loadB] = [loader('a', 0), loader('b', 0)];
    const getA = a.manager.wrap(loadA.fn, options);
    const getB = b.manager.wrap(loadB.fn, options);
    await getA('1');
    await expect(getB('1')).resolves.toMatchObject({ by: 'a' });
    hub.log.length = 0;
    return { getA, getB, loadA, loadB };
  }

  describe('invalidate()', () => {
    it('deletes the record and publishes it before resolving; every other process drops its copy and fetches anew', async () => {
      const { getA, getB, loadB } = await cachedInBoth();
      await expect(getA.invalidate('1')).resolves.toBe(true);
      expect(hub.log).toEqual(['UNLINK ns:get:1:{"1}', 'PUBLISH invalidate']);
      expect(getB.has('1')).toBe(true); // the message is on its way
      await settle();
      expect(getB.has('1')).toBe(false);
      expect(getB.cacheStats().evictions.invalidated).toBe(1);
      await expect(getB('1')).resolves.toMatchObject({ by: 'b' });
      expect(loadB.calls).toEqual(['1']);
    });

    it('never fetches eagerly: a dropped copy is fetched by the next call only', async () => {
      const { getA, loadB } = await cachedInBoth();
      await getA.invalidate('1');
      await settle(60_000);
      expect(loadB.calls).toEqual([]);
    });

    it('ignores a process’s own messages', async () => {
      const { getA, getB } = await cachedInBoth();
      await getB.set({ id: '1', by: 'set', n: 0 }, '1');
      await settle();
      expect(getB.has('1')).toBe(true); // B's own replace did not drop B's new entry
      expect(getA.has('1')).toBe(false);
    });

    it('drops a flight in progress in the other process: it answers its callers and stores nothing', async () => {
      const getA = a.manager.wrap(loader('a', 0).fn, OPTIONS);
      const getB = b.manager.wrap(loader('b', 100).fn, OPTIONS);
      const inFlight = getB('1');
      await settle();
      await getA.invalidate('1');
      await settle(100);
      await expect(inFlight).resolves.toMatchObject({ by: 'b' });
      expect(getB.has('1')).toBe(false);
      expect(hub.keys()).toEqual([]); // B's lease was failed, not filled
    });
  });

  describe('set()', () => {
    it('writes the record and publishes replace before resolving; the other process reads the new value', async () => {
      const { getA, getB, loadB } = await cachedInBoth();
      await getA.set({ id: '1', by: 'set', n: 0 }, '1');
      expect(hub.log).toEqual(['SET ns:get:1:{"1}', 'PUBLISH replace']);
      await settle();
      expect(getB.has('1')).toBe(false);
      await expect(getB('1')).resolves.toEqual({ id: '1', by: 'set', n: 0 });
      expect(loadB.calls).toEqual([]);
    });

    it('stores a promise’s value once it fulfils', async () => {
      const { getA, getB } = await cachedInBoth();
      await getA.set(Promise.resolve({ id: '1', by: 'promised', n: 0 }), '1');
      await settle();
      await expect(getB('1')).resolves.toMatchObject({ by: 'promised' });
    });
  });

  describe('refresh()', () => {
    it('runs the function now, writes its record and publishes replace', async () => {
      const { getA, getB, loadA } = await cachedInBoth();
      await expect(getA.refresh('1')).resolves.toMatchObject({ by: 'a', n: 2 });
      expect(loadA.calls).toEqual(['1', '1']);
      await settle();
      expect(hub.log).toEqual(['SET ns:get:1:{"1}', 'PUBLISH replace']);
      expect(getB.has('1')).toBe(false);
      await expect(getB('1')).resolves.toMatchObject({ by: 'a', n: 2 });
    });
  });

  describe('clearCache()', () => {
    it('deletes every record of the cache by prefix and publishes clear; other caches and versions keep theirs', async () => {
      const { getA, getB, loadB } = await cachedInBoth();
      await getA('2');
      const other = a.manager.wrap(loader('a', 0).fn, { shared: { name: 'get', version: 2 } });
      await other('1');
      hub.log.length = 0;
      await getA.clearCache();
      expect(hub.log).toEqual(['SCAN ns:get:1:', 'PUBLISH clear']);
      expect(hub.keys()).toEqual(['ns:get:2:{"1}']);
      await settle();
      expect(getB.cacheInfo().currentSize).toBe(0);
      await expect(getB('1')).resolves.toMatchObject({ by: 'b' });
      expect(loadB.calls).toEqual(['1']);
    });

    it('clears shared caches through clearAll() too, but not through close()', async () => {
      const { getB } = await cachedInBoth();
      await a.manager.close();
      expect(hub.keys()).toEqual(['ns:get:1:{"1}']);
      await settle();
      expect(getB.has('1')).toBe(true);
      await a.manager.clearAll();
      expect(hub.keys()).toEqual([]);
    });
  });

  describe('invalidateTags()', () => {
    it('raises the tags’ times in the shared tier, kept as long as the longest record can live, then publishes them', async () => {
      const options = { ...OPTIONS, tags: ['user:{id}'], staleIfError: '30 minutes' };
      const { getB } = await cachedInBoth(options);
      const raise = jest.spyOn(a.tier, 'raiseTagTimes');
      await expect(a.manager.invalidateTags(['user:1'])).resolves.toBe(1);
      expect(raise).toHaveBeenCalledWith(['user:1'], Date.now(), 90 * 60_000); // 1 h + 30 min
      expect(hub.log).toEqual(['EVALSHA raise user:1', 'PUBLISH tags']);
      await settle();
      expect(getB.has('1')).toBe(false);
    });

    it('keeps tag times forever when a shared cache’s records can live forever or by a callback', async () => {
      a.manager.wrap(loader('a', 0).fn, { shared: { name: 'never' } });
      const raise = jest.spyOn(a.tier, 'raiseTagTimes');
      await a.manager.invalidateTags(['t']);
      expect(raise).toHaveBeenCalledWith(['t'], Date.now(), Infinity);
    });

    it('reports a failed raise and resolves all the same, without publishing', async () => {
      a.manager.wrap(loader('a', 0).fn, OPTIONS);
      hub.failure = (command) => (command === 'EVALSHA raise' ? new Error('READONLY') : undefined);
      await expect(a.manager.invalidateTags(['t'])).resolves.toBe(0);
      expect(a.reports.map((r) => r.operation)).toEqual(['shared-write']);
      expect(hub.log).toEqual(['EVALSHA raise t']);
    });
  });

  describe('@CacheEvict and @CachePut on a shared method', () => {
    it('evict one entry or all of them in every process, and put writes the record', async () => {
      let version = 0;
      @injectable()
      class Users {
        @Cacheable({ shared: true, expiration: '1 hour' })
        async getUser(id: string): Promise<string> {
          return Promise.resolve(`user ${id} v${++version}`);
        }

        @CacheEvict({ method: 'getUser' })
        async rename(_id: string): Promise<void> {
          return Promise.resolve();
        }

        @CacheEvict({ method: 'getUser', allEntries: true })
        async reload(): Promise<void> {
          return Promise.resolve();
        }

        @CachePut({ method: 'getUser' })
        async save(id: string): Promise<string> {
          return Promise.resolve(`user ${id} saved`);
        }
      }
      a.container.bind(Users).toSelf();
      b.container.bind(Users).toSelf();
      const [usersA, usersB] = [a.container.get(Users), b.container.get(Users)];
      await usersA.getUser('1');
      await usersA.getUser('2');
      await expect(usersB.getUser('1')).resolves.toBe('user 1 v1');
      await usersA.rename('1'); // settles once the record is deleted and the deletion published
      expect(hub.keys()).toEqual(['ns:Users.getUser:1:{"2}']);
      await settle();
      await expect(usersB.getUser('1')).resolves.toBe('user 1 v3');
      await usersB.save('2');
      await settle();
      await expect(usersA.getUser('2')).resolves.toBe('user 2 saved');
      await usersA.reload();
      expect(hub.keys()).toEqual([]);
      await settle();
      expect(b.manager.cacheOf(usersB, 'getUser').cacheInfo().currentSize).toBe(0);
    });
  });

  describe('replacing stores', () => {
    it('publishes replace when a fetch replaces an existing record, and nothing for a first one', async () => {
      const options = { shared: { name: 'get' }, expiration: '1 minute', staleIfError: '1 hour' };
      const getA = a.manager.wrap(loader('a', 0).fn, options);
      const getB = b.manager.wrap(loader('b', 0).fn, options);
      await getA('1');
      await getB('1');
      expect(hub.log).toEqual([
        'GET ns:get:1:{"1}',
        'SET NX PX ns:get:1:{"1}:lease',
        'EVALSHA fill ns:get:1:{"1}',
        'GET ns:get:1:{"1}',
      ]);
      await settle(60_000);
      hub.log.length = 0;
      await getA('1'); // expired: A refetches over the stale record
      await settle();
      expect(hub.log).toEqual([
        'GET ns:get:1:{"1}',
        'SET NX PX ns:get:1:{"1}:lease',
        'EVALSHA fill ns:get:1:{"1}',
        'PUBLISH replace',
      ]);
      expect(getB.has('1')).toBe(false);
      expect(b.manager.stats()[0].evictions.invalidated).toBe(1);
    });
  });

  describe('listen()', () => {
    it('clears every shared cache’s memory tier when the bus reconnects', async () => {
      const { getB } = await cachedInBoth();
      const other = b.manager.wrap(loader('b', 0).fn, { shared: { name: 'other' } });
      await other('x');
      const unshared = b.manager.wrap(loader('b', 0).fn, { expiration: '1 hour' });
      await unshared('x');
      b.tier.emit('reconnect');
      expect(getB.cacheInfo().currentSize).toBe(0);
      expect(other.cacheInfo().currentSize).toBe(0);
      expect(unshared.cacheInfo().currentSize).toBe(1);
    });

    it('reports faults nobody awaits with their own operation', async () => {
      b.manager.wrap(loader('b', 0).fn, OPTIONS);
      b.tier.emit(
        'fault',
        new SharedTierError('shared-bus', 'SUBSCRIBE', 'connection lost', { key: 'cachewright:ns:bus' }),
      );
      b.tier.emit('fault', new SharedTierError('shared-lock', 'EVALSHA renew', 'the lease was lost'));
      expect(b.reports.map((r) => [r.operation, r.key])).toEqual([
        ['shared-bus', 'cachewright:ns:bus'],
        ['shared-lock', undefined],
      ]);
    });

    it('ignores messages for other caches, other versions and keys no call makes', async () => {
      const { getB } = await cachedInBoth();
      const publish = (keys: string[]): void => b.tier.emit('message', { type: 'invalidate', keys, origin: 'x' });
      publish(['ns:other:1:{"1}', 'ns:get:2:{"1}', 'ns:get:1:{n1}', 'ns:get:1:{?}', 'garbage']);
      b.tier.emit('message', { type: 'clear', prefix: 'ns:get:2:', origin: 'x' });
      expect(getB.has('1')).toBe(true);
      publish(['ns:get:1:{"1}']);
      expect(getB.has('1')).toBe(false);
    });

    it('stops listening on manager.close() and leaves the tier open; a later shared call listens again', async () => {
      const { getB } = await cachedInBoth();
      await b.manager.close();
      expect(b.tier.available).toBe(true);
      await getB('1'); // served again after close, from an empty memory tier: listens again
      b.tier.emit('message', { type: 'invalidate', keys: ['ns:get:1:{"1}'], origin: 'x' });
      expect(getB.has('1')).toBe(false);
    });

    it('hears nothing after close() until the next shared call', async () => {
      const { getB } = await cachedInBoth();
      await getB('1');
      const listen = jest.spyOn(b.tier, 'listen');
      await b.manager.close();
      await getB.set({ id: '1', by: 'local', n: 0 }, '1');
      b.tier.emit('message', { type: 'invalidate', keys: ['ns:get:1:{"1}'], origin: 'x' });
      expect(getB.has('1')).toBe(true); // nobody listened
      expect(listen).not.toHaveBeenCalled();
    });
  });
});
