import fc from 'fast-check';
import { MethodKey } from '../../../src/core/MethodKey';
import { SmallIntegerKeyedMap } from '../../../src/policies/eviction/SmallIntegerKeyedMap';

/** A decorated method's argument keys of one instance, the map's use in the manager. */
const argumentKeys = (): SmallIntegerKeyedMap<string | number, MethodKey> =>
  new SmallIntegerKeyedMap<string | number, MethodKey>();

const PREFIX = '\u0000m1:';

describe(`${SmallIntegerKeyedMap.name} (a method's argument keys)`, () => {
  it('keeps 1 and "1" apart, finds 0 by -0, and keeps non-index numbers beside the indexed ones', () => {
    const keys = argumentKeys();
    const args: Array<string | number> = [1, '1', 0, 8191, 8192, 2 ** 32 - 1, 1.5, -1, NaN];
    for (const arg of args) keys.set(arg, new MethodKey(PREFIX, arg, keys));
    expect(keys.size).toBe(args.length);
    for (const arg of args) expect(keys.get(arg)?.arg).toBe(arg);
    expect(keys.get(-0)?.arg).toBe(0);
    expect(keys.get('0')).toBeUndefined();
    expect(keys.get({} as unknown as string)).toBeUndefined();
    expect(keys.has('1')).toBe(true);
    expect(keys.delete(1)).toBe(true);
    expect(keys.delete(1)).toBe(false);
    expect(keys.has('1')).toBe(true);
    expect(keys.size).toBe(args.length - 1);
    expect([...keys.keys()].sort()).toEqual([0, 8191, 8192, '1', 2 ** 32 - 1, 1.5, -1, NaN].sort());
  });

  it('a MethodKey releases itself from its map', () => {
    const keys = argumentKeys();
    const key = new MethodKey(PREFIX, 7, keys);
    keys.set(7, key);
    key.release();
    expect(keys.size).toBe(0);
    expect(keys.get(7)).toBeUndefined();
  });

  it('agrees with a Map (SameValueZero) for any mix of arguments', () => {
    const argArb = fc.oneof(
      fc.nat({ max: 20 }),
      fc.constantFrom(-0, 8191, 8192, 2 ** 32 - 1, 1.5, -1, NaN),
      fc.constantFrom('0', '1', '2', 'a'),
    );
    const opArb = fc.record({ op: fc.constantFrom('set', 'delete', 'get'), arg: argArb });
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const keys = argumentKeys();
        const model = new Map<string | number, MethodKey>();
        for (const { op, arg } of ops) {
          if (op === 'set') {
            const key = new MethodKey(PREFIX, arg, keys);
            keys.set(arg, key);
            model.set(arg, key);
          } else if (op === 'delete') {
            expect(keys.delete(arg)).toBe(model.delete(arg));
          } else {
            expect(keys.get(arg)).toBe(model.get(arg));
          }
          expect(keys.size).toBe(model.size);
        }
        expect(new Set(keys.keys())).toEqual(new Set(model.keys()));
      }),
      { numRuns: 300 },
    );
  });
});
