import { LeastRecentlyUsedTable } from '../../../src/policies/eviction/LeastRecentlyUsedTable';
import { slottedTableOf } from '../../../src/policies/eviction/slottedTableOf';
import { UnboundedTable } from '../../../src/policies/eviction/UnboundedTable';
import { WindowTinyLfuTable } from '../../../src/policies/eviction/WindowTinyLfuTable';

class CustomLru<K, V> extends LeastRecentlyUsedTable<K, V> {}
class CustomTinyLfu<K, V> extends WindowTinyLfuTable<K, V> {}

describe('slottedTableOf()', () => {
  it.each([
    ['LeastRecentlyUsedTable', () => new LeastRecentlyUsedTable(10)],
    ['WindowTinyLfuTable', () => new WindowTinyLfuTable(10)],
  ])('recognises the built-in %s by exact class', (_name, make) => {
    const table = make();
    expect(slottedTableOf(table)).toBe(table);
  });

  it.each([
    ['a subclass of the LRU', () => new CustomLru(10)],
    ['a subclass of W-TinyLFU', () => new CustomTinyLfu(10)],
    ['a Proxy over the LRU', () => new Proxy(new LeastRecentlyUsedTable(10), {})],
    ['a Proxy over W-TinyLFU', () => new Proxy(new WindowTinyLfuTable(10), {})],
    ['an UnboundedTable', () => new UnboundedTable()],
  ])('leaves %s to the EvictionTable methods', (_name, make) => {
    expect(slottedTableOf(make())).toBeNull();
  });
});
