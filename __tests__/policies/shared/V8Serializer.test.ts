import { SerializationError, V8Serializer } from '../../../src';
import { describeSerializerContract } from './describeSerializerContract';

describeSerializerContract('V8Serializer', () => new V8Serializer());

describe(V8Serializer.name, () => {
  const roundTrip = (value: unknown): unknown => {
    const serializer = new V8Serializer();
    return serializer.deserialize(serializer.serialize(value));
  };

  describe('serialize() / deserialize()', () => {
    it.each([
      ['a Date', new Date(Date.UTC(2024, 0, 15, 12))],
      [
        'a Map with object keys and values',
        new Map<unknown, unknown>([
          [{ k: 1 }, { v: [1, 2] }],
          ['s', 2n],
        ]),
      ],
      ['a Set', new Set([1, 'two', { three: 3 }])],
      ['a bigint', 2n ** 70n],
      ['a RegExp with flags', /a+b?/giu],
      ['a Uint8Array', new Uint8Array([1, 2, 255])],
      ['a Float64Array', new Float64Array([1.5, -0, Number.NaN])],
      ['a Buffer', Buffer.from('bytes')],
      ['undefined', undefined],
      ['NaN', Number.NaN],
      ['-0', -0],
      ['Infinity', -Infinity],
      ['a sparse array', [1, , 3]],
      ['an object holding undefined', { gone: undefined, kept: 1 }],
    ])('round-trips %s', (_, value) => {
      expect(roundTrip(value)).toEqual(value);
    });

    it('keeps -0, NaN and a bigint exact (not merely equal)', () => {
      expect(Object.is(roundTrip(-0), -0)).toBe(true);
      expect(Number.isNaN(roundTrip(Number.NaN))).toBe(true);
      expect(roundTrip(12345678901234567890n)).toBe(12345678901234567890n);
    });

    it('round-trips cyclic data with shared references kept shared', () => {
      const shared = { name: 'shared' };
      const value: Record<string, unknown> = { a: shared, b: shared };
      value.self = value;
      const copy = roundTrip(value) as Record<string, unknown>;
      expect(copy.self).toBe(copy);
      expect(copy.a).toBe(copy.b);
      expect(copy.a).toEqual(shared);
    });

    it('round-trips nested collections of every kind', () => {
      const value = { when: new Date(0), tags: new Set(['x']), index: new Map([['k', [new Uint16Array([7])]]]) };
      expect(roundTrip(value)).toEqual(value);
    });

    it('returns class instances as plain objects of their own enumerable properties', () => {
      class Order {
        constructor(readonly id: number) {}
        get label(): string {
          return `order ${this.id}`;
        }
      }
      const copy = roundTrip(new Order(7)) as Record<string, unknown>;
      expect(copy).toEqual({ id: 7 });
      expect(copy).not.toBeInstanceOf(Order);
      // (v8.deserialize builds objects in Node's own realm, not jest's sandbox: compare by name.)
      expect((Object.getPrototypeOf(copy) as object).constructor.name).toBe('Object');
      expect(copy.label).toBeUndefined();
    });

    it.each([
      ['a symbol', Symbol('s')],
      ['a promise', Promise.resolve(1)],
      ['a WeakMap', new WeakMap()],
      ['a function deep inside', { deep: [{ fn: () => 1 }] }],
    ])('throws SerializationError for %s', (_, value) => {
      expect(() => new V8Serializer().serialize(value)).toThrow(SerializationError);
    });
  });
});
