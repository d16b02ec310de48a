import { EntryStore } from '../../src/core/EntryStore';
import type { CacheKey } from '../../src/core/MethodKey';
import { MethodKey } from '../../src/core/MethodKey';
import { LeastRecentlyUsedTable } from '../../src/policies/eviction/LeastRecentlyUsedTable';
import { WindowTinyLfuTable } from '../../src/policies/eviction/WindowTinyLfuTable';
import type { EvictionTable } from '../../src/contracts/EvictionTable';

/** The keys of one instance's binding, as `InstanceBinding` keeps them. */
function methodKeys(): { keyOf: (arg: number) => MethodKey; live: Map<string | number, MethodKey> } {
  const live = new Map<string | number, MethodKey>();
  return {
    live,
    keyOf: (arg) => {
      let key = live.get(arg);
      if (key === undefined) live.set(arg, (key = new MethodKey('p1', arg, live)));
      return key;
    },
  };
}

describe(EntryStore.name, () => {
  describe.each([
    ['LeastRecentlyUsedTable', (maxsize: number) => new LeastRecentlyUsedTable<CacheKey, unknown>(maxsize)],
    ['WindowTinyLfuTable', (maxsize: number) => new WindowTinyLfuTable<CacheKey, unknown>(maxsize)],
  ])('over a built-in %s', (_name, makeTable) => {
    it('stores through the table slots and tells a MethodKey its slot and value', () => {
      const table = makeTable(10);
      const store = new EntryStore(table, () => undefined);
      expect(store.slotted).toBe(table);
      const { keyOf } = methodKeys();
      const key = keyOf(1);
      store.put(key, 'one', true);
      expect(key.stored).toBe('one');
      expect(table.peek(key)).toBe('one');
      store.slotted!.refresh(key.slot); // a live slot: no throw, the entry stays
      expect(table.peek(key)).toBe('one');
    });

    it('releases the MethodKey of every entry the table evicts', () => {
      const table = makeTable(3);
      const store = new EntryStore(table, () => undefined);
      const { keyOf, live } = methodKeys();
      for (let arg = 0; arg < 50; arg++) store.put(keyOf(arg), arg, true);
      expect(table.size).toBe(3);
      expect([...live.values()].filter((key) => key.stored !== undefined)).toHaveLength(3);
      expect(live.size).toBe(3);
      for (const key of live.values()) expect(table.peek(key)).toBe(key.stored);
    });
  });

  it('stores into any other table (here a Proxy over W-TinyLFU) through set(), releasing evicted keys', () => {
    const target = new WindowTinyLfuTable<CacheKey, unknown>(2);
    // Its methods run on the table itself (private fields cannot be reached through a Proxy).
    const table: EvictionTable<CacheKey, unknown> = new Proxy(target, {
      get: (object, property) => {
        const value: unknown = Reflect.get(object, property, object);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
      },
    });
    const store = new EntryStore(table, () => undefined);
    expect(store.slotted).toBeNull();
    const { keyOf, live } = methodKeys();
    for (let arg = 0; arg < 5; arg++) store.put(keyOf(arg), arg);
    expect(table.size).toBe(2);
    expect(live.size).toBe(2);
    for (const key of live.values()) expect(key.stored).toBeUndefined(); // only the slotted path fills it
  });
});
