import 'reflect-metadata';
import { injectable } from 'inversify';
import {
  Cacheable,
  CacheEvict,
  CacheManager,
  CachePut,
  InvalidCacheConfigError,
  cacheOf,
  createCacheContainer,
  defaultCacheManager,
} from '../../src';
import { T0 } from '../support/fakeTime';
import {
  endLifecycleTest,
  fakeResource,
  flushPromises,
  startLifecycleTest,
  type FakeResource,
  type LifecycleFixture,
} from './lifecycle/fakeResources';

interface User {
  id: string;
  name: string;
  validUntil?: number;
}

@injectable()
class UserService {
  loads = 0;
  failNext = false;

  @Cacheable({ expiration: '$.validUntil' })
  async getUser(id: string): Promise<User> {
    this.loads++;
    return Promise.resolve({ id, name: 'loaded', validUntil: Date.now() + 60_000 });
  }

  @CachePut({ method: 'getUser', args: (user: User) => [user.id] })
  async saveUser(user: User): Promise<User> {
    await Promise.resolve();
    if (this.failNext) throw new Error('save failed');
    return { ...user };
  }

  @CachePut({ method: 'getUser' })
  async reload(id: string): Promise<User> {
    return Promise.resolve({ id, name: 'reloaded', validUntil: Date.now() + 60_000 });
  }
}

@injectable()
class SyncUserService {
  loads = 0;
  failNext = false;

  @Cacheable()
  getUser(id: string): User {
    this.loads++;
    return { id, name: 'loaded' };
  }

  @CachePut({ method: 'getUser', args: (user: User) => [user.id] })
  saveUser(user: User): User {
    if (this.failNext) throw new Error('save failed');
    return { ...user };
  }

  /** An async method storing into a sync method's cache: the fulfilled value is stored. */
  @CachePut({ method: 'getUser', args: (user: User) => [user.id] })
  async saveLater(user: User): Promise<User> {
    return Promise.resolve({ ...user });
  }
}

describe(CachePut.name, () => {
  let container: ReturnType<typeof createCacheContainer>;
  let manager: CacheManager;

  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
    container = createCacheContainer();
    container.bind(UserService).toSelf();
    container.bind(SyncUserService).toSelf();
    manager = container.get(CacheManager);
  });

  afterEach(async () => {
    jest.useRealTimers();
    await container.unbindAllAsync();
    await defaultCacheManager().clearAll();
  });

  it("stores an async method's fulfilled result as this instance's entry, before its promise settles", async () => {
    const a = container.get(UserService);
    const b = container.get(UserService);
    let peeked: unknown;
    const saved = await a.saveUser({ id: '1', name: 'Ann', validUntil: T0 + 60_000 }).then(async (user) => {
      peeked = await manager.cacheOf(a, 'getUser').peek('1');
      return user;
    });
    expect(peeked).toEqual(saved);
    expect(await a.getUser('1')).toEqual(saved);
    expect(a.loads).toBe(0);
    expect(manager.cacheOf(b, 'getUser').has('1')).toBe(false);
  });

  it("stores under the decorated method's own arguments when args is absent", async () => {
    const users = container.get(UserService);
    await users.reload('9');
    expect(await users.getUser('9')).toMatchObject({ name: 'reloaded' });
    expect(users.loads).toBe(0);
  });

  it("stores a sync method's result at once, and the method stays sync", () => {
    const users = container.get(SyncUserService);
    const saved = users.saveUser({ id: '1', name: 'Ann' });
    expect(saved).toEqual({ id: '1', name: 'Ann' });
    expect(users.getUser('1')).toBe(saved);
    expect(users.loads).toBe(0);
  });

  it("stores an async method's fulfilled value in a sync method's cache", async () => {
    const users = container.get(SyncUserService);
    const saved = await users.saveLater({ id: '2', name: 'Bob' });
    expect(users.getUser('2')).toEqual(saved);
    expect(users.loads).toBe(0);
  });

  it('replaces the entry a call stored', async () => {
    const users = container.get(UserService);
    await users.getUser('1');
    await users.saveUser({ id: '1', name: 'Ann', validUntil: T0 + 60_000 });
    expect(await users.getUser('1')).toMatchObject({ name: 'Ann' });
    expect(users.loads).toBe(1);
    expect(manager.cacheOf(users, 'getUser').cacheStats().evictions.replaced).toBe(1);
  });

  it('stores nothing when the method fails', async () => {
    const users = container.get(UserService);
    users.failNext = true;
    await expect(users.saveUser({ id: '1', name: 'Ann' })).rejects.toThrow('save failed');
    expect(manager.cacheOf(users, 'getUser').has('1')).toBe(false);
    const sync = container.get(SyncUserService);
    sync.failNext = true;
    expect(() => sync.saveUser({ id: '1', name: 'Ann' })).toThrow('save failed');
    expect(manager.cacheOf(sync, 'getUser').has('1')).toBe(false);
  });

  it('computes the expiration from the stored value ($.validUntil)', async () => {
    const users = container.get(UserService);
    await users.saveUser({ id: '1', name: 'Ann', validUntil: T0 + 1000 });
    expect(manager.cacheOf(users, 'getUser').has('1')).toBe(true);
    jest.advanceTimersByTime(999);
    expect(manager.cacheOf(users, 'getUser').has('1')).toBe(true);
    jest.advanceTimersByTime(1);
    expect(manager.cacheOf(users, 'getUser').has('1')).toBe(false);
    await users.getUser('1');
    expect(users.loads).toBe(1);
  });

  it('wins over a flight in progress for the key, which stores nothing', async () => {
    const users = container.get(UserService);
    const inFlight = users.getUser('1');
    await users.saveUser({ id: '1', name: 'Ann', validUntil: T0 + 60_000 });
    await expect(inFlight).resolves.toMatchObject({ name: 'loaded' });
    expect(await users.getUser('1')).toMatchObject({ name: 'Ann' });
  });

  it('stacks with @CacheEvict on the same method, in either order', async () => {
    @injectable()
    class Both {
      @Cacheable()
      async a(id: string): Promise<string> {
        return Promise.resolve(`a${id}`);
      }
      @Cacheable()
      async b(id: string): Promise<string> {
        return Promise.resolve(`b${id}`);
      }
      @CachePut({ method: 'a' })
      @CacheEvict({ method: 'b' })
      async first(id: string): Promise<string> {
        return Promise.resolve(`first${id}`);
      }
      @CacheEvict({ method: 'b' })
      @CachePut({ method: 'a' })
      async second(id: string): Promise<string> {
        return Promise.resolve(`second${id}`);
      }
    }
    container.bind(Both).toSelf();
    const both = container.get(Both);
    await both.b('1');
    await both.first('1');
    expect(await manager.cacheOf(both, 'a').peek('1')).toBe('first1');
    expect(manager.cacheOf(both, 'b').has('1')).toBe(false);
    await both.b('1');
    await both.second('1');
    expect(await manager.cacheOf(both, 'a').peek('1')).toBe('second1');
    expect(manager.cacheOf(both, 'b').has('1')).toBe(false);
  });

  describe('with resources (wrapAsyncExitStack)', () => {
    let fixture: LifecycleFixture;

    @injectable()
    class Clients {
      @Cacheable({ wrapAsyncExitStack: true })
      async client(name: string): Promise<FakeResource> {
        return Promise.resolve(fakeResource(`loaded ${name}`));
      }
      @CachePut({ method: 'client' })
      async connect(name: string): Promise<FakeResource> {
        return Promise.resolve(fakeResource(`put ${name}`));
      }
    }

    beforeEach(() => {
      jest.useRealTimers();
      fixture = startLifecycleTest();
      fixture.container.bind(Clients).toSelf();
    });

    afterEach(async () => {
      await endLifecycleTest(fixture);
    });

    it("adopts the stored value and disposes the one it replaced with reason 'replaced'", async () => {
      const clients = fixture.container.get(Clients);
      const loaded = await clients.client('db');
      const put = await clients.connect('db');
      await flushPromises();
      expect(fixture.lifecycle.reasonsOf(loaded)).toEqual(['replaced']);
      expect(loaded.closed).toBe(true);
      expect(await clients.client('db')).toBe(put);
      await fixture.manager.cacheOf(clients, 'client').invalidate('db');
      await flushPromises();
      expect(fixture.lifecycle.reasonsOf(put)).toEqual(['invalidated']);
    });
  });

  describe('when the class is defined', () => {
    const define = (options: unknown): void => {
      const decorate = CachePut(options as never) as unknown as MethodDecorator;
      class Target {
        @Cacheable()
        async getUser(id: string): Promise<string> {
          return Promise.resolve(id);
        }
        async plain(): Promise<string> {
          return Promise.resolve('x');
        }
      }
      decorate(Target.prototype, 'plain', Object.getOwnPropertyDescriptor(Target.prototype, 'plain')!);
    };

    it.each([
      ['a missing method', { args: () => [] }, 'method = undefined'],
      ['a method name that is no method of the class', { method: 'nope' }, 'method = "nope"'],
      ['args that is not a function', { method: 'getUser', args: 'id' }, 'args = "id"'],
      ['an unknown option', { method: 'getUser', tags: ['t'] }, "tags = [ 't' ]"],
    ])('rejects %s with InvalidCacheConfigError naming option and value', (_label, options, shown) => {
      expect(() => define(options)).toThrow(InvalidCacheConfigError);
      expect(() => define(options)).toThrow(shown);
      expect(() => define(options)).toThrow('Target.plain (@CachePut)');
    });
  });

  describe('at the first call', () => {
    it('throws when method is not @Cacheable, without running the method', async () => {
      class NotCached {
        runs = 0;
        load(id: string): string {
          return id;
        }
        @CachePut({ method: 'load' })
        async save(id: string): Promise<string> {
          this.runs++;
          return Promise.resolve(id);
        }
      }
      const target = new NotCached();
      await expect(target.save('1')).rejects.toThrow(InvalidCacheConfigError);
      expect(target.runs).toBe(0);
    });

    it("throws when a sync method would store into an async method's cache, without running it", () => {
      class Mixed {
        runs = 0;
        @Cacheable()
        async load(id: string): Promise<string> {
          return Promise.resolve(id);
        }
        @CachePut({ method: 'load' })
        save(id: string): string {
          this.runs++;
          return id;
        }
      }
      const mixed = new Mixed();
      expect(() => mixed.save('1')).toThrow(/Mixed\.save is sync and load is async \(make save async\)/);
      expect(mixed.runs).toBe(0);
      expect(cacheOf(mixed, 'load').has('1')).toBe(false);
    });
  });
});
