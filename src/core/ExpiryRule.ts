import { types } from 'node:util';
import { InvalidExpirationError } from '../contracts/errors/InvalidExpirationError';
import type { ExpirationPolicy } from '../contracts/ExpirationPolicy';
import type { ExpirationPolicyFactory } from '../policies/expiration/ExpirationPolicyFactory';
import { expiresAtOf, perValueResolverOf, type PerValueResolver } from '../policies/expiration/inlineExpiry';
import { StoredItem } from './StoredItem';
import { isThenable, markHandled } from './thenable';

/** What an `ExpiryRule` needs of its cache. @internal */
export interface ExpiryRuleContext {
  /** The wrapped function's kind. */
  readonly async: boolean;
  /** Names the function in error messages. */
  readonly name: string;
  /** Resolves per-value expiration results (pointers, callbacks). */
  readonly factory: ExpirationPolicyFactory;
}

/**
 * How one expiration option (`expiration` or `negativeExpiration`) applies to stored values,
 * worked out once per wrapped function: the policy, its inlined "expired from" instant when it is
 * a built-in, and, for pointers and callbacks, how to resolve each stored value's own policy.
 * @internal
 */
export class ExpiryRule {
  readonly inline: ((lastFetchedMs: number) => number) | null;
  readonly #perValue: PerValueResolver | null;
  readonly #callbackIsAsync: boolean;
  readonly #context: ExpiryRuleContext;

  constructor(
    readonly policy: ExpirationPolicy,
    option: unknown,
    context: ExpiryRuleContext,
  ) {
    this.#context = context;
    this.inline = expiresAtOf(policy);
    this.#perValue = perValueResolverOf(policy);
    this.#callbackIsAsync = typeof option === 'function' && types.isAsyncFunction(option);
  }

  /** True when values never expire by this rule. */
  get never(): boolean {
    return this.inline !== null && this.inline(0) === Number.POSITIVE_INFINITY;
  }

  /**
   * The policy of one value stored synchronously.
   * @throws {@link InvalidExpirationError} when a callback answers with a promise.
   */
  resolveSync(outcome: unknown, isError: boolean, now: number): ExpirationPolicy {
    if (this.#perValue === null) return this.policy;
    const produced = this.#perValue(new StoredItem(outcome, now, isError));
    if (isThenable(produced)) {
      markHandled(Promise.resolve(produced));
      throw new InvalidExpirationError(
        produced,
        'an expiration value, not a promise: a callback of a function that is not async must answer synchronously',
        { context: this.#context.name },
      );
    }
    return this.#context.factory.create(produced, { async: this.#context.async });
  }

  /**
   * The policy of one value stored by a promise: an async callback's answer is awaited.
   * @throws {@link InvalidExpirationError} when a non-async callback answers with a promise.
   */
  async resolveAsync(outcome: unknown, isError: boolean, now: number): Promise<ExpirationPolicy> {
    if (this.#perValue === null) return this.policy;
    let produced = this.#perValue(new StoredItem(outcome, now, isError));
    if (isThenable(produced)) {
      if (!this.#callbackIsAsync) {
        markHandled(Promise.resolve(produced));
        throw new InvalidExpirationError(produced, 'an expiration value, not a promise: declare the callback async', {
          context: this.#context.name,
        });
      }
      produced = await produced;
    }
    return this.#context.factory.create(produced, { async: this.#context.async });
  }
}
