import 'reflect-metadata';
import { Container, inject, injectable, injectFromBase } from 'inversify';
import {
  Cacheable,
  CacheManager,
  InvalidCacheConfigError,
  InvalidExpirationError,
  attachCacheManager,
  cacheOf,
  clearAll,
  clearAllSync,
  createCacheContainer,
  defaultCacheManager,
  type CacheControls,
} from '../../src';

const controls = (method: unknown): CacheControls => method as CacheControls;

describe('Cacheable', () => {
  afterEach(async () => {
    await clearAll();
  });

  it('caches a method of a service resolved from a container, per instance', () => {
    @injectable()
    class UserService {
      calls = 0;
      @Cacheable({ maxsize: 10 })
      getUser(id: string): { id: string } {
        this.calls++;
        return { id };
      }
    }
    const container = createCacheContainer();
    container.bind(UserService).toSelf();
    const a = container.get(UserService);
    const b = container.get(UserService);
    expect(a.getUser('1')).toBe(a.getUser('1'));
    expect(b.getUser('1')).not.toBe(a.getUser('1'));
    expect(a.calls + b.calls).toBe(2);
    expect(container.get(CacheManager).cacheOf(a.getUser).cacheInfo()).toMatchObject({
      hits: 2,
      misses: 2,
      currentSize: 2,
      maxsize: 10,
    });
  });

  it('keeps a sync method sync and an async method async', async () => {
    class Service {
      @Cacheable
      sync(x: number): number {
        return x + 1;
      }
      @Cacheable()
      async later(x: number): Promise<number> {
        return x + 1;
      }
    }
    const service = new Service();
    expect(service.sync(1)).toBe(2);
    expect(service.later(1)).toBeInstanceOf(Promise);
    await expect(service.later(1)).resolves.toBe(2);
    expect(controls(service.sync).clearCache()).toBeUndefined();
    await expect(controls(service.later).clearCache()).resolves.toBeUndefined();
  });

  it('treats a method whose design:returntype is Promise as async for its controls', async () => {
    class Service {
      @Cacheable()
      load(x: number): Promise<number> {
        return Promise.resolve(x);
      }
    }
    const service = new Service();
    await service.load(1);
    expect(controls(service.load).clearCache()).toBeInstanceOf(Promise);
  });

  it('gives services from two containers independent caches', () => {
    @injectable()
    class Counter {
      static calls = 0;
      @Cacheable({ key: 'shared' })
      next(): number {
        return ++Counter.calls;
      }
    }
    const first = createCacheContainer();
    const second = createCacheContainer();
    first.bind(Counter).toSelf().inSingletonScope();
    second.bind(Counter).toSelf().inSingletonScope();
    const a = first.get(Counter);
    const b = second.get(Counter);
    expect(a.next()).toBe(1);
    expect(a.next()).toBe(1);
    expect(b.next()).toBe(2);
    expect(first.get(CacheManager).cacheOf(a.next).cacheInfo()).toMatchObject({ hits: 1, misses: 1 });
    expect(second.get(CacheManager).cacheOf(b.next).cacheInfo()).toMatchObject({ hits: 0, misses: 1 });
    expect(controls(a.next).cacheInfo()).toMatchObject({ hits: 1, misses: 2, currentSize: 2 });
  });

  it('shares entries between instances when an explicit key leaves `this` out', () => {
    class Rates {
      static calls = 0;
      @Cacheable({ key: '{currency}' })
      rate(currency: string): number {
        return ++Rates.calls;
      }
    }
    expect(new Rates().rate('EUR')).toBe(1);
    expect(new Rates().rate('EUR')).toBe(1);
  });

  it('reads the instance in a template with {this.prop}', () => {
    class Tenant {
      calls = 0;
      constructor(readonly id: string) {}
      @Cacheable({ key: '{this.id}:{name}' })
      lookup(name: string): string {
        this.calls++;
        return `${this.id}/${name}`;
      }
    }
    const one = new Tenant('t1');
    const same = new Tenant('t1');
    expect(one.lookup('x')).toBe('t1/x');
    expect(same.lookup('x')).toBe('t1/x');
    expect(same.calls).toBe(0);
  });

  it('uses the default manager for instances made with new', () => {
    class Plain {
      @Cacheable()
      value(x: number): number {
        return x;
      }
    }
    const plain = new Plain();
    plain.value(1);
    plain.value(1);
    expect(cacheOf(plain.value).cacheInfo()).toMatchObject({ hits: 1, misses: 1 });
    expect(defaultCacheManager().cacheOf(plain.value)).toBe(cacheOf(plain.value));
  });

  it('still resolves a service from a container without CacheModule, using the default manager', () => {
    @injectable()
    class Lonely {
      @Cacheable()
      value(x: number): number {
        return x * 2;
      }
    }
    const container = new Container();
    container.bind(Lonely).toSelf();
    const lonely = container.get(Lonely);
    expect(lonely.value(2)).toBe(4);
    expect(cacheOf(lonely.value).cacheInfo().misses).toBe(1);
  });

  it('switches an instance to the manager given to attachCacheManager', () => {
    class Service {
      @Cacheable()
      value(x: number): number {
        return x;
      }
    }
    const service = new Service();
    service.value(1);
    const manager = createCacheContainer().get(CacheManager);
    attachCacheManager(service, manager);
    service.value(1);
    service.value(1);
    expect(manager.cacheOf(service.value).cacheInfo()).toMatchObject({ hits: 1, misses: 1 });
    expect(() => attachCacheManager(service, {} as CacheManager)).toThrow(InvalidCacheConfigError);
  });

  it('injects the manager into subclasses marked @injectFromBase()', () => {
    @injectable()
    class Base {
      @Cacheable()
      value(x: number): number {
        return x;
      }
    }
    @injectable()
    @injectFromBase()
    class Derived extends Base {}
    const container = createCacheContainer();
    container.bind(Derived).toSelf();
    const derived = container.get(Derived);
    derived.value(3);
    expect(container.get(CacheManager).cacheOf(derived.value).cacheInfo().misses).toBe(1);
  });

  it('coexists with constructor injection and keeps design metadata', () => {
    @injectable()
    class Config {
      readonly region = 'eu';
    }
    @injectable()
    class Service {
      constructor(@inject(Config) readonly config: Config) {}
      @Cacheable()
      two(a: string, b: number): string {
        return `${this.config.region}:${a}:${b}`;
      }
      @Cacheable()
      one(a: string): string {
        return a;
      }
    }
    expect(Reflect.getMetadata('design:paramtypes', Service.prototype, 'two')).toEqual([String, Number]);
    expect(Reflect.getMetadata('design:returntype', Service.prototype, 'two')).toBe(String);
    const container = createCacheContainer();
    container.bind(Config).toSelf();
    container.bind(Service).toSelf();
    expect(container.get(Service).two('a', 1)).toBe('eu:a:1');
  });

  it('throws at class definition, naming class, method, option and value', () => {
    const define = () => {
      class Broken {
        @Cacheable({ maxsize: -5 })
        value(): number {
          return 1;
        }
      }
      return Broken;
    };
    expect(define).toThrow(InvalidCacheConfigError);
    expect(define).toThrow(/Broken\.value.*maxsize.*-5/);
  });

  it('throws InvalidExpirationError at class definition for an unparsable expiration', () => {
    expect(() => {
      class Broken {
        @Cacheable({ expiration: '10 minuts' })
        value(): number {
          return 1;
        }
      }
      return Broken;
    }).toThrow(InvalidExpirationError);
  });

  it('rejects an async-only option on a sync method at class definition', () => {
    expect(() => {
      class Broken {
        @Cacheable({ wrapAsyncExitStack: true })
        value(): number {
          return 1;
        }
      }
      return Broken;
    }).toThrow(/Broken\.value.*wrapAsyncExitStack/);
  });

  it('throws at class definition for a template naming no parameter', () => {
    expect(() => {
      class Broken {
        @Cacheable({ key: '{nope}' })
        value(id: string): string {
          return id;
        }
      }
      return Broken;
    }).toThrow(/Broken\.value/);
  });

  it('carries controls on the method that act on every manager that served it', () => {
    class Service {
      @Cacheable()
      value(x: number): number {
        return x;
      }
    }
    const service = new Service();
    const other = new Service();
    const manager = createCacheContainer().get(CacheManager);
    attachCacheManager(other, manager);
    service.value(1);
    other.value(1);
    expect(controls(service.value).cacheInfo()).toMatchObject({ misses: 2, currentSize: 2 });
    controls(service.value).clearCache();
    expect(controls(service.value).cacheInfo()).toMatchObject({ misses: 0, currentSize: 0 });
    expect(controls(service.value).wrapped).toBeInstanceOf(Function);
    expect(controls(service.value).cacheParameters().maxsize).toBeNull();
  });

  it('works on frozen instances', () => {
    class Service {
      calls = 0;
      @Cacheable()
      value(x: number): number {
        return x;
      }
    }
    const service = Object.freeze(new Service());
    service.value(1);
    service.value(1);
    expect(cacheOf(service.value).cacheInfo()).toMatchObject({ hits: 1, misses: 1 });
  });

  it('closes its manager when the container is unbound with unbindAllAsync()', async () => {
    @injectable()
    class Service {
      @Cacheable()
      async value(x: number): Promise<number> {
        return x;
      }
    }
    const container = createCacheContainer();
    container.bind(Service).toSelf().inSingletonScope();
    const service = container.get(Service);
    const manager = container.get(CacheManager);
    await service.value(1);
    expect(manager.cacheOf(service.value).cacheInfo().currentSize).toBe(1);
    await container.unbindAllAsync();
    expect(manager.cacheOf(service.value).cacheInfo().currentSize).toBe(0);
  });

  it('clearAllSync() on the default manager clears sync methods only', async () => {
    class Service {
      @Cacheable()
      sync(x: number): number {
        return x;
      }
      @Cacheable()
      async later(x: number): Promise<number> {
        return x;
      }
    }
    const service = new Service();
    service.sync(1);
    await service.later(1);
    clearAllSync();
    expect(cacheOf(service.sync).cacheInfo().currentSize).toBe(0);
    expect(cacheOf(service.later).cacheInfo().currentSize).toBe(1);
  });
});
