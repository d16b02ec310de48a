import { injectable } from 'inversify';
import { encodeArgs, encodeKey, type TableKey } from './encoding/encodeKey';
import { KeyStrategy, type KeyCall } from '../contracts/KeyStrategy';

/**
 * The default key (DESIGN.md §4): `this` by identity (decorated methods; `undefined` for a
 * `wrap`ped function, so not keyed) plus every argument in order, encoded by type and structure.
 * A call with one argument and no `this` is keyed by `encodeKey` (a primitive is its own key);
 * any other call by `encodeArgs`. These are exactly the table keys of the manager's inlined
 * fast path, and they are final: encoding them again with `encodeKey` keeps them apart.
 *
 * Rebind `KeyStrategy` to replace it: `container.rebind(KeyStrategy).to(MyKey)`.
 * @throws {@link KeyEncodingError} from `keyFor` when an argument is cyclic or a getter throws.
 * @example
 * ```ts
 * const strategy = new DefaultKeyStrategy();
 * strategy.keyFor({ thisArg: undefined, args: [1] });             // 1
 * strategy.keyFor({ thisArg: undefined, args: [{ a: 1, b: 2 }] }) ===
 *   strategy.keyFor({ thisArg: undefined, args: [{ b: 2, a: 1 }] }); // true
 * ```
 */
@injectable()
export class DefaultKeyStrategy extends KeyStrategy {
  /** {@inheritDoc KeyStrategy.keyFor} */
  override keyFor(call: KeyCall): TableKey {
    const { thisArg, args } = call;
    return args.length === 1 && thisArg === undefined
      ? encodeKey(args[0], 0)
      : encodeArgs(args, thisArg as object | undefined);
  }
}
