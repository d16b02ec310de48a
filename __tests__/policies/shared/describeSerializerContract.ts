import { SerializationError, type Serializer } from '../../../src';
import { captured } from '../../support/captured';

/**
 * The conformance suite of every `Serializer`: bytes out, the same value back for what JSON can
 * carry, a typed error (and nothing else) for what it cannot encode or decode.
 */
export function describeSerializerContract(name: string, create: () => Serializer): void {
  describe(`${name} (Serializer contract)`, () => {
    it.each([
      ['a string', 'text ✓'],
      ['a number', 42.5],
      ['a boolean', true],
      ['null', null],
      ['nested plain data', { a: [1, { b: 'c' }], d: { e: null } }],
      ['an empty array', []],
    ])('round-trips %s', (_, value) => {
      const serializer = create();
      const bytes = serializer.serialize(value);
      expect(Buffer.isBuffer(bytes)).toBe(true);
      expect(serializer.deserialize(bytes)).toEqual(value);
    });

    it('decodes from a view into a larger buffer', () => {
      const serializer = create();
      const bytes = serializer.serialize({ inside: true });
      const framed = Buffer.concat([Buffer.from('header'), bytes]);
      expect(serializer.deserialize(framed.subarray(6))).toEqual({ inside: true });
    });

    it('throws SerializationError for a function, naming the value and the expected form', () => {
      const error = captured(() => create().serialize(function compute() {}));
      expect(error).toBeInstanceOf(SerializationError);
      expect(error).toMatchObject({ code: 'E_SERIALIZE', direction: 'serialize', serializer: name });
      expect((error as Error).message).toMatch(/compute/);
      expect((error as Error).message).toMatch(/expected/);
    });

    it('throws SerializationError for bytes it did not write', () => {
      const error = captured(() => create().deserialize(Buffer.from([0xff, 0xfe, 0x00, 0x7b])));
      expect(error).toBeInstanceOf(SerializationError);
      expect(error).toMatchObject({ direction: 'deserialize' });
    });
  });
}
