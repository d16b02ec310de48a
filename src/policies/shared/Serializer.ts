/**
 * Turns values into bytes for the shared tier and back. Every process of a namespace must use the
 * same serializer: a record another serializer wrote reads as missing (or, if it happens to decode,
 * as whatever it decodes to). The default is `V8Serializer`; bind another one with
 * `redisTierModule({ serializer })` or `container.rebind(Serializer).to(MySerializer)` before the
 * tier is first resolved.
 *
 * @example msgpackr, faster than structured clone (bench/gaps.md), if its semantics suit you: it
 * silently drops what it cannot encode (a function property comes back `undefined`) instead of
 * throwing, and loses `-0` and array holes.
 * ```ts
 * import { Packr } from 'msgpackr';
 * class MsgpackrSerializer extends Serializer {
 *   readonly #packr = new Packr({ structuredClone: true });
 *   override serialize(value: unknown): Buffer { return this.#packr.pack(value); }
 *   override deserialize(buffer: Buffer): unknown { return this.#packr.unpack(buffer); }
 * }
 * container.load(redisTierModule({ client, namespace: 'orders', serializer: new MsgpackrSerializer() }));
 * ```
 */
export abstract class Serializer {
  /**
   * Encodes `value`.
   * @throws {@link SerializationError} when the value cannot be encoded (nothing else).
   */
  abstract serialize(value: unknown): Buffer;

  /**
   * Decodes bytes written by {@link Serializer.serialize}. `buffer` may be a view into a larger
   * buffer (mind `byteOffset`).
   * @throws {@link SerializationError} when the bytes cannot be decoded (nothing else).
   */
  abstract deserialize(buffer: Buffer): unknown;
}
