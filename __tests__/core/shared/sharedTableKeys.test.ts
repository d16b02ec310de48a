import fc from 'fast-check';
import { Key } from '../../../src';
import { CompositeKey, CompositeKeys } from '../../../src/core/CompositeKey';
import type { CacheKey } from '../../../src/core/MethodKey';
import {
  FOREIGN_KEY,
  sharedArgsOf,
  sharedRecordKeyOf,
  tableKeyOfRecord,
} from '../../../src/core/shared/sharedTableKeys';
import { encodeArgs, encodeDeterministically, encodeKey } from '../../../src/strategies/encoding/encodeKey';

const PREFIX = 'ns:Orders.get:1:';
const composites = new CompositeKeys();
const composite = (text: string): CacheKey => composites.intern(text);
const back = (key: CacheKey): unknown => tableKeyOfRecord(sharedRecordKeyOf(PREFIX, key), PREFIX, composite);

/** Table keys a shared cache makes: primitives, and composite encodings without identity. */
const tableKey: fc.Arbitrary<CacheKey> = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', '1', '"', '}', '\\', '{', '~', ':', '\u0000', ' ', 'n') }),
  fc.double(),
  fc.constantFrom(true, false, null, undefined, Key.SINGLE_KEY, Symbol.for('k'), Symbol.for('}\\')),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc
    .array(
      fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.dictionary(fc.string({ maxLength: 2 }), fc.integer())),
      {
        maxLength: 3,
      },
    )
    .map((args) => composite(encodeDeterministically(() => encodeArgs(args)))),
  fc
    .dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }))
    .map((o) => composite(encodeKey(o, 0) as string)),
);

describe(sharedArgsOf.name, () => {
  it.each([
    ['42', '"42'],
    [42, 'n42'],
    [-0, 'n0'],
    [Number.NaN, 'nNaN'],
    [true, 't'],
    [null, 'l'],
    [undefined, 'u'],
    [10n, 'b10'],
    [Key.SINGLE_KEY, 'K'],
    [Symbol.for('x'), 'Yx'],
  ])('writes %p as %p', (key, args) => {
    expect(sharedArgsOf(key as CacheKey)).toBe(args);
  });

  it('writes a composite key as ~ and its encoding after the leading NUL', () => {
    expect(sharedArgsOf(new CompositeKey(encodeArgs([1, 'a'])))).toBe(`~${encodeArgs([1, 'a']).slice(1)}`);
  });
});

describe(tableKeyOfRecord.name, () => {
  it('maps every record key back to the table key it was made from', () => {
    fc.assert(
      fc.property(tableKey, (key) => {
        const found = back(key);
        if (typeof key === 'number') expect(Object.is(found, key) || (key === 0 && found === 0)).toBe(true);
        else expect(found).toBe(key);
      }),
      { numRuns: 500 },
    );
  });

  it('gives two different table keys two different record keys', () => {
    fc.assert(
      fc.property(tableKey, tableKey, (a, b) => {
        const same = a === b || (Number.isNaN(a) && Number.isNaN(b));
        expect(sharedRecordKeyOf(PREFIX, a) === sharedRecordKeyOf(PREFIX, b)).toBe(same);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    'other:Orders.get:1:{"1}',
    'ns:Orders.get:2:{"1}',
    'ns:Orders.get:1:"1',
    'ns:Orders.get:1:{?1}',
    'ns:Orders.get:1:{tt}',
    'ns:Orders.get:1:{n}',
    'ns:Orders.get:1:{bx}',
  ])('answers FOREIGN_KEY for %p, which no call of this cache makes', (recordKey) => {
    expect(tableKeyOfRecord(recordKey, PREFIX, composite)).toBe(FOREIGN_KEY);
  });

  it('builds readable record keys for one string or number argument', () => {
    expect(sharedRecordKeyOf(PREFIX, '42')).toBe('ns:Orders.get:1:{"42}');
    expect(sharedRecordKeyOf(PREFIX, 42)).toBe('ns:Orders.get:1:{n42}');
    expect(sharedRecordKeyOf(PREFIX, 'a}b\\')).toBe('ns:Orders.get:1:{"a\\]b\\\\}');
  });
});
