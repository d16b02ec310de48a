/**
 * The `tags` option and `invalidateTags` (entries-and-tags.md "Tags").
 */
import 'reflect-metadata';
import { injectable } from 'inversify';
import {
  Cacheable,
  CacheManager,
  InvalidCacheConfigError,
  createCacheContainer,
  defaultCacheManager,
  invalidateTags,
  type CacheOptions,
} from '../../../src';
import { newManager } from '../../support/managers';
import { FUNCTION_KINDS, flush, makeSubject } from './entrySubjects';

interface Member {
  orgId: string;
  id: string;
}

@injectable()
class UserService {
  readonly tenant: string;
  loads = 0;

  constructor() {
    this.tenant = 'acme';
  }

  @Cacheable({ tags: ['user:{id}', 'users'] })
  async getUser(id: string): Promise<string> {
    this.loads++;
    return Promise.resolve(`user ${id}`);
  }

  @Cacheable({ tags: (id: string) => [`user:${id}`] })
  getProfile(id: string): string {
    this.loads++;
    return `profile ${id}`;
  }

  @Cacheable({ tags: ['org:{0.orgId}', 'tenant:{this.tenant}'] })
  async getMember(member: Member): Promise<string> {
    return Promise.resolve(`member ${member.id}`);
  }
}

describe('tags', () => {
  let container: ReturnType<typeof createCacheContainer>;
  let manager: CacheManager;

  beforeEach(() => {
    container = createCacheContainer();
    container.bind(UserService).toSelf();
    manager = container.get(CacheManager);
  });

  afterEach(async () => {
    await container.unbindAllAsync();
    await defaultCacheManager().clearAll();
  });

  describe('CacheManager.invalidateTags()', () => {
    it('removes the tagged entries of two caches and two instances, and resolves to how many', async () => {
      const a = container.get(UserService);
      const b = container.get(UserService);
      await Promise.all([a.getUser('1'), b.getUser('1'), a.getUser('2')]);
      a.getProfile('1');
      b.getProfile('1');
      const removed = manager.invalidateTags(['user:1']);
      expect(removed).toBeInstanceOf(Promise);
      await expect(removed).resolves.toBe(4);
      for (const service of [a, b]) {
        expect(manager.cacheOf(service, 'getUser').has('1')).toBe(false);
        expect(manager.cacheOf(service, 'getProfile').has('1')).toBe(false);
      }
      expect(manager.cacheOf(a, 'getUser').has('2')).toBe(true);
      expect(manager.cacheOf(a, 'getUser').cacheStats().evictions.invalidated).toBe(2);
      await a.getUser('1');
      expect(a.loads).toBe(4);
    });

    it('counts an entry carrying several of the tags once', async () => {
      const users = container.get(UserService);
      await users.getUser('1');
      await expect(manager.invalidateTags(['user:1', 'users'])).resolves.toBe(1);
    });

    it('renders templates over nested arguments and the instance', async () => {
      const users = container.get(UserService);
      await users.getMember({ orgId: 'o1', id: 'm1' });
      await users.getMember({ orgId: 'o2', id: 'm2' });
      await expect(manager.invalidateTags(['org:o1'])).resolves.toBe(1);
      await expect(manager.invalidateTags(['tenant:acme'])).resolves.toBe(1);
      expect(manager.cacheOf(users.getMember).cacheInfo().currentSize).toBe(0);
    });

    it("leaves another manager's entries alone", async () => {
      const elsewhere = createCacheContainer();
      elsewhere.bind(UserService).toSelf();
      const other = elsewhere.get(UserService);
      await other.getUser('1');
      await expect(manager.invalidateTags(['user:1'])).resolves.toBe(0);
      expect(elsewhere.get(CacheManager).cacheOf(other, 'getUser').has('1')).toBe(true);
      await elsewhere.unbindAllAsync();
    });

    it('makes a tagged flight in progress store nothing (not counted); its waiters get its result; later calls start a new flight', async () => {
      const subject = makeSubject('async', 'wrap', 'template', 'plain', { tags: ['user:{id}'] });
      const release = subject.hold();
      const waiters = [subject.get('1'), subject.get('1')];
      await expect(subject.manager.invalidateTags(['user:1'])).resolves.toBe(0);
      const later = subject.get('1');
      expect(subject.loads).toBe(2);
      release();
      await expect(Promise.all(waiters)).resolves.toEqual(['1#1', '1#1']);
      await expect(later).resolves.toBe('1#2');
      expect(await subject.controls.peek('1')).toBe('1#2');
    });

    it('does not affect an entry stored after it resolved (entries are invalidated, tags are not banned)', async () => {
      const users = container.get(UserService);
      await users.getUser('1');
      await manager.invalidateTags(['user:1']);
      await users.getUser('1');
      expect(manager.cacheOf(users, 'getUser').has('1')).toBe(true);
      await expect(manager.invalidateTags(['user:1'])).resolves.toBe(1);
    });

    it('forgets entries that left the table for other reasons (evicted, invalidated, cleared)', async () => {
      const cached = manager.wrap(async (id: string) => Promise.resolve(id), { tags: ['t:{id}', 'all'], maxsize: 2 });
      await cached('1');
      await cached('2');
      await cached('3');
      await cached.invalidate('2');
      await expect(manager.invalidateTags(['t:1', 't:2'])).resolves.toBe(0);
      await cached.clearCache();
      await expect(manager.invalidateTags(['all'])).resolves.toBe(0);
    });

    it('tags what set() and refresh() store', async () => {
      const cached = manager.wrap(async (id: string) => Promise.resolve(`loaded ${id}`), { tags: (id) => [`t:${id}`] });
      await cached.set('stored', '1');
      await cached.refresh('2');
      await expect(manager.invalidateTags(['t:1', 't:2'])).resolves.toBe(2);
    });

    it('resolves to 0 for no tags, an unknown tag, or caches without tags', async () => {
      const untagged = manager.wrap((id: string) => id);
      untagged('1');
      await expect(manager.invalidateTags([])).resolves.toBe(0);
      await expect(manager.invalidateTags(['nobody'])).resolves.toBe(0);
      await expect(manager.invalidateTags(['1'])).resolves.toBe(0);
      expect(untagged.has('1')).toBe(true);
    });

    it.each([
      ['not an array', 'user:1'],
      ['an array holding a non-string', ['user:1', 2]],
      ['null', null],
    ])('rejects tags that are %s with InvalidCacheConfigError', async (_label, tags) => {
      await expect(manager.invalidateTags(tags as never)).rejects.toThrow(InvalidCacheConfigError);
      await expect(manager.invalidateTags(tags as never)).rejects.toThrow(/tags = .*an array of strings/);
    });
  });

  describe.each(FUNCTION_KINDS)('of a %s function', (kind) => {
    it('tags with fixed strings, templates and a function', async () => {
      const manager2 = newManager();
      const fixed = makeSubjectIn(manager2, kind, { tags: ['fixed'] });
      const template = makeSubjectIn(manager2, kind, { tags: ['tpl:{id}'] });
      const fn = makeSubjectIn(manager2, kind, { tags: (id: string) => [`fn:${id}`] });
      for (const cached of [fixed, template, fn]) {
        await settle(kind, cached('1'));
        await settle(kind, cached('2'));
      }
      await expect(manager2.invalidateTags(['fixed'])).resolves.toBe(2);
      await expect(manager2.invalidateTags(['tpl:1', 'fn:2'])).resolves.toBe(2);
      expect(template.has('2')).toBe(true);
      expect(fn.has('1')).toBe(true);
    });

    it('fails the call (the function does not run) when the tags function throws or returns no array of strings', async () => {
      const manager2 = newManager();
      let runs = 0;
      const tags = (id: string): readonly string[] => {
        if (id === 'throw') throw new Error('no tags');
        return (id === 'bad' ? 'user' : [id]) as readonly string[];
      };
      const cached =
        kind === 'async'
          ? manager2.wrap(
              async (id: string) => {
                runs++;
                return Promise.resolve(id);
              },
              { tags },
            )
          : manager2.wrap(
              (id: string) => {
                runs++;
                return id;
              },
              { tags },
            );
      const failure = async (id: string): Promise<unknown> => {
        try {
          await settle(kind, cached(id));
        } catch (error) {
          return error;
        }
        return undefined;
      };
      expect(await failure('throw')).toEqual(new Error('no tags'));
      const bad = await failure('bad');
      expect(bad).toBeInstanceOf(InvalidCacheConfigError);
      expect((bad as Error).message).toMatch(/tags = "user".*array of strings/);
      expect(runs).toBe(0);
      expect(await settle(kind, cached('ok'))).toBe('ok');
    });
  });

  it('module-level invalidateTags acts on the default manager', async () => {
    const loose = new UserService();
    await loose.getUser('9');
    await expect(invalidateTags(['user:9'])).resolves.toBe(1);
    expect(defaultCacheManager().cacheOf(loose, 'getUser').has('9')).toBe(false);
  });

  describe('at wrap or decoration time', () => {
    it.each([
      ['an entry that is not a string', ['ok', 42], /tags = 42 \(expected a string tag/],
      ['a template naming no parameter', ['user:{userId}'], /tags = "user:\{userId\}"/],
      ['a malformed template', ['user:{id'], /tags = "user:\{id"/],
      ['neither an array nor a function', 'user:{id}', /tags = "user:\{id\}" \(expected an array of tags/],
      ['a number', 7, /tags = 7/],
    ])('rejects tags with %s, naming option and value', (_label, tags, message) => {
      const options = { tags } as unknown as CacheOptions;
      expect(() => newManager().wrap((id: string) => id, options)).toThrow(InvalidCacheConfigError);
      expect(() => newManager().wrap((id: string) => id, options)).toThrow(message);
      expect(() => {
        class Decorated {
          @Cacheable(options)
          async get(id: string): Promise<string> {
            return Promise.resolve(id);
          }
        }
        return Decorated;
      }).toThrow(message);
    });

    it('lists every bad tag at once', () => {
      try {
        newManager().wrap((id: string) => id, { tags: [1, 'x:{nope}'] } as unknown as CacheOptions);
        throw new Error('not rejected');
      } catch (error) {
        expect((error as InvalidCacheConfigError).problems.map((p) => p.value)).toEqual([1, 'x:{nope}']);
      }
    });

    it('accepts null as no tags (and builds no tag index: the cache stays plain)', async () => {
      const cached = newManager().wrap(async (id: string) => Promise.resolve(id), { tags: null });
      expect(cached.cacheParameters().tags).toBeNull();
      await cached('1');
      await flush();
      expect(cached.has('1')).toBe(true);
    });
  });
});

/** A wrapped `(id) => id` of `kind` in `manager` with `options`. */
function makeSubjectIn(
  manager: CacheManager,
  kind: 'sync' | 'async',
  options: CacheOptions,
): ((id: string) => unknown) & { has(id: string): boolean } {
  return kind === 'async'
    ? manager.wrap(async (id: string) => Promise.resolve(id), options as CacheOptions<(id: string) => Promise<string>>)
    : manager.wrap((id: string) => id, options as CacheOptions<(id: string) => string>);
}

async function settle(kind: 'sync' | 'async', value: unknown): Promise<unknown> {
  return kind === 'async' ? await value : value;
}
