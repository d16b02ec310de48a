import { deserialize, serialize } from 'node:v8';
import { injectable } from 'inversify';
import { SerializationError } from '../../contracts/errors/SerializationError';
import { Serializer } from './Serializer';

const ENCODABLE =
  'a structured-cloneable value (primitives but symbols, plain objects, arrays, Date, Map, Set, RegExp, ' +
  'bigint, typed arrays, Error; no functions, symbols, promises or WeakMaps)';

/**
 * The default serializer: Node's structured clone (`node:v8` `serialize`/`deserialize`). Round-trips
 * `Date`, `Map`, `Set`, `bigint`, `RegExp`, typed arrays and `Buffer`s, `undefined`, `NaN`, `-0`,
 * `Infinity`, sparse arrays, nested and cyclic data (shared references stay shared). Class
 * instances come back as **plain objects** (their own enumerable properties; no prototype, no
 * methods, getters dropped). Functions, symbols, promises and `WeakMap`s cannot be encoded.
 */
@injectable()
export class V8Serializer extends Serializer {
  /**
   * {@inheritDoc Serializer.serialize}
   * @throws {@link SerializationError} for a function, a symbol, a promise or another value
   * structured clone rejects (anywhere inside the value).
   */
  override serialize(value: unknown): Buffer {
    try {
      return serialize(value);
    } catch (error) {
      throw new SerializationError(V8Serializer.name, 'serialize', value, ENCODABLE, { cause: error });
    }
  }

  /** {@inheritDoc Serializer.deserialize} */
  override deserialize(buffer: Buffer): unknown {
    try {
      return deserialize(buffer);
    } catch (error) {
      throw new SerializationError(V8Serializer.name, 'deserialize', buffer, 'bytes written by V8Serializer', {
        cause: error,
      });
    }
  }
}
