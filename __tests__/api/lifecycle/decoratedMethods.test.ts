import 'reflect-metadata';
import { injectable } from 'inversify';
import { Cacheable, CacheManager, InvalidCacheConfigError } from '../../../src';
import { fakeResource, lifecycleFixture, type FakeResource, type LifecycleFixture } from './fakeResources';

@injectable()
class ClientService {
  readonly made: FakeResource[] = [];

  @Cacheable({ wrapAsyncExitStack: true, maxsize: 1 })
  async client(name: string): Promise<FakeResource> {
    const resource = fakeResource(name, 'quit', 'async');
    this.made.push(resource);
    return resource;
  }

  /** Not an AsyncFunction, but typed as returning a Promise: async by its design:returntype. */
  @Cacheable({ wrapAsyncExitStack: ['$.pool'] })
  pools(name: string): Promise<{ pool: FakeResource }> {
    return Promise.resolve({ pool: fakeResource(name, 'end') });
  }
}

describe(Cacheable.name, () => {
  let fixture: LifecycleFixture;
  let service: ClientService;

  beforeEach(() => {
    fixture = lifecycleFixture();
    fixture.container.bind(ClientService).toSelf().inSingletonScope();
    service = fixture.container.get(ClientService);
  });

  afterEach(async () => {
    await fixture.container.unbindAllAsync();
  });

  describe('with wrapAsyncExitStack', () => {
    it("disposes a decorated method's resource when the LRU evicts it", async () => {
      const first = await service.client('first');
      await service.client('second');
      await new Promise<void>((resolve) => setImmediate(resolve));
      expect(fixture.lifecycle.reasonsOf(first)).toEqual(['evicted']);
      expect(first.closed).toBe(true);
    });

    it("disposes a decorated method's resources with reason 'cleared' through manager.cacheOf().clearCache()", async () => {
      const resource = await service.client('main');
      await fixture.manager.cacheOf(service.client).clearCache();
      expect(fixture.lifecycle.reasonsOf(resource)).toEqual(['cleared']);
    });

    it("disposes a decorated method's resources with reason 'unbound' when the container is unbound", async () => {
      const resource = await service.client('main');
      const { pool } = await service.pools('main');
      await fixture.container.unbindAllAsync();
      expect(fixture.lifecycle.reasonsOf(resource)).toEqual(['unbound']);
      expect(fixture.lifecycle.reasonsOf(pool)).toEqual(['unbound']);
      expect(resource.closed).toBe(true);
      expect(pool.calls).toEqual(['end']);
    });

    it('throws InvalidCacheConfigError when the class is defined if the method is sync', () => {
      expect(() => {
        @injectable()
        class SyncClients {
          @Cacheable({ wrapAsyncExitStack: true })
          client(): FakeResource {
            return fakeResource('sync');
          }
        }
        return SyncClients;
      }).toThrow(InvalidCacheConfigError);
    });
  });
});

describe(CacheManager.name, () => {
  describe('wrap()', () => {
    it('treats a function that only returns a promise as sync: wrapAsyncExitStack throws at wrap time', () => {
      const fixture = lifecycleFixture();
      const load = (): Promise<FakeResource> => Promise.resolve(fakeResource('pool'));
      expect(() => fixture.manager.wrap(load, { wrapAsyncExitStack: true })).toThrow(InvalidCacheConfigError);
    });
  });
});
