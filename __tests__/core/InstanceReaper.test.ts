import { CompositeKey } from '../../src/core/CompositeKey';
import { Entry } from '../../src/core/Entry';
import { EntryStore } from '../../src/core/EntryStore';
import { Flight } from '../../src/core/Flight';
import { InstanceReaper } from '../../src/core/InstanceReaper';
import { MethodKey, type CacheKey } from '../../src/core/MethodKey';
import { LeastRecentlyUsedTable } from '../../src/policies/eviction/LeastRecentlyUsedTable';

const A = '\u0000m1:';
const B = '\u0000m12:';

function setup() {
  const removed: unknown[] = [];
  const store = new EntryStore(new LeastRecentlyUsedTable<CacheKey, unknown>(10), () => undefined);
  const reaper = new InstanceReaper(store, (_key, value) => removed.push(value));
  const ownerA = new Map<string | number, MethodKey>();
  const ownerB = new Map<string | number, MethodKey>();
  const keyA = new MethodKey(A, 1, ownerA);
  ownerA.set(1, keyA);
  const keyB = new MethodKey(B, 1, ownerB);
  ownerB.set(1, keyB);
  const compositeA = new CompositeKey(`${A}A:x`);
  const entryA = new Entry(compositeA, new Flight(compositeA, 0));
  store.put(keyA, 'a1');
  store.put(compositeA, entryA);
  store.put(keyB, 'b1');
  store.put(42, 'not a method key');
  return { store, reaper, removed, ownerA, ownerB, keyA, entryA };
}

describe(InstanceReaper.name, () => {
  it("removes a collected instance's entries one microtask later, and only that instance's", async () => {
    const { store, reaper, removed, ownerA, ownerB, keyA, entryA } = setup();
    reaper.collected(A);
    expect(store.table.size).toBe(4);
    await Promise.resolve();
    expect([...store.table.entries()].map(([, value]) => value)).toEqual(['b1', 'not a method key']);
    expect(removed).toEqual(['a1', entryA]);
    expect(ownerA.size).toBe(0);
    expect(keyA.stored).toBeUndefined();
    expect(ownerB.size).toBe(1);
  });

  it('reaps every instance reported before the microtask runs in one pass', async () => {
    const { store, reaper } = setup();
    const spy = jest.spyOn(store.table, 'entries');
    reaper.collected(A);
    reaper.collected(B);
    await Promise.resolve();
    expect(spy).toHaveBeenCalledTimes(1);
    expect([...store.table.entries()].map(([key]) => key)).toEqual([42]);
    reaper.collected(B);
    await Promise.resolve();
    expect(spy).toHaveBeenCalledTimes(3);
  });

  it("removes the primary instance's entries (raw keys and unprefixed encodings), and only those", async () => {
    const { store, reaper } = setup();
    const primaryComposite = new CompositeKey('\u0000a2:n1;n2;');
    store.put(primaryComposite, 'p2');
    reaper.register({}, '\u0000m7:', true);
    reaper.collected('\u0000m7:');
    await Promise.resolve();
    expect([...store.table.entries()].map(([key]) => key)).toEqual([
      expect.any(MethodKey),
      expect.any(CompositeKey),
      expect.any(MethodKey),
    ]);
    expect([...store.table.entries()].map(([, value]) => value)).not.toContain('p2');
    expect([...store.table.entries()].map(([, value]) => value)).not.toContain('not a method key');
  });

  it('registers instances with a FinalizationRegistry', () => {
    const register = jest.spyOn(FinalizationRegistry.prototype, 'register');
    const { reaper } = setup();
    const instance = {};
    reaper.register(instance, A);
    expect(register).toHaveBeenCalledWith(instance, A);
    register.mockRestore();
  });
});
