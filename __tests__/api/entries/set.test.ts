/**
 * `set()`: expiration computed from the value, a replaced resource disposed with `'replaced'`, a
 * flight in progress for the key storing nothing, tags computed from the arguments.
 */
import 'reflect-metadata';
import { injectable } from 'inversify';
import { Cacheable, attachCacheManager } from '../../../src';
import { T0 } from '../../support/fakeTime';
import { newManager } from '../../support/managers';
import {
  endLifecycleTest,
  fakeResource,
  flushPromises,
  startLifecycleTest,
  type FakeResource,
  type LifecycleFixture,
} from '../lifecycle/fakeResources';
import { ENTRY_POINTS, FUNCTION_KINDS, LAYOUTS, makeSubject, type IdControls } from './entrySubjects';

interface Rate {
  currency: string;
  validUntil: number;
}

describe('set()', () => {
  describe.each(FUNCTION_KINDS.flatMap((kind) => ENTRY_POINTS.map((entry) => [kind, entry] as const)))(
    "with expiration: '$.validUntil' (%s, %s)",
    (kind, entry) => {
      beforeEach(() => {
        jest.useFakeTimers({ now: T0 });
      });
      afterEach(() => {
        jest.useRealTimers();
      });

      /** A rate cache whose entries expire at their own `validUntil`; `loads` counts runs. */
      function rates(): { get: (currency: string) => unknown; controls: IdControls; loads: () => number } {
        const manager = newManager();
        let loads = 0;
        const load = (currency: string): Rate => {
          loads++;
          return { currency, validUntil: Date.now() + 60_000 };
        };
        const options = { expiration: '$.validUntil' } as const;
        if (entry === 'wrap') {
          const cached =
            kind === 'async'
              ? manager.wrap(async (currency: string) => Promise.resolve(load(currency)), options)
              : manager.wrap((currency: string) => load(currency), options);
          return { get: (c) => cached(c), controls: cached, loads: () => loads };
        }
        if (kind === 'async') {
          class AsyncRates {
            @Cacheable(options)
            async get(currency: string): Promise<Rate> {
              return Promise.resolve(load(currency));
            }
          }
          const service = new AsyncRates();
          attachCacheManager(service, manager);
          return {
            get: (c) => service.get(c),
            controls: manager.cacheOf(service, 'get'),
            loads: () => loads,
          };
        }
        class SyncRates {
          @Cacheable(options)
          get(currency: string): Rate {
            return load(currency);
          }
        }
        const service = new SyncRates();
        attachCacheManager(service, manager);
        return {
          get: (c) => service.get(c),
          controls: manager.cacheOf(service, 'get'),
          loads: () => loads,
        };
      }

      it('expires the stored value at the time the value itself names', async () => {
        const { get, controls, loads } = rates();
        const value: Rate = { currency: 'EUR', validUntil: T0 + 5_000 };
        await (kind === 'async' ? controls.set(value, 'EUR') : Promise.resolve(controls.set(value as never, 'EUR')));
        expect(await get('EUR')).toBe(value);
        jest.setSystemTime(T0 + 4_999);
        expect(controls.has('EUR')).toBe(true);
        jest.setSystemTime(T0 + 5_000);
        expect(controls.has('EUR')).toBe(false);
        expect(controls.peek('EUR')).toBeUndefined();
        expect(await get('EUR')).not.toBe(value);
        expect(loads()).toBe(1);
      });

      it('rejects (or throws) when the value has no such field, and stores nothing', async () => {
        const { controls } = rates();
        const bad = { currency: 'EUR' };
        if (kind === 'async') await expect(controls.set(bad as never, 'EUR')).rejects.toThrow(/validUntil/);
        else expect(() => controls.set(bad as never, 'EUR')).toThrow(/validUntil/);
        expect(controls.has('EUR')).toBe(false);
      });
    },
  );

  describe.each(ENTRY_POINTS.flatMap((entry) => LAYOUTS.map((layout) => [entry, layout] as const)))(
    'during a flight of an async function (%s, %s layout)',
    (entry, layout) => {
      it('wins: the flight answers its callers and stores nothing; the flight is counted as no entry', async () => {
        const subject = makeSubject('async', entry, 'default', layout);
        const release = subject.hold();
        const call = subject.get('1');
        await subject.controls.set('stored', '1');
        release();
        await expect(call).resolves.toBe('1#1');
        await expect(subject.get('1')).resolves.toBe('stored');
        expect(subject.loads).toBe(1);
        expect(subject.controls.cacheStats().evictions.replaced).toBe(0);
      });
    },
  );

  it('does nothing on a disabled cache', async () => {
    const manager = newManager();
    const cached = manager.wrap(async (id: string) => Promise.resolve(id), { enabled: false });
    await expect(cached.set('x', '1')).resolves.toBeUndefined();
    expect(cached.has('1')).toBe(false);
    const sync = manager.wrap((id: string) => id, { maxsize: 0 });
    expect(sync.set('x', '1')).toBeUndefined();
    expect(sync('1')).toBe('1');
  });

  it('tags the stored value from its arguments', async () => {
    const manager = newManager();
    const cached = manager.wrap(async (id: string) => Promise.resolve(`loaded ${id}`), { tags: ['user:{id}'] });
    await cached.set('stored', '1');
    await expect(manager.invalidateTags(['user:1'])).resolves.toBe(1);
    expect(cached.has('1')).toBe(false);
  });

  describe('with adopted resources (wrapAsyncExitStack)', () => {
    let fixture: LifecycleFixture;

    @injectable()
    class Clients {
      @Cacheable({ wrapAsyncExitStack: true })
      async client(name: string): Promise<FakeResource> {
        return Promise.resolve(fakeResource(`loaded ${name}`));
      }
    }

    beforeEach(() => {
      fixture = startLifecycleTest();
      fixture.container.bind(Clients).toSelf();
    });

    afterEach(async () => {
      await endLifecycleTest(fixture);
    });

    it("disposes the replaced resource with reason 'replaced' and adopts the new one (wrap)", async () => {
      const connect = fixture.manager.wrap(async (name: string) => Promise.resolve(fakeResource(`loaded ${name}`)), {
        wrapAsyncExitStack: true,
      });
      const loaded = await connect('db');
      const replacement = fakeResource('set db');
      await connect.set(replacement, 'db');
      await flushPromises();
      expect(fixture.lifecycle.reasonsOf(loaded)).toEqual(['replaced']);
      expect(loaded.closed).toBe(true);
      expect(await connect('db')).toBe(replacement);
      await connect.clearCache();
      expect(fixture.lifecycle.reasonsOf(replacement)).toEqual(['cleared']);
    });

    it("disposes the replaced resource with reason 'replaced' (@Cacheable, a promise set)", async () => {
      const clients = fixture.container.get(Clients);
      const loaded = await clients.client('db');
      const replacement = fakeResource('set db');
      await fixture.manager.cacheOf(clients, 'client').set(Promise.resolve(replacement), 'db');
      await flushPromises();
      expect(fixture.lifecycle.reasonsOf(loaded)).toEqual(['replaced']);
      expect(await clients.client('db')).toBe(replacement);
    });

    it('keeps a resource that is set again as itself', async () => {
      const clients = fixture.container.get(Clients);
      const loaded = await clients.client('db');
      await fixture.manager.cacheOf(clients, 'client').set(loaded, 'db');
      await flushPromises();
      expect(loaded.closed).toBe(false);
    });
  });
});
