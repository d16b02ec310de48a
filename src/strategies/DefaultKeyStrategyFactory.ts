import { injectable } from 'inversify';
import { InvalidCacheConfigError } from '../contracts/errors/InvalidCacheConfigError';
import type { KeyOption } from '../contracts/CacheOptions';
import { FunctionKeyStrategy } from './FunctionKeyStrategy';
import { Key } from '../contracts/Key';
import { KeyStrategy } from '../contracts/KeyStrategy';
import { KeyStrategyFactory, type KeyStrategyContext } from './KeyStrategyFactory';
import { SingleKeyStrategy } from './SingleKeyStrategy';
import { TemplateKeyStrategy } from './TemplateKeyStrategy';

const EXPECTED =
  'a str.format template string, Key.SINGLE_KEY, a key function (...args) => unknown, a KeyStrategy instance, or null for the default key';

/**
 * Maps each form of the `key` option (DESIGN.md §4) to one strategy:
 *
 * | `key` | strategy |
 * |---|---|
 * | `null` / `undefined` | `context.defaultStrategy()` (the container's `KeyStrategy` binding) |
 * | a string | {@link TemplateKeyStrategy} (validated now) |
 * | `Key.SINGLE_KEY` | {@link SingleKeyStrategy} |
 * | a `KeyStrategy` instance | itself |
 * | a function | {@link FunctionKeyStrategy} |
 *
 * @throws {@link InvalidCacheConfigError} naming option `key` for anything else (another symbol, a
 *   number, an object, a class such as a `KeyStrategy` subclass instead of an instance).
 */
@injectable()
export class DefaultKeyStrategyFactory extends KeyStrategyFactory {
  /** {@inheritDoc KeyStrategyFactory.create} */
  override create(key: KeyOption | null | undefined, context: KeyStrategyContext): KeyStrategy {
    if (key === null || key === undefined) return context.defaultStrategy();
    if (typeof key === 'string') return new TemplateKeyStrategy(key, context.fn, { isMethod: context.isMethod });
    if (key === Key.SINGLE_KEY) return new SingleKeyStrategy();
    if (key instanceof KeyStrategy) return key;
    if (typeof key === 'function' && !isClass(key)) return new FunctionKeyStrategy(key);
    throw new InvalidCacheConfigError([
      {
        option: 'key',
        value: key,
        expected:
          typeof key === 'function'
            ? `${EXPECTED} (a class cannot be called as a key function; pass an instance)`
            : EXPECTED,
      },
    ]);
  }
}

function isClass(fn: (...args: never[]) => unknown): boolean {
  try {
    return /^class[\s{]/.test(Function.prototype.toString.call(fn));
  } catch {
    return false;
  }
}
