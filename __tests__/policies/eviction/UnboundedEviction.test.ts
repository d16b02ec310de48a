import { UnboundedEviction } from '../../../src/policies/eviction/UnboundedEviction';
import { UnboundedTable } from '../../../src/policies/eviction/UnboundedTable';
import { describeEvictionTableContract } from './evictionTableContract';

describeEvictionTableContract(UnboundedEviction.name, (maxsize) => new UnboundedEviction().createTable(maxsize));

describe(UnboundedEviction.name, () => {
  describe('createTable()', () => {
    it.each([[null], [1], [3], [1e9]])('builds an UnboundedTable for maxsize %p', (maxsize) => {
      expect(new UnboundedEviction().createTable(maxsize)).toBeInstanceOf(UnboundedTable);
    });

    it('ignores maxsize: a table built with maxsize 2 keeps every entry', () => {
      const table = new UnboundedEviction().createTable<number, number>(2);
      for (let i = 0; i < 5; i++) expect(table.set(i, i)).toHaveLength(0);
      expect(table.size).toBe(5);
    });

    it('builds a new table on every call', () => {
      const policy = new UnboundedEviction();
      const first = policy.createTable<string, number>(null);
      first.set('a', 1);
      expect(policy.createTable<string, number>(null).size).toBe(0);
    });
  });
});
