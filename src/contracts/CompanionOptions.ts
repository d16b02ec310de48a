import type { ReturnOf } from './CacheControls';

/**
 * The options and decorator types of `@CacheEvict` and `@CachePut` (entries-and-tags.md).
 *
 * Legacy decorators cannot see the class while their options are written, so the types check the
 * options when the decorator is applied: the decorator's `target` parameter must have a method
 * named `method` (a name that is not one does not compile), and the decorator's declared result
 * turns into a {@link CompanionMisfit} naming the problem (TS1270: "Decorator function return type
 * 'CompanionMisfit<…>' is not assignable…") when `args`, a `tags` function or the decorated method's
 * own arguments do not fit.
 * @packageDocumentation
 */

/** A method, as the companion decorators see one. */
export type AnyMethod = (...args: never[]) => unknown;

/**
 * The arguments `args` passes on to the target method: the tuple it returns.
 * @typeParam A - The decorated method's arguments, as `args` declares them.
 * @typeParam R - The target method's arguments, as `args` returns them.
 */
export type ArgsMapper<A extends unknown[], R extends unknown[]> = (...args: A) => readonly [...R];

/**
 * Options of `@CacheEvict`. At least one of `method` and `tags` is required.
 * @typeParam M - The name of the cached method whose entry is evicted.
 * @typeParam A - The decorated method's arguments (as `args` or a `tags` function declares them).
 * @typeParam R - The target method's arguments, as `args` returns them.
 * @typeParam E - `allEntries`.
 */
export interface CacheEvictOptions<
  M extends PropertyKey = PropertyKey,
  A extends unknown[] = unknown[],
  R extends unknown[] = unknown[],
  E extends boolean = boolean,
> {
  /**
   * The `@Cacheable` method (of the same class) whose entry is evicted: the entry a call
   * `this[method](...args)` on the same instance would use, in the instance's manager.
   * @defaultValue none (then `tags` is required)
   */
  method?: M;
  /**
   * The target method's arguments, from the decorated method's (called with the instance as `this`).
   * @defaultValue the decorated method's own arguments
   */
  args?: ArgsMapper<A, R>;
  /**
   * `true`: evict every entry of `method`'s cache in the instance's manager (every instance).
   * @defaultValue `false`
   */
  allEntries?: E;
  /**
   * Tags to invalidate in the instance's manager (every cache, every instance): fixed strings, key
   * templates over the decorated method's own parameters (`'user:{user.id}'`), or a function of its
   * arguments.
   * @defaultValue none
   */
  tags?: readonly string[] | ((...args: A) => readonly string[]);
  /**
   * `true`: evict before the decorated method runs (even if it then fails). Otherwise the eviction
   * happens only after it succeeds (returns, or its promise fulfils).
   * @defaultValue `false`
   */
  beforeInvocation?: boolean;
}

/**
 * Options of `@CachePut`.
 * @typeParam M - The name of the cached method whose entry is stored.
 * @typeParam A - The decorated method's arguments (as `args` declares them).
 * @typeParam R - The target method's arguments, as `args` returns them.
 */
export interface CachePutOptions<
  M extends PropertyKey = PropertyKey,
  A extends unknown[] = unknown[],
  R extends unknown[] = unknown[],
> {
  /** The `@Cacheable` method (of the same class) whose entry stores the decorated method's result. */
  method: M;
  /**
   * The target method's arguments, from the decorated method's (called with the instance as `this`).
   * @defaultValue the decorated method's own arguments
   */
  args?: ArgsMapper<A, R>;
}

/**
 * The type a companion decorator's check turns into when the options do not fit: the decoration fails
 * to compile with TS1270, whose message shows `problem`.
 * @typeParam P - The problem, in words.
 */
export type CompanionMisfit<P extends string> = { readonly [K in P]: never };

/**
 * The parameters of a method type (`never` for anything else).
 * @typeParam F - The method's type.
 */
export type ParamsOf<F> = F extends (...args: infer P) => unknown ? P : never;

/**
 * The decorated method `F` takes what `args` (or a `tags` function) declares: `void` when it does,
 * else a {@link CompanionMisfit} that fails the decoration.
 * @typeParam A - The arguments `args` or a `tags` function declares.
 * @typeParam F - The decorated method.
 */
export type DecoratedArgsFit<A extends unknown[], F> = ((...args: A) => unknown) extends (
  ...args: ParamsOf<F>
) => unknown
  ? void
  : CompanionMisfit<'cachewright: args or tags does not take the arguments of the decorated method'>;

/**
 * The target method `T[M]` takes `R` (what `args` returns; the decorated method's arguments when `R`
 * is `never`): `void` when it does, else a {@link CompanionMisfit}.
 * @typeParam T - The class (the prototype's type).
 * @typeParam M - The target method's name.
 * @typeParam R - What `args` returns (`never` when absent).
 * @typeParam F - The decorated method.
 */
export type TargetArgsFit<T, M extends PropertyKey, R extends unknown[], F> = M extends keyof T
  ? ([R] extends [never] ? ParamsOf<F> : R) extends ParamsOf<T[M]>
    ? void
    : CompanionMisfit<'cachewright: the target method does not take these arguments (see the args option)'>
  : void;

/**
 * What a `@CacheEvict` decorator checks once applied: `void` when the options fit the class and
 * method (else a {@link CompanionMisfit}: the decoration does not compile).
 * @typeParam T - The class (the prototype's type).
 * @typeParam M - `method` (`never` when absent).
 * @typeParam A - The arguments `args` or a `tags` function declares.
 * @typeParam R - What `args` returns (`never` when absent).
 * @typeParam E - `allEntries`.
 * @typeParam F - The decorated method.
 */
export type CacheEvictCheck<T, M extends PropertyKey, A extends unknown[], R extends unknown[], E extends boolean, F> =
  DecoratedArgsFit<A, F> extends void
    ? [M] extends [never]
      ? void
      : true extends E
        ? void
        : TargetArgsFit<T, M, R, F>
    : DecoratedArgsFit<A, F>;

/**
 * What a `@CachePut` decorator checks once applied: the arguments fit (as for `@CacheEvict`) and the
 * decorated method's result is one the target method returns.
 * @typeParam T - The class (the prototype's type).
 * @typeParam M - `method`.
 * @typeParam A - The arguments `args` declares.
 * @typeParam R - What `args` returns (`never` when absent).
 * @typeParam F - The decorated method.
 */
export type CachePutCheck<T, M extends PropertyKey, A extends unknown[], R extends unknown[], F> =
  DecoratedArgsFit<A, F> extends void
    ? TargetArgsFit<T, M, R, F> extends void
      ? M extends keyof T
        ? Awaited<ReturnOf<F>> extends Awaited<ReturnOf<T[M]>>
          ? void
          : CompanionMisfit<'cachewright: the decorated method does not return what the target method returns'>
        : void
      : TargetArgsFit<T, M, R, F>
    : DecoratedArgsFit<A, F>;

/**
 * The decorator `@CacheEvict(options)` returns: a legacy method decorator whose `target` must have a
 * method named `M`.
 * @typeParam M - `method` (`never` when absent).
 * @typeParam A - The arguments `args` or a `tags` function declares.
 * @typeParam R - What `args` returns (`never` when absent).
 * @typeParam E - `allEntries`.
 */
export type CacheEvictDecorator<M extends PropertyKey, A extends unknown[], R extends unknown[], E extends boolean> = <
  T extends { [K in M]: AnyMethod },
  F extends AnyMethod,
>(
  target: T,
  propertyKey: string | symbol,
  descriptor: TypedPropertyDescriptor<F>,
) => CacheEvictCheck<T, M, A, R, E, F>;

/**
 * The decorator `@CachePut(options)` returns: a legacy method decorator whose `target` must have a
 * method named `M`.
 * @typeParam M - `method`.
 * @typeParam A - The arguments `args` declares.
 * @typeParam R - What `args` returns (`never` when absent).
 */
export type CachePutDecorator<M extends PropertyKey, A extends unknown[], R extends unknown[]> = <
  T extends { [K in M]: AnyMethod },
  F extends AnyMethod,
>(
  target: T,
  propertyKey: string | symbol,
  descriptor: TypedPropertyDescriptor<F>,
) => CachePutCheck<T, M, A, R, F>;
