import { KeyStrategy, type KeyCall } from '../contracts/KeyStrategy';

/**
 * `key: (...args) => unknown`: the function is called with the call's `this` (the instance, for a
 * decorated method) and its arguments; its result is the key, which the manager encodes like a
 * default key (`encodeKey`: a primitive is itself, an object by structure or identity).
 * Whatever the key function throws reaches the caller unchanged.
 * @example
 * ```ts
 * manager.wrap(getUser, { key: (user: { id: string }) => user.id });
 * ```
 */
export class FunctionKeyStrategy extends KeyStrategy {
  readonly #fn: (...args: never[]) => unknown;

  /** @param fn - the user's key function; it must not mutate the arguments. */
  constructor(fn: (...args: never[]) => unknown) {
    super();
    this.#fn = fn;
  }

  /** {@inheritDoc KeyStrategy.keyFor} */
  override keyFor(call: KeyCall): unknown {
    return Reflect.apply(this.#fn, call.thisArg, call.args);
  }
}
