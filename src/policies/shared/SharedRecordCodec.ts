import { SerializationError } from '../../contracts/errors/SerializationError';
import type { SharedRecord } from './SharedRecord';
import type { Serializer } from './Serializer';

/** The first two bytes of every record: `cw`. */
const MAGIC_0 = 0x63;
const MAGIC_1 = 0x77;
/** Bytes before the tags: magic (2), format version (1), flags (1), three float64 times, tag length. */
const HEADER_BYTES = 32;
const NO_TAGS: readonly string[] = Object.freeze([]);

/**
 * The byte layout of a shared record, version {@link SharedRecordCodec.FORMAT_VERSION}:
 *
 * | offset | size | field |
 * |---|---|---|
 * | 0 | 2 | magic `cw` (0x63 0x77) |
 * | 2 | 1 | format version (1) |
 * | 3 | 1 | flags (0; reserved) |
 * | 4 | 8 | `createdAt`, float64 little-endian, epoch ms |
 * | 12 | 8 | `freshUntil`, float64 LE (`Infinity`: never) |
 * | 20 | 8 | `usableUntil`, float64 LE (`Infinity`: never) |
 * | 28 | 4 | byte length `n` of the tags, uint32 LE (0: no tags) |
 * | 32 | n | the tags as a UTF-8 JSON array of strings |
 * | 32 + n | … | the value, as the `Serializer` encoded it |
 *
 * A buffer that is too short, has another magic or format version, impossible times, malformed
 * tags or a payload the serializer rejects decodes to `undefined` (a foreign or outdated record
 * reads as missing and is overwritten by the next fill).
 */
export class SharedRecordCodec {
  /** The format version this codec writes and the only one it reads. */
  static readonly FORMAT_VERSION = 1;
  readonly #serializer: Serializer;

  constructor(serializer: Serializer) {
    this.#serializer = serializer;
  }

  /**
   * Encodes `record` with the serializer.
   * @throws {@link SerializationError} when the serializer cannot encode `record.value`, or the
   * record's times or tags are malformed (a non-finite `createdAt`, `usableUntil < freshUntil`, NaN).
   */
  encode(record: SharedRecord): Buffer {
    const { createdAt, freshUntil, usableUntil, tags } = record;
    if (!Number.isFinite(createdAt) || Number.isNaN(freshUntil) || !(usableUntil >= freshUntil)) {
      throw new SerializationError(
        SharedRecordCodec.name,
        'serialize',
        { createdAt, freshUntil, usableUntil },
        'a finite createdAt and freshUntil ≤ usableUntil (epoch ms or Infinity)',
      );
    }
    if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string')) {
      throw new SerializationError(SharedRecordCodec.name, 'serialize', tags, 'tags as an array of strings');
    }
    const payload = this.#serializer.serialize(record.value);
    const tagBytes = tags.length === 0 ? 0 : Buffer.byteLength(JSON.stringify(tags));
    const out = Buffer.allocUnsafe(HEADER_BYTES + tagBytes + payload.length);
    out[0] = MAGIC_0;
    out[1] = MAGIC_1;
    out[2] = SharedRecordCodec.FORMAT_VERSION;
    out[3] = 0;
    out.writeDoubleLE(createdAt, 4);
    out.writeDoubleLE(freshUntil, 12);
    out.writeDoubleLE(usableUntil, 20);
    out.writeUInt32LE(tagBytes, 28);
    if (tagBytes !== 0) out.write(JSON.stringify(tags), HEADER_BYTES, 'utf8');
    payload.copy(out, HEADER_BYTES + tagBytes);
    return out;
  }

  /** Decodes a record, or `undefined` for anything this codec did not write (see the class docs). */
  decode(buffer: Buffer): SharedRecord | undefined {
    if (
      buffer.length < HEADER_BYTES ||
      buffer[0] !== MAGIC_0 ||
      buffer[1] !== MAGIC_1 ||
      buffer[2] !== SharedRecordCodec.FORMAT_VERSION
    ) {
      return undefined;
    }
    const createdAt = buffer.readDoubleLE(4);
    const freshUntil = buffer.readDoubleLE(12);
    const usableUntil = buffer.readDoubleLE(20);
    const tagBytes = buffer.readUInt32LE(28);
    if (!Number.isFinite(createdAt) || Number.isNaN(freshUntil) || !(usableUntil >= freshUntil)) return undefined;
    if (HEADER_BYTES + tagBytes > buffer.length) return undefined;
    const tags = tagBytes === 0 ? NO_TAGS : readTags(buffer.toString('utf8', HEADER_BYTES, HEADER_BYTES + tagBytes));
    if (tags === undefined) return undefined;
    let value: unknown;
    try {
      value = this.#serializer.deserialize(buffer.subarray(HEADER_BYTES + tagBytes));
    } catch {
      // Undecodable bytes (another serializer, a corrupt write) read as missing, as the contract says.
      return undefined;
    }
    return { value, createdAt, freshUntil, usableUntil, tags };
  }
}

function readTags(text: string): readonly string[] | undefined {
  try {
    const tags: unknown = JSON.parse(text);
    return Array.isArray(tags) && tags.every((tag) => typeof tag === 'string') ? tags : undefined;
  } catch {
    // Malformed tags make the whole record unreadable: it reads as missing.
    return undefined;
  }
}
