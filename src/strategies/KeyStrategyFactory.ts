import type { KeyOption } from '../contracts/CacheOptions';
import type { KeyStrategy } from '../contracts/KeyStrategy';

/** What the factory knows of the wrapped function. */
export interface KeyStrategyContext {
  /** The wrapped function or decorated method (templates read its parameter names). */
  readonly fn: (...args: never[]) => unknown;
  /** True for a decorated method (`{this…}` allowed in templates). */
  readonly isMethod: boolean;
  /** The container's `KeyStrategy` binding (what `rebind(KeyStrategy)` replaces), for `key: null`. */
  readonly defaultStrategy: () => KeyStrategy;
}

/**
 * Turns the `key` option into a `KeyStrategy`, once per wrapped function. Rebind it to accept new
 * forms of `key`; rebind `KeyStrategy` itself to replace only the default key.
 */
export abstract class KeyStrategyFactory {
  /**
   * Builds the strategy for `key` (`null`/`undefined`: the default key).
   * @throws {@link InvalidCacheConfigError} (option `key`) when `key` is not an accepted form or a
   *   template is invalid.
   */
  abstract create(key: KeyOption | null | undefined, context: KeyStrategyContext): KeyStrategy;
}
