/**
 * `invalidate()` beyond the per-combination basics: during a flight, and its removal reason reaching
 * `ResourceLifecycle.dispose` for adopted resources.
 */
import 'reflect-metadata';
import { injectable } from 'inversify';
import { CacheEvict, Cacheable, CHANNELS, attachCacheManager, type RemovalMessage } from '../../../src';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  endLifecycleTest,
  fakeResource,
  flushPromises,
  startLifecycleTest,
  type FakeResource,
  type LifecycleFixture,
} from '../lifecycle/fakeResources';
import { newManager } from '../../support/managers';
import { ENTRY_POINTS, KEY_KINDS, LAYOUTS, flush, makeSubject } from './entrySubjects';

describe('invalidate()', () => {
  describe.each(
    ENTRY_POINTS.flatMap((entry) => LAYOUTS.flatMap((layout) => KEY_KINDS.map((key) => [entry, layout, key] as const))),
  )('during a flight of an async function (%s, %s layout, %s key)', (entry, layout, key) => {
    it('answers every waiter, stores nothing, returns true without waiting, and later calls start a new flight', async () => {
      const subject = makeSubject('async', entry, key, layout);
      const release = subject.hold();
      const waiters = Array.from({ length: 3 }, () => subject.get('1') as Promise<string>);
      const dropped = subject.controls.invalidate('1') as unknown as Promise<boolean>;
      let droppedSettled = false;
      void dropped.then(() => (droppedSettled = true));
      await flush();
      expect(droppedSettled).toBe(true);
      await expect(dropped).resolves.toBe(true);
      // A call made now does not join the dropped flight.
      const after = subject.get('1') as Promise<string>;
      expect(subject.loads).toBe(2);
      release();
      await expect(Promise.all(waiters)).resolves.toEqual(['1#1', '1#1', '1#1']);
      await expect(after).resolves.toBe('1#2');
      expect(await subject.controls.peek('1')).toBe('1#2');
      // The dropped flight was no entry: nothing counted.
      expect(subject.controls.cacheStats().evictions.invalidated).toBe(0);
    });

    it('leaves nothing stored when the dropped flight settles last', async () => {
      const subject = makeSubject('async', entry, key, layout);
      const release = subject.hold();
      const call = subject.get('1');
      await subject.controls.invalidate('1');
      release();
      await expect(call).resolves.toBe('1#1');
      expect(subject.controls.has('1')).toBe(false);
      expect(subject.controls.cacheInfo().currentSize).toBe(0);
      await expect(subject.get('1')).resolves.toBe('1#2');
    });

    it('drops a refresh in flight beside a stored entry: the entry goes, the refresh stores nothing', async () => {
      const subject = makeSubject('async', entry, key, layout);
      await subject.get('1');
      const release = subject.hold();
      const refreshed = subject.controls.refresh('1');
      await expect(subject.controls.invalidate('1')).resolves.toBe(true);
      expect(subject.controls.has('1')).toBe(false);
      release();
      await expect(refreshed).resolves.toBe('1#2');
      expect(subject.controls.has('1')).toBe(false);
      expect(subject.controls.cacheStats().evictions.invalidated).toBe(1);
    });

    it('makes a failing dropped flight leave a later flight’s entry alone', async () => {
      const subject = makeSubject('async', entry, key, layout);
      const release = subject.hold();
      subject.failWith(new Error('down'));
      const failing = subject.get('1');
      await subject.controls.invalidate('1');
      subject.failWith(null);
      release();
      await expect(failing).rejects.toThrow('down');
      await expect(subject.get('1')).resolves.toBe('1#2');
      expect(subject.controls.has('1')).toBe(true);
    });
  });

  describe.each(ENTRY_POINTS.flatMap((entry) => LAYOUTS.map((layout) => [entry, layout] as const)))(
    'of a sync function that invalidates its own key while computing (%s, %s layout)',
    (entry, layout) => {
      it('returns the computed value, stores nothing and reports the drop', () => {
        let dropped: unknown;
        const { controls, get } = selfInvalidating(entry, layout, (own) => {
          dropped = own.invalidate('1');
        });
        expect(get('1')).toBe('value 1');
        expect(dropped).toBe(true);
        expect(controls.has('1')).toBe(false);
      });
    },
  );
});

describe("RemovalReason 'invalidated'", () => {
  let fixture: LifecycleFixture;

  @injectable()
  class Clients {
    @Cacheable({ wrapAsyncExitStack: true, tags: ['client:{name}', 'clients'] })
    async client(name: string): Promise<FakeResource> {
      return Promise.resolve(fakeResource(name));
    }

    @CacheEvict({ method: 'client', allEntries: true })
    async dropAll(): Promise<void> {
      return Promise.resolve();
    }
  }

  beforeEach(() => {
    fixture = startLifecycleTest();
    fixture.container.bind(Clients).toSelf();
  });

  afterEach(async () => {
    await endLifecycleTest(fixture);
  });

  it('reaches ResourceLifecycle.dispose for an entry removed by invalidate() (wrap)', async () => {
    const connect = fixture.manager.wrap(async (name: string) => Promise.resolve(fakeResource(name)), {
      wrapAsyncExitStack: true,
    });
    const resource = await connect('db');
    await expect(connect.invalidate('db')).resolves.toBe(true);
    await flushPromises();
    expect(fixture.lifecycle.reasonsOf(resource)).toEqual(['invalidated']);
    expect(resource.closed).toBe(true);
  });

  it('reaches ResourceLifecycle.dispose for entries removed by invalidate(), invalidateTags and @CacheEvict (@Cacheable)', async () => {
    const clients = fixture.container.get(Clients);
    const controls = fixture.manager.cacheOf(clients, 'client');
    const a = await clients.client('a');
    const b = await clients.client('b');
    const c = await clients.client('c');
    const d = await clients.client('d');
    await controls.invalidate('a');
    await expect(fixture.manager.invalidateTags(['client:b'])).resolves.toBe(1);
    await clients.dropAll();
    const e = await clients.client('e');
    await fixture.manager.cacheOf(clients.client).clearCache();
    await flushPromises();
    expect(fixture.lifecycle.reasonsOf(a)).toEqual(['invalidated']);
    expect(fixture.lifecycle.reasonsOf(b)).toEqual(['invalidated']);
    expect(fixture.lifecycle.reasonsOf(c)).toEqual(['invalidated']);
    expect(fixture.lifecycle.reasonsOf(d)).toEqual(['invalidated']);
    expect(fixture.lifecycle.reasonsOf(e)).toEqual(['cleared']);
    expect(controls.cacheStats().evictions).toMatchObject({ invalidated: 4, cleared: 1 });
  });

  it("disposes the result of a flight dropped by invalidate() with reason 'invalidated' once it arrives", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const connect = fixture.manager.wrap(
      async (name: string) => {
        await gate;
        return fakeResource(name);
      },
      { wrapAsyncExitStack: true },
    );
    const call = connect('db');
    await connect.invalidate('db');
    release();
    const resource = await call;
    await flushPromises();
    expect(fixture.lifecycle.reasonsOf(resource)).toEqual(['invalidated']);
  });

  it("publishes the removal on the removal channel with reason 'invalidated'", async () => {
    const messages: RemovalMessage[] = [];
    const listener = (message: unknown): void => {
      messages.push(message as RemovalMessage);
    };
    subscribe(CHANNELS.removal, listener);
    try {
      const cached = fixture.manager.wrap((id: string) => id.length, { name: 'lengths' });
      cached('abc');
      cached.invalidate('abc');
      expect(messages).toEqual([{ cache: 'lengths', key: 'abc', reason: 'invalidated' }]);
    } finally {
      unsubscribe(CHANNELS.removal, listener);
    }
  });
});

/** A sync cached function whose body runs `during(controls)` while computing its value. */
function selfInvalidating(
  entry: (typeof ENTRY_POINTS)[number],
  layout: (typeof LAYOUTS)[number],
  during: (controls: { invalidate(id: string): boolean; has(id: string): boolean }) => void,
): { controls: { invalidate(id: string): boolean; has(id: string): boolean }; get: (id: string) => string } {
  const options = layout === 'rich' ? { expiration: 3600 } : {};
  const manager = newManager();
  if (entry === 'wrap') {
    const holder: { controls?: { invalidate(id: string): boolean; has(id: string): boolean } } = {};
    const cached = manager.wrap((id: string) => {
      during(holder.controls!);
      return `value ${id}`;
    }, options);
    holder.controls = cached;
    return { controls: cached, get: (id) => cached(id) };
  }
  class Service {
    @Cacheable(options)
    get(id: string): string {
      during(manager.cacheOf(this as Service, 'get'));
      return `value ${id}`;
    }
  }
  const service = new Service();
  attachCacheManager(service, manager);
  return { controls: manager.cacheOf(service, 'get'), get: (id) => service.get(id) };
}
