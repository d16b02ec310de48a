import { InvalidCacheConfigError } from '../../../src/contracts/errors/InvalidCacheConfigError';
import { LeastRecentlyUsedEviction } from '../../../src/policies/eviction/LeastRecentlyUsedEviction';
import { LeastRecentlyUsedTable } from '../../../src/policies/eviction/LeastRecentlyUsedTable';
import { UnboundedTable } from '../../../src/policies/eviction/UnboundedTable';
import { describeEvictionTableContract } from './evictionTableContract';

describeEvictionTableContract(LeastRecentlyUsedEviction.name, (maxsize) =>
  new LeastRecentlyUsedEviction().createTable(maxsize),
);

describe(LeastRecentlyUsedEviction.name, () => {
  describe('createTable()', () => {
    it.each([
      [null, UnboundedTable],
      [1, LeastRecentlyUsedTable],
      [1000, LeastRecentlyUsedTable],
      [1e9, LeastRecentlyUsedTable],
    ])('builds for maxsize %p a %p', (maxsize, kind) => {
      expect(new LeastRecentlyUsedEviction().createTable(maxsize)).toBeInstanceOf(kind);
    });

    it('bounds the table to maxsize', () => {
      const table = new LeastRecentlyUsedEviction().createTable<string, number>(2);
      table.set('a', 1);
      table.set('b', 2);
      expect(table.set('c', 3)).toEqual([['a', 1]]);
      expect(table.size).toBe(2);
    });

    it.each([[0], [-1], [1.5], [NaN]])('throws InvalidCacheConfigError for maxsize %p', (maxsize) => {
      expect(() => new LeastRecentlyUsedEviction().createTable(maxsize)).toThrow(InvalidCacheConfigError);
    });
  });
});
