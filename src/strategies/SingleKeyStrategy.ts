import { Key } from '../contracts/Key';
import { KeyStrategy, type KeyCall } from '../contracts/KeyStrategy';

/**
 * `key: Key.SINGLE_KEY`: one entry whatever the arguments and whatever `this`, so every call of
 * the wrapped function (every instance of a decorated method) shares one stored value.
 * `keyFor` always returns `Key.SINGLE_KEY` itself.
 */
export class SingleKeyStrategy extends KeyStrategy {
  /** {@inheritDoc KeyStrategy.keyFor} */
  override keyFor(_call: KeyCall): typeof Key.SINGLE_KEY {
    return Key.SINGLE_KEY;
  }
}
