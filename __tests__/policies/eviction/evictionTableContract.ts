import type { EvictionTable } from '../../../src/contracts/EvictionTable';

/** A bound no contract test reaches, so a bounded table never evicts here. */
const ROOMY = 10_000;

/**
 * The behaviour every `EvictionTable` shares, bounded or not (eviction order is tested per
 * implementation). `makeTable(maxsize)` builds a fresh, empty table; it is called with a roomy bound
 * and with `null`.
 */
export function describeEvictionTableContract(
  name: string,
  makeTable: (maxsize: number | null) => EvictionTable<unknown, unknown>,
): void {
  describe.each([
    ['bound', ROOMY],
    ['no bound', null],
  ] as const)(`${name} (EvictionTable contract, %s)`, (_label, maxsize) => {
    const make = (): EvictionTable<unknown, unknown> => makeTable(maxsize);

    it('starts empty', () => {
      const table = make();
      expect(table.size).toBe(0);
      expect(table.get('a')).toBeUndefined();
      expect(table.peek('a')).toBeUndefined();
      expect([...table.entries()]).toEqual([]);
    });

    it('returns stored values from get() and peek()', () => {
      const table = make();
      table.set('a', 1);
      table.set('b', 2);
      expect(table.get('a')).toBe(1);
      expect(table.peek('b')).toBe(2);
      expect(table.size).toBe(2);
    });

    it('returns an empty array from set() when nothing is evicted', () => {
      const table = make();
      expect([...table.set('a', 1)]).toEqual([]);
      expect([...table.set('a', 2)]).toEqual([]);
    });

    it('replaces the value of an existing key without growing', () => {
      const table = make();
      table.set('a', 1);
      table.set('a', 2);
      expect(table.get('a')).toBe(2);
      expect(table.size).toBe(1);
    });

    it.each([
      ['undefined', undefined],
      ['null', null],
      ['NaN', NaN],
      ['a symbol', Symbol('k')],
      ['an object', { id: 1 }],
    ])('keys entries by SameValueZero, including %s', (_what, key) => {
      const table = make();
      table.set(key, 'v');
      expect(table.get(key)).toBe('v');
      expect([...table.entries()]).toEqual([[key, 'v']]);
    });

    it('treats 0 and -0 as the same key', () => {
      const table = make();
      table.set(0, 'zero');
      expect(table.get(-0)).toBe('zero');
    });

    it('stores undefined as a value, counted in size', () => {
      const table = make();
      table.set('a', undefined);
      expect(table.size).toBe(1);
      expect([...table.entries()]).toEqual([['a', undefined]]);
    });

    it('deletes a present key and reports it', () => {
      const table = make();
      table.set('a', 1);
      table.set('b', 2);
      expect(table.delete('a')).toBe(true);
      expect(table.get('a')).toBeUndefined();
      expect(table.size).toBe(1);
      expect([...table.entries()]).toEqual([['b', 2]]);
    });

    it('returns false from delete() when the key is absent', () => {
      const table = make();
      table.set('a', 1);
      expect(table.delete('b')).toBe(false);
      expect(table.delete('a')).toBe(true);
      expect(table.delete('a')).toBe(false);
      expect(table.size).toBe(0);
    });

    it('empties the table on clear() and stays usable', () => {
      const table = make();
      for (let i = 0; i < 50; i++) table.set(i, i);
      table.clear();
      expect(table.size).toBe(0);
      expect(table.get(1)).toBeUndefined();
      expect([...table.entries()]).toEqual([]);
      for (let i = 0; i < 50; i++) table.set(`k${i}`, i);
      expect(table.size).toBe(50);
      expect(table.get('k49')).toBe(49);
      expect([...table.entries()]).toHaveLength(50);
    });

    it('keeps entries past 1024 (beyond any initial allocation)', () => {
      const table = make();
      for (let i = 0; i < 3000; i++) table.set(i, i * 2);
      expect(table.size).toBe(3000);
      expect(table.get(0)).toBe(0);
      expect(table.get(2999)).toBe(5998);
    });

    it('lists every entry once from entries()', () => {
      const table = make();
      table.set('a', 1);
      table.set('b', 2);
      table.set('c', 3);
      expect(new Map(table.entries())).toEqual(
        new Map([
          ['a', 1],
          ['b', 2],
          ['c', 3],
        ]),
      );
    });

    it('visits every entry once when each is deleted during entries() (a sweep)', () => {
      const table = make();
      for (let i = 0; i < 20; i++) table.set(i, i);
      const seen: unknown[] = [];
      for (const [key, value] of table.entries()) {
        seen.push(key);
        if ((value as number) % 2 === 0) table.delete(key);
      }
      expect(seen.sort((a, b) => (a as number) - (b as number))).toEqual([...Array(20).keys()]);
      expect(table.size).toBe(10);
      expect([...table.entries()].map(([key]) => key).sort()).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19].sort());
    });

    it('empties the table when every entry is deleted during entries()', () => {
      const table = make();
      for (let i = 0; i < 10; i++) table.set(i, i);
      for (const [key] of table.entries()) table.delete(key);
      expect(table.size).toBe(0);
      table.set('again', 1);
      expect([...table.entries()]).toEqual([['again', 1]]);
    });

    it('exposes size as a read-only property', () => {
      const table = make();
      table.set('a', 1);
      expect(() => {
        (table as { size: number }).size = 5;
      }).toThrow(TypeError);
      expect(table.size).toBe(1);
    });
  });
}
