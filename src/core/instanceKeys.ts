import { encodeArgs, objectId, type TableKey } from '../strategies/encoding/encodeKey';

/**
 * The key prefix of one instance for a decorated method's default key: `this` by identity
 * (an id, never a strong reference). Computed once per instance.
 * @internal
 */
export function instancePrefix(instance: object): string {
  return `\u0000m${objectId(instance)}:`;
}

/**
 * The default key of a method call: the instance prefix, then a one-character type tag and the
 * primitive for one primitive argument, or `'A'` and the full argument encoding otherwise. Injective:
 * the tag decides how the rest reads. The hit path builds the string and number forms inline.
 * @internal
 */
export function methodKey(prefix: string, args: ArrayLike<unknown>): TableKey {
  if (args.length === 1) {
    const arg = args[0];
    switch (typeof arg) {
      case 'string':
        return prefix + 's' + arg;
      case 'number':
        return prefix + 'n' + arg;
      case 'boolean':
        return prefix + (arg ? 't' : 'f');
      case 'undefined':
        return prefix + 'u';
      case 'bigint':
        return prefix + 'b' + arg;
      default:
        if (arg === null) return prefix + 'l';
    }
  }
  return prefix + 'A' + encodeArgs(args);
}
