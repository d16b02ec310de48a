import type { CacheEvictDecorator, CacheEvictOptions } from '../contracts/CompanionOptions';
import { InvalidCacheConfigError, type InvalidOption } from '../contracts/errors/InvalidCacheConfigError';
import { compileTags, type TagsOf } from '../core/options/compileTags';
import {
  checkArgsOption,
  checkMethodName,
  installCompanion,
  readCompanionOptions,
  targetArgs,
  targetCache,
  type CompanionRun,
} from './companionMethod';
import { injectManager, isAsyncMethod, managerOf, methodOf, whereOf } from './methodDecoration';

const OPTION_NAMES = ['method', 'args', 'allEntries', 'tags', 'beforeInvocation'] as const;

/** `@CacheEvict`'s options, checked. */
interface EvictPlan {
  readonly method: string | symbol | null;
  readonly args: ((...args: never[]) => unknown) | null;
  readonly allEntries: boolean;
  readonly tagsOf: TagsOf | null;
  readonly beforeInvocation: boolean;
}

/**
 * Evicts cache entries when the decorated method succeeds (legacy `experimentalDecorators` method
 * decorator): the entry of the `@Cacheable` method `method` that a call with `args` on the same
 * instance would use, or every entry of its cache in the instance's manager (`allEntries: true`,
 * all instances), and/or every entry of the instance's manager carrying one of `tags` (every cache,
 * every instance). Reason `'invalidated'`; a flight in progress for an evicted key still answers its
 * callers but stores nothing.
 *
 * - The eviction runs after the method returns or its promise fulfils; a failure evicts nothing,
 *   unless `beforeInvocation: true`, which evicts first and then runs the method. An async method's
 *   promise settles after the eviction has; a sync method stays sync.
 * - `args` (default: the same arguments) maps the decorated method's arguments to the target's, and
 *   is called with the instance as `this`; `tags` are templates over the decorated method's own
 *   parameters (`'user:{user.id}'`) or a function of its arguments.
 * - `method` must name a method of the class (checked when the class is defined, and at compile time
 *   for a public method); that it is `@Cacheable` is checked at the first call (decorators run in
 *   declaration order).
 * - The instance's manager is the one its `@Cacheable` methods use (its container's, else the default
 *   manager). Stacks with `@Cacheable`, `@CachePut` and other decorators in any order.
 *
 * @example
 * ```ts
 * @CacheEvict({ method: 'getUser', args: (user: User) => [user.id] })
 * async updateUser(user: User): Promise<void> { … }
 *
 * @CacheEvict({ tags: ['user:{user.id}'] })
 * async renameUser(user: User): Promise<void> { … }
 * ```
 * @throws {@link InvalidCacheConfigError} when the class is defined, naming the option and value: an
 *   unknown option, neither `method` nor `tags`, a `method` that is no method of the class, a
 *   non-function `args`, `args` or `allEntries` without `method`, `args` with `allEntries`, bad `tags`;
 *   and from a call (a rejection for an async method), when `method` is not `@Cacheable` or `args`
 *   returns no array.
 */
export function CacheEvict<
  M extends PropertyKey = never,
  A extends unknown[] = unknown[],
  R extends unknown[] = never,
  E extends boolean = false,
>(options: CacheEvictOptions<M, A, R, E>): CacheEvictDecorator<M, A, R, E> {
  const decorator = (target: object, propertyKey: string | symbol, descriptor: PropertyDescriptor): void => {
    const where = whereOf(target, propertyKey);
    const context = `${where} (@CacheEvict)`;
    const inner = methodOf(descriptor, '@CacheEvict', where);
    const plan = planOf(options, target, inner, context);
    const async = isAsyncMethod(target, propertyKey, inner);
    injectManager(target);
    installCompanion(descriptor, inner, async, (self, args): CompanionRun => {
      const cache = plan.method === null ? null : targetCache(self, plan.method, context);
      const evict = (): Promise<unknown> | undefined => {
        const pending: Promise<unknown>[] = [];
        if (cache !== null) {
          if (plan.allEntries) pending.push(cache.core.invalidateAll());
          else {
            // A shared cache answers once the record is deleted and the deletion published.
            const dropped = cache.core.invalidate(cache.entry, targetArgs(plan.args, self, args, context));
            if (dropped instanceof Promise) pending.push(dropped);
          }
        }
        if (plan.tagsOf !== null) pending.push(managerOf(self).invalidateTags(plan.tagsOf(self, args)));
        return pending.length === 0 ? undefined : Promise.all(pending);
      };
      return plan.beforeInvocation ? { pending: evict(), finish: null } : { pending: undefined, finish: evict };
    });
  };
  return decorator as unknown as CacheEvictDecorator<M, A, R, E>;
}

/** Reads and checks `@CacheEvict`'s options once, when the class is defined. */
function planOf(options: unknown, target: object, inner: (...args: never[]) => unknown, context: string): EvictPlan {
  const problems: InvalidOption[] = [];
  const bad = (problem: InvalidOption): void => {
    problems.push(problem);
  };
  const given = readCompanionOptions(options, OPTION_NAMES, context, bad);
  const method = given.method == null ? null : checkMethodName(given.method, target, bad);
  const args = checkArgsOption(given.args, bad);
  const flag = (name: 'allEntries' | 'beforeInvocation'): boolean => {
    const value = given[name];
    if (value === undefined) return false;
    if (typeof value === 'boolean') return value;
    bad({ option: name, value, expected: 'a boolean' });
    return false;
  };
  const allEntries = flag('allEntries');
  const beforeInvocation = flag('beforeInvocation');
  const tagsOf = given.tags == null ? null : compileTags(given.tags, inner, true, bad);
  if (given.method == null && given.tags == null) {
    bad({
      option: 'method',
      value: given.method,
      expected: 'the name of a @Cacheable method, or tags (one is required)',
    });
  }
  if (given.method == null && allEntries) {
    bad({ option: 'allEntries', value: true, expected: 'false unless method names the cache to empty' });
  }
  if (given.method == null && args !== null) {
    bad({ option: 'args', value: args, expected: 'no args unless method names the cache they key' });
  }
  if (allEntries && args !== null) {
    bad({ option: 'args', value: args, expected: 'no args with allEntries: true (every entry is evicted)' });
  }
  if (problems.length > 0) throw new InvalidCacheConfigError(problems, { context });
  return { method, args, allEntries, tagsOf, beforeInvocation };
}
