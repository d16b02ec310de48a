import { JsonSerializer, SerializationError, SharedRecordCodec, V8Serializer, type SharedRecord } from '../../../src';

const T0 = Date.UTC(2024, 0, 15, 12);
const record = (overrides: Partial<SharedRecord> = {}): SharedRecord => ({
  value: { id: 7, when: new Date(T0) },
  createdAt: T0,
  freshUntil: T0 + 60_000,
  usableUntil: T0 + 120_000,
  tags: ['user:7', 'users'],
  ...overrides,
});

describe(SharedRecordCodec.name, () => {
  const codec = new SharedRecordCodec(new V8Serializer());

  describe('encode() / decode()', () => {
    it('round-trips value, times and tags', () => {
      expect(codec.decode(codec.encode(record()))).toEqual(record());
    });

    it.each([
      ['no tags', record({ tags: [] })],
      ['Infinity for both times', record({ freshUntil: Infinity, usableUntil: Infinity })],
      ['a stale window (freshUntil < usableUntil = Infinity)', record({ usableUntil: Infinity })],
      ['undefined as the value', record({ value: undefined })],
      ['non-ASCII tags', record({ tags: ['größe', '🔑'] })],
    ])('round-trips a record with %s', (_, value) => {
      expect(codec.decode(codec.encode(value))).toEqual(value);
    });

    it('writes the documented header: magic, version, flags, times, tag length', () => {
      const bytes = codec.encode(record({ tags: ['t'] }));
      expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x63, 0x77, SharedRecordCodec.FORMAT_VERSION, 0]));
      expect(bytes.readDoubleLE(4)).toBe(T0);
      expect(bytes.readDoubleLE(12)).toBe(T0 + 60_000);
      expect(bytes.readDoubleLE(20)).toBe(T0 + 120_000);
      expect(bytes.readUInt32LE(28)).toBe(5);
      expect(bytes.toString('utf8', 32, 37)).toBe('["t"]');
    });

    it.each<[string, (bytes: Buffer) => Buffer]>([
      ['empty bytes', () => Buffer.alloc(0)],
      ['a short header', (b) => b.subarray(0, 20)],
      ['another magic', (b) => Buffer.concat([Buffer.from('xx'), b.subarray(2)])],
      ['another format version', (b) => Buffer.concat([b.subarray(0, 2), Buffer.from([2]), b.subarray(3)])],
      ['a tag length past the end', (b) => withUInt32(b, 28, 1_000_000)],
      ['malformed tags', (b) => withText(b, 32, '{"t"}')],
      ['tags that are not strings', (b) => withText(b, 32, '[1,2]')],
      ['a NaN creation time', (b) => withDouble(b, 4, Number.NaN)],
      ['usableUntil before freshUntil', (b) => withDouble(b, 20, T0)],
      ['an undecodable payload', (b) => Buffer.concat([b.subarray(0, 37), Buffer.from([0xff, 0x00])])],
      [
        'a payload of another serializer',
        () => new SharedRecordCodec(new JsonSerializer()).encode(record({ tags: ['t'], value: { json: true } })),
      ],
    ])('decodes %s as undefined', (_, corrupt) => {
      expect(codec.decode(corrupt(codec.encode(record({ tags: ['t'] }))))).toBeUndefined();
    });

    it.each([
      ['a function value', record({ value: () => 1 })],
      ['a NaN createdAt', record({ createdAt: Number.NaN })],
      ['an infinite createdAt', record({ createdAt: Infinity })],
      ['usableUntil before freshUntil', record({ freshUntil: T0 + 2, usableUntil: T0 + 1 })],
      ['tags that are not strings', record({ tags: [1] as never })],
    ])('throws SerializationError for %s', (_, value) => {
      expect(() => codec.encode(value)).toThrow(SerializationError);
    });
  });
});

function withUInt32(bytes: Buffer, offset: number, value: number): Buffer {
  const copy = Buffer.from(bytes);
  copy.writeUInt32LE(value, offset);
  return copy;
}

function withDouble(bytes: Buffer, offset: number, value: number): Buffer {
  const copy = Buffer.from(bytes);
  copy.writeDoubleLE(value, offset);
  return copy;
}

function withText(bytes: Buffer, offset: number, text: string): Buffer {
  const copy = Buffer.from(bytes);
  copy.write(text, offset, 'utf8');
  return copy;
}
