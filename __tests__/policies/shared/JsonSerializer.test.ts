import { JsonSerializer, SerializationError } from '../../../src';
import { describeSerializerContract } from './describeSerializerContract';

describeSerializerContract('JsonSerializer', () => new JsonSerializer());

describe(JsonSerializer.name, () => {
  const serializer = new JsonSerializer();
  const roundTrip = (value: unknown): unknown => serializer.deserialize(serializer.serialize(value));

  describe('serialize() / deserialize()', () => {
    it('writes UTF-8 JSON text', () => {
      expect(serializer.serialize({ a: 'é' }).toString('utf8')).toBe('{"a":"é"}');
    });

    it('encodes a top-level undefined as zero bytes and reads it back', () => {
      expect(serializer.serialize(undefined)).toHaveLength(0);
      expect(roundTrip(undefined)).toBeUndefined();
    });

    it('keeps only what JSON carries: dates as strings, maps as {}, NaN as null', () => {
      expect(roundTrip({ when: new Date(0), map: new Map([[1, 2]]), nan: Number.NaN, gone: undefined })).toEqual({
        when: '1970-01-01T00:00:00.000Z',
        map: {},
        nan: null,
      });
    });

    it.each([
      ['a bigint', 1n],
      [
        'a cyclic value',
        (() => {
          const cyclic: Record<string, unknown> = {};
          cyclic.self = cyclic;
          return cyclic;
        })(),
      ],
      ['a symbol', Symbol('s')],
    ])('throws SerializationError for %s', (_, value) => {
      expect(() => serializer.serialize(value)).toThrow(SerializationError);
    });
  });
});
