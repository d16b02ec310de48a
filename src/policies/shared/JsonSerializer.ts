import { injectable } from 'inversify';
import { SerializationError } from '../../contracts/errors/SerializationError';
import { Serializer } from './Serializer';

/**
 * A JSON serializer (UTF-8 `JSON.stringify`/`JSON.parse`), for records other languages read too.
 * Only JSON's types survive: a `Date` comes back as its ISO string, `Map`/`Set`/class instances as
 * plain objects (a `Map` as `{}`), `NaN`/`Infinity` as `null`, `undefined` properties vanish.
 * A top-level `undefined` is encoded as zero bytes and comes back as `undefined`.
 * `bigint` and cyclic values cannot be encoded.
 */
@injectable()
export class JsonSerializer extends Serializer {
  /**
   * {@inheritDoc Serializer.serialize}
   * @throws {@link SerializationError} for a `bigint`, a cyclic value, a function or symbol at the
   * top level, or a `toJSON` that throws.
   */
  override serialize(value: unknown): Buffer {
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch (error) {
      throw new SerializationError(JsonSerializer.name, 'serialize', value, JSON_FORM, { cause: error });
    }
    if (text === undefined) {
      if (value === undefined) return Buffer.alloc(0);
      throw new SerializationError(JsonSerializer.name, 'serialize', value, JSON_FORM);
    }
    return Buffer.from(text, 'utf8');
  }

  /** {@inheritDoc Serializer.deserialize} */
  override deserialize(buffer: Buffer): unknown {
    if (buffer.length === 0) return undefined;
    try {
      return JSON.parse(buffer.toString('utf8')) as unknown;
    } catch (error) {
      throw new SerializationError(JsonSerializer.name, 'deserialize', buffer, 'UTF-8 JSON text', { cause: error });
    }
  }
}

const JSON_FORM = 'a JSON-compatible value (no bigint, no cycles, no function or symbol at the top level)';
