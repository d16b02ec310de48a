import 'reflect-metadata';
import { inject, injectable } from 'inversify';
import {
  Cacheable,
  CacheEvict,
  CacheManager,
  CachePut,
  InvalidCacheConfigError,
  attachCacheManager,
  cacheOf,
  createCacheContainer,
  defaultCacheManager,
} from '../../src';

interface User {
  id: string;
  name: string;
}

/** A deferred promise: settle it from the test. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** The async service of the contract's example, with counters. */
@injectable()
class UserService {
  loads = 0;
  readonly db = new Map<string, User>();
  failNext = false;

  @Cacheable({ tags: ['user:{id}'] })
  async getUser(id: string): Promise<User> {
    this.loads++;
    await Promise.resolve();
    return { ...(this.db.get(id) ?? { id, name: 'unknown' }) };
  }

  @CacheEvict({ method: 'getUser', args: (user: User) => [user.id] })
  async updateUser(user: User): Promise<void> {
    await Promise.resolve();
    if (this.failNext) throw new Error('update failed');
    this.db.set(user.id, user);
  }

  @CacheEvict({ method: 'getUser' })
  async forget(id: string): Promise<string> {
    await Promise.resolve();
    if (this.failNext) throw new Error('forget failed');
    return `forgot ${id}`;
  }

  @CacheEvict({ tags: ['user:{user.id}'] })
  async renameUser(user: User): Promise<void> {
    await Promise.resolve();
    this.db.set(user.id, user);
  }

  @CacheEvict({ method: 'getUser', allEntries: true })
  async reloadAll(): Promise<void> {
    await Promise.resolve();
    if (this.failNext) throw new Error('reload failed');
  }

  @CacheEvict({ method: 'getUser', args: (user: User) => [user.id], beforeInvocation: true })
  async replaceUser(user: User): Promise<boolean> {
    // `this` is polymorphic inside the class: name the class for a typed cacheOf.
    const stillCached = cacheOf(this as UserService, 'getUser').has(user.id);
    await Promise.resolve();
    if (this.failNext) throw new Error('replace failed');
    this.db.set(user.id, user);
    return stillCached;
  }
}

/** The same shapes, synchronous. */
@injectable()
class SyncUserService {
  loads = 0;
  readonly db = new Map<string, User>();
  failNext = false;

  @Cacheable({ tags: (id: string) => [`user:${id}`] })
  getUser(id: string): User {
    this.loads++;
    return { ...(this.db.get(id) ?? { id, name: 'unknown' }) };
  }

  @CacheEvict({ method: 'getUser', args: (user: User) => [user.id] })
  updateUser(user: User): string {
    if (this.failNext) throw new Error('update failed');
    this.db.set(user.id, user);
    return 'updated';
  }

  @CacheEvict({ tags: (user: User) => [`user:${user.id}`] })
  renameUser(user: User): void {
    this.db.set(user.id, user);
  }

  @CacheEvict({ method: 'getUser', allEntries: true })
  reloadAll(): void {
    if (this.failNext) throw new Error('reload failed');
  }

  @CacheEvict({ method: 'getUser', args: (user: User) => [user.id], beforeInvocation: true })
  replaceUser(user: User): boolean {
    const stillCached = cacheOf(this as SyncUserService, 'getUser').has(user.id);
    if (this.failNext) throw new Error('replace failed');
    this.db.set(user.id, user);
    return stillCached;
  }

  /** Not an `async` function, but it returns a promise: the eviction waits for it. */
  @CacheEvict({ method: 'getUser', args: (user: User) => [user.id] })
  updateLater(user: User, done: Promise<void>): Promise<void> {
    return done.then(() => {
      this.db.set(user.id, user);
    });
  }
}

describe(CacheEvict.name, () => {
  let container: ReturnType<typeof createCacheContainer>;
  let manager: CacheManager;

  beforeEach(() => {
    container = createCacheContainer();
    container.bind(UserService).toSelf();
    container.bind(SyncUserService).toSelf();
    manager = container.get(CacheManager);
  });

  afterEach(async () => {
    await container.unbindAllAsync();
    await defaultCacheManager().clearAll();
  });

  describe('with method and args', () => {
    it("evicts the entry of this instance only, after an async method's promise fulfils", async () => {
      const a = container.get(UserService);
      const b = container.get(UserService);
      await a.getUser('1');
      await b.getUser('1');
      await a.updateUser({ id: '1', name: 'Ann' });
      expect(manager.cacheOf(a, 'getUser').has('1')).toBe(false);
      expect(manager.cacheOf(b, 'getUser').has('1')).toBe(true);
      expect(await a.getUser('1')).toEqual({ id: '1', name: 'Ann' });
      expect(a.loads).toBe(2);
      expect(manager.cacheOf(a, 'getUser').cacheStats().evictions.invalidated).toBe(1);
    });

    it('evicts the entry of this instance only when a sync method returns, and stays sync', () => {
      const a = container.get(SyncUserService);
      const b = container.get(SyncUserService);
      a.getUser('1');
      b.getUser('1');
      expect(a.updateUser({ id: '1', name: 'Ann' })).toBe('updated');
      expect(cacheOf(a, 'getUser').has('1')).toBe(false);
      expect(manager.cacheOf(b, 'getUser').has('1')).toBe(true);
      expect(a.getUser('1')).toEqual({ id: '1', name: 'Ann' });
      expect(a.loads).toBe(2);
    });

    it("evicts the entry for the decorated method's own arguments when args is absent", async () => {
      const users = container.get(UserService);
      await users.getUser('7');
      await users.getUser('8');
      await expect(users.forget('7')).resolves.toBe('forgot 7');
      expect(manager.cacheOf(users, 'getUser').has('7')).toBe(false);
      expect(manager.cacheOf(users, 'getUser').has('8')).toBe(true);
    });

    it('evicts nothing when an async method rejects, and passes its rejection on', async () => {
      const users = container.get(UserService);
      await users.getUser('1');
      users.failNext = true;
      await expect(users.updateUser({ id: '1', name: 'Ann' })).rejects.toThrow('update failed');
      await expect(users.forget('1')).rejects.toThrow('forget failed');
      expect(manager.cacheOf(users, 'getUser').has('1')).toBe(true);
    });

    it('evicts nothing when a sync method throws', () => {
      const users = container.get(SyncUserService);
      users.getUser('1');
      users.failNext = true;
      expect(() => users.updateUser({ id: '1', name: 'Ann' })).toThrow('update failed');
      expect(manager.cacheOf(users, 'getUser').has('1')).toBe(true);
    });

    it('waits for the promise of a sync method that returns one, and evicts once it fulfils', async () => {
      const users = container.get(SyncUserService);
      users.getUser('1');
      const done = deferred<void>();
      const result = users.updateLater({ id: '1', name: 'Ann' }, done.promise);
      expect(result).toBeInstanceOf(Promise);
      await Promise.resolve();
      expect(manager.cacheOf(users, 'getUser').has('1')).toBe(true);
      done.resolve();
      await result;
      expect(manager.cacheOf(users, 'getUser').has('1')).toBe(false);
    });

    it('settles the returned promise only after the eviction', async () => {
      const users = container.get(UserService);
      await users.getUser('1');
      let cachedWhenSettled: boolean | undefined;
      await users.updateUser({ id: '1', name: 'Ann' }).then(() => {
        cachedWhenSettled = manager.cacheOf(users, 'getUser').has('1');
      });
      expect(cachedWhenSettled).toBe(false);
    });

    it('makes a flight in progress for the key store nothing (its callers still get its result)', async () => {
      const users = container.get(UserService);
      const inFlight = users.getUser('1');
      await users.updateUser({ id: '1', name: 'Ann' });
      await expect(inFlight).resolves.toEqual({ id: '1', name: 'unknown' });
      expect(manager.cacheOf(users, 'getUser').has('1')).toBe(false);
      expect(await users.getUser('1')).toEqual({ id: '1', name: 'Ann' });
    });

    it('calls args with the instance as this', async () => {
      @injectable()
      class Scoped {
        readonly prefix = 'tenant-';
        @Cacheable()
        async load(id: string): Promise<string> {
          return Promise.resolve(`loaded ${id}`);
        }
        @CacheEvict({
          method: 'load',
          args: function (this: Scoped, id: string) {
            return [this.prefix + id];
          },
        })
        async touch(id: string): Promise<void> {
          void id;
          return Promise.resolve();
        }
      }
      const scoped = new Scoped();
      await scoped.load('tenant-1');
      await scoped.touch('1');
      expect(cacheOf(scoped, 'load').has('tenant-1')).toBe(false);
    });

    it('evicts the entry of a method with a key option, which instances share', async () => {
      @injectable()
      class Shared {
        loads = 0;
        @Cacheable({ key: 'user:{id}' })
        async getUser(id: string): Promise<string> {
          this.loads++;
          return Promise.resolve(id);
        }
        @CacheEvict({ method: 'getUser' })
        async drop(id: string): Promise<void> {
          void id;
          return Promise.resolve();
        }
      }
      container.bind(Shared).toSelf();
      const a = container.get(Shared);
      const b = container.get(Shared);
      await a.getUser('1');
      await b.drop('1');
      expect(manager.cacheOf(a, 'getUser').has('1')).toBe(false);
    });
  });

  describe('on static methods', () => {
    it('evicts the entry of a static @Cacheable method of the class', async () => {
      class Registry {
        static loads = 0;
        @Cacheable()
        static async lookup(id: string): Promise<string> {
          Registry.loads++;
          return Promise.resolve(`entry ${id}`);
        }
        @CacheEvict({ method: 'lookup' })
        static async forget(id: string): Promise<void> {
          void id;
          return Promise.resolve();
        }
      }
      await Registry.lookup('1');
      await Registry.lookup('1');
      await Registry.forget('1');
      await Registry.lookup('1');
      expect(Registry.loads).toBe(2);
    });
  });

  describe('with allEntries', () => {
    it("empties the method's cache in the instance's manager, every instance, and no other manager's", async () => {
      const a = container.get(UserService);
      const b = container.get(UserService);
      const elsewhere = createCacheContainer();
      elsewhere.bind(UserService).toSelf();
      const other = elsewhere.get(UserService);
      await Promise.all([a.getUser('1'), a.getUser('2'), b.getUser('1'), other.getUser('1')]);
      await a.reloadAll();
      expect(manager.cacheOf(a.getUser).cacheInfo().currentSize).toBe(0);
      expect(manager.cacheOf(a.getUser).cacheStats().evictions.invalidated).toBe(3);
      expect(elsewhere.get(CacheManager).cacheOf(other, 'getUser').has('1')).toBe(true);
      await elsewhere.unbindAllAsync();
    });

    it('empties nothing when the method fails', async () => {
      const users = container.get(UserService);
      await users.getUser('1');
      users.failNext = true;
      await expect(users.reloadAll()).rejects.toThrow('reload failed');
      expect(manager.cacheOf(users.getUser).cacheInfo().currentSize).toBe(1);
    });

    it('empties the cache of a sync method when a sync method returns', () => {
      const users = container.get(SyncUserService);
      users.getUser('1');
      users.getUser('2');
      expect(users.reloadAll()).toBeUndefined();
      expect(manager.cacheOf(users.getUser).cacheInfo().currentSize).toBe(0);
    });
  });

  describe('with tags', () => {
    it("invalidates the tags rendered from the decorated method's parameters in every cache and instance of the manager", async () => {
      @injectable()
      class Profiles {
        @Cacheable({ tags: (id: string) => [`user:${id}`] })
        async getProfile(id: string): Promise<string> {
          return Promise.resolve(`profile ${id}`);
        }
      }
      container.bind(Profiles).toSelf();
      const a = container.get(UserService);
      const b = container.get(UserService);
      const profiles = container.get(Profiles);
      await Promise.all([a.getUser('1'), b.getUser('1'), a.getUser('2'), profiles.getProfile('1')]);
      await a.renameUser({ id: '1', name: 'Ann' });
      expect(manager.cacheOf(a, 'getUser').has('1')).toBe(false);
      expect(manager.cacheOf(b, 'getUser').has('1')).toBe(false);
      expect(manager.cacheOf(profiles, 'getProfile').has('1')).toBe(false);
      expect(manager.cacheOf(a, 'getUser').has('2')).toBe(true);
    });

    it('invalidates tags from a tags function in a sync method, which stays sync', () => {
      const users = container.get(SyncUserService);
      users.getUser('1');
      expect(users.renameUser({ id: '1', name: 'Ann' })).toBeUndefined();
      expect(manager.cacheOf(users, 'getUser').has('1')).toBe(false);
    });

    it("acts on the instance's own manager only", async () => {
      const users = container.get(UserService);
      const loose = new UserService();
      await users.getUser('1');
      await loose.getUser('1');
      await loose.renameUser({ id: '1', name: 'Ann' });
      expect(defaultCacheManager().cacheOf(loose, 'getUser').has('1')).toBe(false);
      expect(manager.cacheOf(users, 'getUser').has('1')).toBe(true);
    });

    it('works on a class with no cached method of its own, through its injected manager', async () => {
      @injectable()
      class Renamer {
        @CacheEvict({ tags: ['user:{id}'] })
        async rename(id: string): Promise<void> {
          void id;
          return Promise.resolve();
        }
      }
      container.bind(Renamer).toSelf();
      const users = container.get(UserService);
      await users.getUser('1');
      await container.get(Renamer).rename('1');
      expect(manager.cacheOf(users, 'getUser').has('1')).toBe(false);
    });

    it('evicts the entry and the tags when both are given', async () => {
      @injectable()
      class Both {
        @Cacheable()
        async a(id: string): Promise<string> {
          return Promise.resolve(`a${id}`);
        }
        @Cacheable({ tags: ['b:{id}'] })
        async b(id: string): Promise<string> {
          return Promise.resolve(`b${id}`);
        }
        @CacheEvict({ method: 'a', tags: ['b:{id}'] })
        async both(id: string): Promise<void> {
          void id;
          return Promise.resolve();
        }
      }
      container.bind(Both).toSelf();
      const both = container.get(Both);
      await both.a('1');
      await both.b('1');
      await both.both('1');
      expect(manager.cacheOf(both, 'a').has('1')).toBe(false);
      expect(manager.cacheOf(both, 'b').has('1')).toBe(false);
    });
  });

  describe('with beforeInvocation', () => {
    it('evicts before an async method runs, and even when it then fails', async () => {
      const users = container.get(UserService);
      await users.getUser('1');
      await expect(users.replaceUser({ id: '1', name: 'Ann' })).resolves.toBe(false);
      await users.getUser('1');
      users.failNext = true;
      await expect(users.replaceUser({ id: '1', name: 'Bob' })).rejects.toThrow('replace failed');
      expect(manager.cacheOf(users, 'getUser').has('1')).toBe(false);
    });

    it('evicts before a sync method runs, and even when it then throws', () => {
      const users = container.get(SyncUserService);
      users.getUser('1');
      expect(users.replaceUser({ id: '1', name: 'Ann' })).toBe(false);
      users.getUser('1');
      users.failNext = true;
      expect(() => users.replaceUser({ id: '1', name: 'Bob' })).toThrow('replace failed');
      expect(manager.cacheOf(users, 'getUser').has('1')).toBe(false);
    });
  });

  describe("the instance's manager", () => {
    it('is the default manager for an instance made with new, or the one attachCacheManager gave', async () => {
      const loose = new UserService();
      await loose.getUser('1');
      await loose.updateUser({ id: '1', name: 'Ann' });
      expect(defaultCacheManager().cacheOf(loose, 'getUser').has('1')).toBe(false);
      const attached = new UserService();
      attachCacheManager(attached, manager);
      await attached.getUser('1');
      await attached.updateUser({ id: '1', name: 'Ann' });
      expect(manager.cacheOf(attached, 'getUser').has('1')).toBe(false);
    });
  });

  describe('stacking', () => {
    const role = (value: string): MethodDecorator => Reflect.metadata('role', value);
    /** A decorator that marks the function it finds (metadata on the function object). */
    const marked: MethodDecorator = (_target, _key, descriptor) => {
      Reflect.defineMetadata('marked', true, descriptor.value as object);
    };

    it('keeps design types and other decorators’ metadata, in either order', () => {
      @injectable()
      class Stacked {
        @Cacheable()
        async getUser(id: string): Promise<User> {
          return Promise.resolve({ id, name: id });
        }
        @role('admin')
        @CacheEvict({ method: 'getUser', args: (user: User) => [user.id] })
        @marked
        async updateUser(user: User): Promise<void> {
          void user;
          return Promise.resolve();
        }
        @marked
        @CachePut({ method: 'getUser', args: (user: User) => [user.id] })
        @role('writer')
        async saveUser(user: User): Promise<User> {
          return Promise.resolve(user);
        }
      }
      const proto = Stacked.prototype;
      expect(Reflect.getMetadata('role', proto, 'updateUser')).toBe('admin');
      expect(Reflect.getMetadata('role', proto, 'saveUser')).toBe('writer');
      expect(Reflect.getMetadata('design:paramtypes', proto, 'updateUser')).toEqual([Object]);
      expect(Reflect.getMetadata('design:returntype', proto, 'saveUser')).toBe(Promise);
      expect(Reflect.getMetadata('marked', proto.updateUser)).toBe(true);
      expect(Reflect.getMetadata('marked', proto.saveUser)).toBe(true);
      expect(proto.updateUser.name).toBe('updateUser');
      expect(proto.updateUser.length).toBe(1);
    });

    it('works above @Cacheable on the same method, whose controls stay reachable', async () => {
      @injectable()
      class Counter {
        runs = 0;
        @Cacheable()
        async total(id: string): Promise<number> {
          return Promise.resolve(id.length);
        }
        @CacheEvict({ method: 'total' })
        @Cacheable()
        async touch(id: string): Promise<number> {
          this.runs++;
          return Promise.resolve(this.runs);
        }
      }
      container.bind(Counter).toSelf();
      const counter = container.get(Counter);
      await counter.total('ab');
      expect(await counter.touch('ab')).toBe(1);
      expect(await counter.touch('ab')).toBe(1);
      expect(counter.runs).toBe(1);
      expect(manager.cacheOf(counter, 'total').has('ab')).toBe(false);
      expect(manager.cacheOf(counter, 'touch').has('ab')).toBe(true);
      expect(manager.cacheOf(counter.touch).cacheInfo()).toMatchObject({ hits: 1, misses: 1 });
    });

    it('works below @Cacheable on the same method: a miss evicts, a hit does not run it', async () => {
      @injectable()
      class Counter {
        runs = 0;
        @Cacheable({ key: 'total:{id}' })
        async total(id: string): Promise<number> {
          return Promise.resolve(id.length);
        }
        @Cacheable({ key: 'touch:{id}', tags: ['touch:{id}'] })
        @CacheEvict({ method: 'total' })
        async touch(id: string): Promise<number> {
          this.runs++;
          return Promise.resolve(this.runs);
        }
      }
      container.bind(Counter).toSelf();
      const counter = container.get(Counter);
      await counter.total('ab');
      expect(await counter.touch('ab')).toBe(1);
      expect(manager.cacheOf(counter, 'total').has('ab')).toBe(false);
      await counter.total('ab');
      expect(await counter.touch('ab')).toBe(1);
      expect(manager.cacheOf(counter, 'total').has('ab')).toBe(true);
      expect(await manager.invalidateTags(['touch:ab'])).toBe(1);
    });

    it('keeps a sync method sync under @Cacheable (no design metadata needed)', () => {
      class Plain {
        @Cacheable()
        value(id: string): string {
          return id;
        }
        @Cacheable()
        @CacheEvict({ method: 'value' })
        other(id: string): string {
          return id.toUpperCase();
        }
      }
      const plain = new Plain();
      plain.value('a');
      expect(plain.other('a')).toBe('A');
      expect(cacheOf(plain, 'value').has('a')).toBe(false);
      expect(cacheOf(plain.other).clearCache()).toBeUndefined();
    });

    it('stacks two @CacheEvict on one method', async () => {
      @injectable()
      class Twice {
        @Cacheable()
        async a(id: string): Promise<string> {
          return Promise.resolve(id);
        }
        @Cacheable()
        async b(id: string): Promise<string> {
          return Promise.resolve(id);
        }
        @CacheEvict({ method: 'a' })
        @CacheEvict({ method: 'b' })
        async both(id: string): Promise<void> {
          void id;
          return Promise.resolve();
        }
      }
      container.bind(Twice).toSelf();
      const twice = container.get(Twice);
      await twice.a('1');
      await twice.b('1');
      await twice.both('1');
      expect(manager.cacheOf(twice, 'a').has('1')).toBe(false);
      expect(manager.cacheOf(twice, 'b').has('1')).toBe(false);
    });

    it('keeps a constructor injection of the service working', () => {
      @injectable()
      class Repo {
        readonly name = 'repo';
      }
      @injectable()
      class WithRepo {
        constructor(@inject(Repo) readonly repo: Repo) {}
        @Cacheable()
        async load(id: string): Promise<string> {
          return Promise.resolve(`${this.repo.name}:${id}`);
        }
        @CacheEvict({ method: 'load' })
        async touch(id: string): Promise<void> {
          void id;
          return Promise.resolve();
        }
      }
      container.bind(Repo).toSelf();
      container.bind(WithRepo).toSelf();
      expect(container.get(WithRepo).repo.name).toBe('repo');
    });
  });

  describe('when the class is defined', () => {
    const define = (options: unknown, method: 'async' | 'getter' = 'async'): unknown => {
      const decorate = CacheEvict(options as never) as unknown as MethodDecorator;
      class Target {
        @Cacheable()
        async getUser(id: string): Promise<string> {
          return Promise.resolve(id);
        }
        plain(): number {
          return 1;
        }
        count = 1;
        get value(): number {
          return 1;
        }
      }
      const name = method === 'getter' ? 'value' : 'plain';
      const descriptor = Object.getOwnPropertyDescriptor(Target.prototype, name)!;
      decorate(Target.prototype, name, descriptor);
      return Target;
    };
    const problem = (options: unknown): unknown => {
      try {
        define(options);
      } catch (error) {
        return error;
      }
      return undefined;
    };

    it.each([
      ['a method name that is no method of the class', { method: 'nope' }, 'method = "nope"', 'a method of Target'],
      ['a method name that is a field', { method: 'count' }, 'method = "count"', 'a method of Target'],
      ['a method name that is a getter', { method: 'value' }, 'method = "value"', 'a method of Target'],
      ['a method that is not a string', { method: 42 }, 'method = 42', 'the name of a method'],
      ['neither method nor tags', {}, 'method = undefined', 'or tags (one is required)'],
      ['args that is not a function', { method: 'getUser', args: ['1'] }, "args = [ '1' ]", 'a function'],
      ['args without method', { tags: ['t'], args: () => [] }, 'args = [function args]', 'unless method'],
      ['allEntries without method', { tags: ['t'], allEntries: true }, 'allEntries = true', 'unless method'],
      ['args with allEntries', { method: 'getUser', allEntries: true, args: () => [] }, 'args =', 'allEntries: true'],
      ['allEntries that is not a boolean', { method: 'getUser', allEntries: 'yes' }, 'allEntries = "yes"', 'a boolean'],
      [
        'beforeInvocation that is not a boolean',
        { method: 'getUser', beforeInvocation: 1 },
        'beforeInvocation = 1',
        'a boolean',
      ],
      ['a tag that is not a string', { tags: ['ok', 7] }, 'tags = 7', 'a string tag'],
      ['a tag template naming no parameter', { tags: ['user:{nope}'] }, 'tags = "user:{nope}"', 'nope'],
      ['tags that are neither an array nor a function', { tags: 'user' }, 'tags = "user"', 'an array of tags'],
      ['an unknown option', { method: 'getUser', key: 'x' }, 'key = "x"', 'a known option'],
    ])('rejects %s with InvalidCacheConfigError naming option and value', (_label, options, shown, expected) => {
      const error = problem(options);
      expect(error).toBeInstanceOf(InvalidCacheConfigError);
      const message = (error as Error).message;
      expect(message).toContain('Target.plain (@CacheEvict)');
      expect(message).toContain(shown);
      expect(message).toContain(expected);
    });

    it('rejects options that are not an object', () => {
      expect(() => define(null)).toThrow(InvalidCacheConfigError);
      expect(() => define('getUser')).toThrow(/options = "getUser"/);
    });

    it('rejects a getter as the decorated member', () => {
      expect(() => define({ tags: ['t'] }, 'getter')).toThrow(/@CacheEvict = undefined.*a method/);
    });

    it('lists every bad option at once', () => {
      const error = problem({ method: 'nope', args: 1, beforeInvocation: 'no' }) as InvalidCacheConfigError;
      expect(error.problems.map((p) => p.option)).toEqual(['method', 'args', 'beforeInvocation']);
    });

    it("evicts a private method's entry (named with `as never`, unchecked by the compiler)", async () => {
      class Secretive {
        @Cacheable()
        private async loadSecret(id: string): Promise<string> {
          return Promise.resolve(id);
        }
        async read(id: string): Promise<string> {
          return this.loadSecret(id);
        }
        @CacheEvict({ method: 'loadSecret' as never })
        async forget(id: string): Promise<void> {
          void id;
          return Promise.resolve();
        }
      }
      const secretive = new Secretive();
      await secretive.read('1');
      const controls = cacheOf(secretive, 'loadSecret' as never) as { has(id: string): boolean };
      expect(controls.has('1')).toBe(true);
      await secretive.forget('1');
      expect(controls.has('1')).toBe(false);
    });

    it('accepts a method inherited from a base class', () => {
      class Base {
        @Cacheable()
        async load(id: string): Promise<string> {
          return Promise.resolve(id);
        }
      }
      class Derived extends Base {
        @CacheEvict({ method: 'load' })
        async touch(id: string): Promise<void> {
          void id;
          return Promise.resolve();
        }
      }
      expect(new Derived()).toBeInstanceOf(Base);
    });
  });

  describe('at the first call', () => {
    @injectable()
    class NotCached {
      runs = 0;
      load(id: string): string {
        return id;
      }
      @CacheEvict({ method: 'load' })
      async touch(id: string): Promise<void> {
        this.runs++;
        void id;
        return Promise.resolve();
      }
      @CacheEvict({ method: 'load' })
      touchSync(id: string): void {
        this.runs++;
        void id;
      }
      @CacheEvict({ tags: (id: string) => (id === 'bad' ? ('user' as unknown as string[]) : [id]) })
      async retag(id: string): Promise<void> {
        void id;
        return Promise.resolve();
      }
    }

    it('rejects an async call when method is not @Cacheable, without running the method', async () => {
      const target = new NotCached();
      await expect(target.touch('1')).rejects.toThrow(InvalidCacheConfigError);
      await expect(target.touch('1')).rejects.toThrow(
        /method = "load".*@Cacheable method.*load of NotCached is not cached/,
      );
      expect(target.runs).toBe(0);
    });

    it('throws from a sync call when method is not @Cacheable, without running the method', () => {
      const target = new NotCached();
      expect(() => target.touchSync('1')).toThrow(InvalidCacheConfigError);
      expect(target.runs).toBe(0);
    });

    it('rejects when a tags function returns something other than an array of strings', async () => {
      await expect(new NotCached().retag('bad')).rejects.toThrow(/tags = "user".*array of strings/);
      await expect(new NotCached().retag('good')).resolves.toBeUndefined();
    });

    it('rejects when args returns something other than an array', async () => {
      class BadArgs {
        @Cacheable()
        async load(id: string): Promise<string> {
          return Promise.resolve(id);
        }
        @CacheEvict({ method: 'load', args: ((id: string) => id) as unknown as (id: string) => [string] })
        async touch(id: string): Promise<void> {
          void id;
          return Promise.resolve();
        }
      }
      await expect(new BadArgs().touch('1')).rejects.toThrow(/args = "1".*array of the target method's arguments/);
    });
  });
});
