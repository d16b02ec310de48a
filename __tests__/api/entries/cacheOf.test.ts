/**
 * `cacheOf(instance, 'method')` (manager and module level) and the no-instance rule for per-entry
 * members of `cacheOf(instance.method)` and of the method's own run-time controls.
 */
import 'reflect-metadata';
import { injectable } from 'inversify';
import {
  Cacheable,
  CacheManager,
  InvalidCacheConfigError,
  cacheOf,
  createCacheContainer,
  defaultCacheManager,
  type CacheControls,
} from '../../../src';

@injectable()
class UserService {
  loads = 0;

  @Cacheable({ expiration: 3600 })
  async getUser(id: string): Promise<string> {
    this.loads++;
    return Promise.resolve(`user ${id} #${this.loads}`);
  }

  @Cacheable()
  slug(title: string): string {
    this.loads++;
    return `${title.toLowerCase()} #${this.loads}`;
  }

  @Cacheable({ key: 'user:{id}' })
  async shared(id: string): Promise<string> {
    this.loads++;
    return Promise.resolve(`shared ${id} #${this.loads}`);
  }

  @Cacheable({ key: 'slug:{title}' })
  sharedSlug(title: string): string {
    this.loads++;
    return `shared ${title} #${this.loads}`;
  }

  plain(id: string): string {
    return id;
  }
}

describe('cacheOf(instance, method)', () => {
  let container: ReturnType<typeof createCacheContainer>;
  let manager: CacheManager;
  let a: UserService;
  let b: UserService;

  beforeEach(() => {
    container = createCacheContainer();
    container.bind(UserService).toSelf();
    manager = container.get(CacheManager);
    a = container.get(UserService);
    b = container.get(UserService);
  });

  afterEach(async () => {
    await container.unbindAllAsync();
    await defaultCacheManager().clearAll();
  });

  describe('CacheManager.cacheOf()', () => {
    it("acts on one instance's entries with its per-entry members (async method)", async () => {
      await a.getUser('1');
      await b.getUser('1');
      const ofA = manager.cacheOf(a, 'getUser');
      const ofB = manager.cacheOf(b, 'getUser');
      expect(await ofA.peek('1')).toBe('user 1 #1');
      expect(await ofB.peek('1')).toBe('user 1 #1');
      await expect(ofA.invalidate('1')).resolves.toBe(true);
      expect(ofA.has('1')).toBe(false);
      expect(ofB.has('1')).toBe(true);
      await ofB.set('set for b', '2');
      expect(ofA.has('2')).toBe(false);
      expect(await b.getUser('2')).toBe('set for b');
      expect(await ofA.refresh('3')).toBe('user 3 #2');
      expect(ofB.has('3')).toBe(false);
    });

    it("acts on one instance's entries with its per-entry members (sync method)", () => {
      a.slug('T');
      b.slug('T');
      const ofA = manager.cacheOf(a, 'slug');
      expect(ofA.peek('T')).toBe('t #1');
      expect(ofA.invalidate('T')).toBe(true);
      expect(manager.cacheOf(b, 'slug').has('T')).toBe(true);
      ofA.set('set', 'U');
      expect(a.slug('U')).toBe('set');
      expect(manager.cacheOf(b, 'slug').has('U')).toBe(false);
    });

    it('acts on the whole method cache (every instance) with cacheInfo, cacheStats, clearCache and removeExpired', async () => {
      await a.getUser('1');
      await b.getUser('1');
      const ofA = manager.cacheOf(a, 'getUser');
      expect(ofA.cacheInfo().currentSize).toBe(2);
      expect(ofA.cacheStats().currentSize).toBe(2);
      expect(ofA.cacheParameters().expiration).toBe(3600);
      await ofA.removeExpired();
      expect(ofA.cacheInfo().currentSize).toBe(2);
      await ofA.clearCache();
      expect(manager.cacheOf(b, 'getUser').has('1')).toBe(false);
      expect(ofA.cacheInfo().currentSize).toBe(0);
      expect(ofA.wrapped).toBe(manager.cacheOf(a.getUser).wrapped);
    });

    it('gives the controls of a stacked method (decorators above @Cacheable)', async () => {
      await a.shared('1');
      expect(manager.cacheOf(b, 'shared').has('1')).toBe(true);
    });

    it('works on a frozen instance', async () => {
      const frozen = Object.freeze(container.get(UserService));
      await frozen.getUser('1').catch(() => undefined);
      expect(() => manager.cacheOf(frozen, 'getUser').has('1')).not.toThrow();
    });

    it.each([
      ['a method that is not @Cacheable', (): unknown => manager.cacheOf(a, 'plain'), 'method = "plain"'],
      ['a name that is no member', (): unknown => manager.cacheOf(a, 'nope' as never), 'method = "nope"'],
      ['a field', (): unknown => manager.cacheOf(a, 'loads' as never), 'method = "loads"'],
      [
        'an instance that is not an object',
        (): unknown => manager.cacheOf(null as never, 'x' as never),
        'instance = null',
      ],
    ])('throws InvalidCacheConfigError for %s', (_label, call, shown) => {
      expect(call).toThrow(InvalidCacheConfigError);
      expect(call).toThrow(shown);
    });
  });

  describe('module-level cacheOf()', () => {
    it('acts on the default manager: an instance made with new, per instance', async () => {
      const loose = new UserService();
      const other = new UserService();
      await loose.getUser('1');
      await other.getUser('1');
      await expect(cacheOf(loose, 'getUser').invalidate('1')).resolves.toBe(true);
      expect(cacheOf(loose, 'getUser').has('1')).toBe(false);
      expect(cacheOf(other, 'getUser').has('1')).toBe(true);
      expect(defaultCacheManager().cacheOf(other, 'getUser').has('1')).toBe(true);
    });

    it("does not see the entries a container's manager holds for its instances", async () => {
      await a.getUser('1');
      expect(manager.cacheOf(a, 'getUser').has('1')).toBe(true);
      expect(cacheOf(a, 'getUser').has('1')).toBe(false);
    });
  });

  describe('without an instance (cacheOf(instance.method), or the method’s own controls)', () => {
    const kinds = [
      [
        'manager.cacheOf(instance.method)',
        (m: CacheManager, s: UserService, name: keyof UserService) => m.cacheOf(s[name] as never),
      ],
      [
        'the method’s run-time controls',
        (_m: CacheManager, s: UserService, name: keyof UserService) => s[name] as unknown,
      ],
    ] as const;

    describe.each(kinds)('through %s', (_label, controlsOf) => {
      it('rejects every per-entry member of an async method with the default key with InvalidCacheConfigError', async () => {
        await a.getUser('1');
        const controls = controlsOf(manager, a, 'getUser') as CacheControls<(id: string) => Promise<string>>;
        await expect(controls.invalidate('1')).rejects.toThrow(InvalidCacheConfigError);
        await expect(controls.invalidate('1')).rejects.toThrow(/default key.*cacheOf\(instance, 'method'\)/);
        await expect(controls.refresh('1')).rejects.toThrow(InvalidCacheConfigError);
        await expect(controls.set('x', '1')).rejects.toThrow(InvalidCacheConfigError);
        expect(() => controls.peek('1')).toThrow(InvalidCacheConfigError);
        expect(() => controls.has('1')).toThrow(InvalidCacheConfigError);
        expect(manager.cacheOf(a, 'getUser').has('1')).toBe(true);
      });

      it('throws from every per-entry member of a sync method with the default key', () => {
        a.slug('T');
        const controls = controlsOf(manager, a, 'slug') as CacheControls<(title: string) => string>;
        expect(() => controls.invalidate('T')).toThrow(InvalidCacheConfigError);
        expect(() => controls.refresh('T')).toThrow(InvalidCacheConfigError);
        expect(() => controls.set('x', 'T')).toThrow(InvalidCacheConfigError);
        expect(() => controls.peek('T')).toThrow(InvalidCacheConfigError);
        expect(() => controls.has('T')).toThrow(InvalidCacheConfigError);
      });

      it('works when a key option makes the key independent of the instance', async () => {
        await a.shared('1');
        b.sharedSlug('T');
        const asyncControls = controlsOf(manager, a, 'shared') as CacheControls<(id: string) => Promise<string>>;
        const syncControls = controlsOf(manager, b, 'sharedSlug') as CacheControls<(title: string) => string>;
        expect(asyncControls.has('1')).toBe(true);
        expect(await asyncControls.peek('1')).toBe('shared 1 #1');
        await expect(asyncControls.invalidate('1')).resolves.toBe(true);
        expect(manager.cacheOf(b, 'shared').has('1')).toBe(false);
        await asyncControls.set('set', '2');
        expect(await b.shared('2')).toBe('set');
        expect(syncControls.peek('T')).toBe('shared T #1');
        expect(syncControls.invalidate('T')).toBe(true);
        syncControls.set('set', 'U');
        expect(a.sharedSlug('U')).toBe('set');
      });
    });

    it('refreshes by calling the method with no instance (this is undefined)', async () => {
      class Stateless {
        @Cacheable({ key: 'n:{n}' })
        async double(n: number): Promise<unknown> {
          return Promise.resolve([n * 2, this]);
        }
      }
      const stateless = new Stateless();
      expect(await stateless.double(2)).toEqual([4, stateless]);
      expect(await cacheOf(stateless.double).refresh(2)).toEqual([4, undefined]);
      expect(await stateless.double(2)).toEqual([4, undefined]);
    });

    it('acts on every manager that served the method (run-time controls)', async () => {
      const elsewhere = createCacheContainer();
      elsewhere.bind(UserService).toSelf();
      const other = elsewhere.get(UserService);
      await a.shared('1');
      await other.shared('1');
      const controls = a.shared as unknown as CacheControls<(id: string) => Promise<string>>;
      await expect(controls.invalidate('1')).resolves.toBe(true);
      expect(manager.cacheOf(a, 'shared').has('1')).toBe(false);
      expect(elsewhere.get(CacheManager).cacheOf(other, 'shared').has('1')).toBe(false);
      await expect(controls.invalidate('1')).resolves.toBe(false);
      await elsewhere.unbindAllAsync();
    });
  });
});
