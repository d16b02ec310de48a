import { UnboundedTable } from '../../../src/policies/eviction/UnboundedTable';
import { describeEvictionTableContract } from './evictionTableContract';

describeEvictionTableContract(UnboundedTable.name, () => new UnboundedTable<unknown, unknown>());

describe(UnboundedTable.name, () => {
  describe('set()', () => {
    it('never evicts, however many entries it holds', () => {
      const table = new UnboundedTable<number, number>();
      for (let i = 0; i < 20_000; i++) expect(table.set(i, i)).toHaveLength(0);
      expect(table.size).toBe(20_000);
      expect(table.get(0)).toBe(0);
    });

    it('returns one shared frozen empty array', () => {
      const table = new UnboundedTable<string, number>();
      const first = table.set('a', 1);
      expect(Object.isFrozen(first)).toBe(true);
      expect(table.set('b', 2)).toBe(first);
    });
  });

  describe('entries()', () => {
    it('lists entries in first-insertion order, unaffected by get() and re-set()', () => {
      const table = new UnboundedTable<string, number>();
      table.set('a', 1);
      table.set('b', 2);
      table.set('c', 3);
      table.get('a');
      table.set('b', 20);
      expect([...table.entries()]).toEqual([
        ['a', 1],
        ['b', 20],
        ['c', 3],
      ]);
    });
  });
});
