import type { CachePutDecorator, CachePutOptions } from '../contracts/CompanionOptions';
import { InvalidCacheConfigError, type InvalidOption } from '../contracts/errors/InvalidCacheConfigError';
import {
  checkArgsOption,
  checkMethodName,
  installCompanion,
  readCompanionOptions,
  targetArgs,
  targetCache,
  type CompanionRun,
} from './companionMethod';
import { injectManager, isAsyncMethod, methodOf, whereOf } from './methodDecoration';

const OPTION_NAMES = ['method', 'args'] as const;

/**
 * Stores the decorated method's result in a cache when it succeeds (legacy `experimentalDecorators`
 * method decorator): as the entry of the `@Cacheable` method `method` that a call with `args` on the
 * same instance would use, in the instance's manager, with `set` semantics (expiration computed from
 * the value, a replaced resource disposed with `'replaced'`, a flight in progress for the key
 * storing nothing).
 *
 * - The store runs after the method returns or its promise fulfils (the fulfilled value is stored); a
 *   failure stores nothing. An async method's promise settles after the store has; a sync method
 *   stays sync, so it cannot store into an async method's cache (that store would finish after it
 *   returned): that combination throws `InvalidCacheConfigError` at the call.
 * - `args` (default: the same arguments) maps the decorated method's arguments to the target's, and
 *   is called with the instance as `this`.
 * - `method` must name a method of the class (checked when the class is defined, and at compile time
 *   for a public method); that it is `@Cacheable` is checked at the first call.
 *
 * @example
 * ```ts
 * @CachePut({ method: 'getUser', args: (user: User) => [user.id] })
 * async saveUser(user: User): Promise<User> { … }
 * ```
 * @throws {@link InvalidCacheConfigError} when the class is defined, naming the option and value (an
 *   unknown option, a missing `method` or one that is no method of the class, a non-function `args`);
 *   and from a call (a rejection for an async method) when `method` is not `@Cacheable`, `args`
 *   returns no array, or a sync method targets an async method's cache.
 */
export function CachePut<M extends PropertyKey, A extends unknown[] = unknown[], R extends unknown[] = never>(
  options: CachePutOptions<M, A, R>,
): CachePutDecorator<M, A, R> {
  const decorator = (target: object, propertyKey: string | symbol, descriptor: PropertyDescriptor): void => {
    const where = whereOf(target, propertyKey);
    const context = `${where} (@CachePut)`;
    const inner = methodOf(descriptor, '@CachePut', where);
    const problems: InvalidOption[] = [];
    const bad = (problem: InvalidOption): void => {
      problems.push(problem);
    };
    const given = readCompanionOptions(options, OPTION_NAMES, context, bad);
    const method = checkMethodName(given.method, target, bad);
    const args = checkArgsOption(given.args, bad);
    if (problems.length > 0) throw new InvalidCacheConfigError(problems, { context });
    const async = isAsyncMethod(target, propertyKey, inner);
    injectManager(target);
    installCompanion(descriptor, inner, async, (self, own): CompanionRun => {
      const cache = targetCache(self, method!, context);
      if (cache.core.async && !async) {
        throw new InvalidCacheConfigError(
          [
            {
              option: 'method',
              value: method,
              expected: `a method whose cache a sync method can store into: ${where} is sync and ${String(method)} is async (make ${String(propertyKey)} async)`,
            },
          ],
          { context },
        );
      }
      return {
        pending: undefined,
        finish: (value, raw) => cache.core.set(cache.entry, async ? value : raw, targetArgs(args, self, own, context)),
      };
    });
  };
  return decorator as unknown as CachePutDecorator<M, A, R>;
}
