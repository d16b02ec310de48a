/**
 * Type tests for per-entry controls, `cacheOf(instance, 'method')`, `cacheIf`/`tags` and the companion
 * decorators `@CacheEvict` / `@CachePut` (checked by `npm run test:types`, never run).
 * `expectTypeOf` asserts a type; `// @ts-expect-error` asserts that the next line does not compile.
 */
import 'reflect-metadata';
import { injectable } from 'inversify';
import { expectTypeOf } from 'expect-type';
import {
  Cacheable,
  CacheEvict,
  CacheManager,
  CachePut,
  cacheOf,
  createCacheContainer,
  invalidateTags,
  type CacheControls,
} from '../../src';

interface User {
  id: string;
  name: string;
}

@injectable()
class UserService {
  count = 0;

  @Cacheable({ expiration: '10 minutes', tags: ['user:{id}'] })
  async getUser(id: string): Promise<User> {
    return Promise.resolve({ id, name: id });
  }

  @Cacheable({ key: '{orgId}:{id}' })
  slug(orgId: number, id: string): string {
    return `${orgId}/${id}`;
  }

  @CacheEvict({ method: 'getUser', args: (user: User) => [user.id] })
  async updateUser(user: User): Promise<void> {
    void user;
    return Promise.resolve();
  }

  // `args` may take fewer parameters than the decorated method has.
  @CacheEvict({ method: 'getUser', args: (user: User) => [user.id] })
  async updateUserWithReason(user: User, reason?: string): Promise<void> {
    void [user, reason];
    return Promise.resolve();
  }

  // Default args: the decorated method's own arguments fit `getUser`.
  @CacheEvict({ method: 'getUser' })
  async forget(id: string): Promise<void> {
    void id;
    return Promise.resolve();
  }

  @CacheEvict({ tags: ['user:{user.id}'] })
  async renameUser(user: User): Promise<void> {
    void user;
    return Promise.resolve();
  }

  @CacheEvict({ tags: (user: User) => [`user:${user.id}`], beforeInvocation: true })
  async removeUser(user: User): Promise<void> {
    void user;
    return Promise.resolve();
  }

  @CacheEvict({ method: 'getUser', allEntries: true })
  async reloadAll(): Promise<void> {
    return Promise.resolve();
  }

  @CacheEvict({ method: 'slug', args: (orgId: number, id: string) => [orgId, id] })
  renameSlug(orgId: number, id: string): void {
    void [orgId, id];
  }

  @CachePut({ method: 'getUser', args: (user: User) => [user.id] })
  async saveUser(user: User): Promise<User> {
    return Promise.resolve(user);
  }

  // @ts-expect-error 'nope' is no method of UserService
  @CacheEvict({ method: 'nope' })
  async wrongName(): Promise<void> {
    return Promise.resolve();
  }

  // @ts-expect-error `count` is a field, not a method
  @CacheEvict({ method: 'count' })
  async notAMethod(): Promise<void> {
    return Promise.resolve();
  }

  // @ts-expect-error 'nope' is no method of UserService
  @CachePut({ method: 'nope' })
  async wrongPutName(user: User): Promise<User> {
    return Promise.resolve(user);
  }

  // @ts-expect-error args takes a number, the decorated method gets a User
  @CacheEvict({ method: 'getUser', args: (n: number) => [String(n)] })
  async argsOfWrongType(user: User): Promise<void> {
    void user;
    return Promise.resolve();
  }

  // @ts-expect-error args returns a number where getUser takes a string
  @CacheEvict({ method: 'getUser', args: (user: User) => [user.name.length] })
  async argsForWrongTarget(user: User): Promise<void> {
    void user;
    return Promise.resolve();
  }

  // @ts-expect-error the default args (a number) do not fit getUser(id: string)
  @CacheEvict({ method: 'getUser' })
  async defaultArgsWrongType(id: number): Promise<void> {
    void id;
    return Promise.resolve();
  }

  // @ts-expect-error a tags function taking a number, the decorated method gets a User
  @CacheEvict({ tags: (n: number) => [String(n)] })
  async tagsOfWrongType(user: User): Promise<void> {
    void user;
    return Promise.resolve();
  }

  // @ts-expect-error saveName returns a string, getUser's entries are Users
  @CachePut({ method: 'getUser', args: (user: User) => [user.id] })
  async saveName(user: User): Promise<string> {
    return Promise.resolve(user.name);
  }

  // @ts-expect-error method is required
  @CachePut({ args: (user: User) => [user.id] })
  async putWithoutMethod(user: User): Promise<User> {
    return Promise.resolve(user);
  }
}

// A private cached method cannot be named where the class type is known; `as never` skips the check.
class WithPrivate {
  @Cacheable()
  private async loadSecret(id: string): Promise<string> {
    return Promise.resolve(id);
  }

  // @ts-expect-error loadSecret is private: not a key of WithPrivate's type
  @CacheEvict({ method: 'loadSecret' })
  async forgetSecret(id: string): Promise<void> {
    void id;
    return Promise.resolve();
  }

  @CacheEvict({ method: 'loadSecret' as never })
  async forgetSecretUnchecked(id: string): Promise<void> {
    void id;
    return Promise.resolve();
  }
}
void WithPrivate;

const container = createCacheContainer();
container.bind(UserService).toSelf().inSingletonScope();
const users = container.get(UserService);
const manager = container.get(CacheManager);

// --- cacheOf(instance, 'method'): typed from the method -------------------------------------------
const getUser = manager.cacheOf(users, 'getUser');
expectTypeOf(getUser).toEqualTypeOf<CacheControls<(id: string) => Promise<User>>>();
expectTypeOf(getUser.peek).parameters.toEqualTypeOf<[id: string]>();
expectTypeOf(cacheOf(users, 'getUser').peek).parameters.toEqualTypeOf<[id: string]>();
expectTypeOf(getUser.peek).returns.toEqualTypeOf<Promise<User> | undefined>();
expectTypeOf(getUser.has).parameters.toEqualTypeOf<[id: string]>();
expectTypeOf(getUser.has).returns.toEqualTypeOf<boolean>();
expectTypeOf(getUser.invalidate).returns.toEqualTypeOf<Promise<boolean>>();
expectTypeOf(getUser.refresh).returns.toEqualTypeOf<Promise<User>>();
expectTypeOf(getUser.set).parameters.toEqualTypeOf<[value: User | PromiseLike<User>, id: string]>();
expectTypeOf(getUser.set).returns.toEqualTypeOf<Promise<void>>();
// @ts-expect-error getUser takes a string id
void getUser.peek(42);
// @ts-expect-error 'nope' is no method of UserService
manager.cacheOf(users, 'nope');
// @ts-expect-error `count` is not a method
cacheOf(users, 'count');

// Sync methods get sync controls.
const slug = cacheOf(users, 'slug');
expectTypeOf(slug.peek).parameters.toEqualTypeOf<[orgId: number, id: string]>();
expectTypeOf(slug.peek).returns.toEqualTypeOf<string | undefined>();
expectTypeOf(slug.invalidate).returns.toEqualTypeOf<boolean>();
expectTypeOf(slug.refresh).returns.toEqualTypeOf<string>();
expectTypeOf(slug.set).parameters.toEqualTypeOf<[value: string, orgId: number, id: string]>();
expectTypeOf(slug.set).returns.toEqualTypeOf<void>();

// --- per-entry controls of a wrapped function -----------------------------------------------------
declare function loadRate(currency: string, day?: Date): Promise<number>;
const fetchRate = manager.wrap(loadRate, {
  cacheIf: (rate, currency) => rate > 0 && currency !== 'XXX',
  tags: (currency) => [`currency:${currency}`],
});
expectTypeOf(fetchRate.peek).parameters.toEqualTypeOf<[currency: string, day?: Date]>();
expectTypeOf(fetchRate.set).toBeCallableWith(1.1, 'EUR');
expectTypeOf(fetchRate.set).toBeCallableWith(Promise.resolve(1.1), 'EUR');
// @ts-expect-error a rate is a number
void fetchRate.set('1.1', 'EUR');
// @ts-expect-error cacheIf receives the settled result (a number), not a promise
manager.wrap(loadRate, { cacheIf: (rate: Promise<number>) => rate !== null });
// @ts-expect-error a tags function returns strings
manager.wrap(loadRate, { tags: () => [1] });

// --- invalidateTags ---------------------------------------------------------------------------------
expectTypeOf(manager.invalidateTags).parameters.toEqualTypeOf<[tags: readonly string[]]>();
expectTypeOf(manager.invalidateTags).returns.toEqualTypeOf<Promise<number>>();
expectTypeOf(invalidateTags).returns.toEqualTypeOf<Promise<number>>();
