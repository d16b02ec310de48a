import 'reflect-metadata';
import { injectable } from 'inversify';
import {
  Cacheable,
  CacheManager,
  createCacheContainer,
  EvictionPolicy,
  InvalidCacheConfigError,
  LeastRecentlyUsedEviction,
  UnboundedEviction,
  WindowTinyLfuEviction,
  type EvictionTable,
} from '../../../src';
import { LeastRecentlyUsedTable } from '../../../src/policies/eviction/LeastRecentlyUsedTable';
import { UnboundedTable } from '../../../src/policies/eviction/UnboundedTable';
import { WindowTinyLfuTable } from '../../../src/policies/eviction/WindowTinyLfuTable';
import { newManager } from '../../support/managers';

/** A policy that records the bounds it was asked for and the tables it built. */
class ProbePolicy extends EvictionPolicy {
  readonly bounds: Array<number | null> = [];
  readonly tables: Array<EvictionTable<unknown, unknown>> = [];
  override createTable<K, V>(maxsize: number | null): EvictionTable<K, V> {
    this.bounds.push(maxsize);
    const table = new LeastRecentlyUsedEviction().createTable<K, V>(maxsize);
    this.tables.push(table);
    return table;
  }
}

/** The kind of table `options` give a cache: read through the policy's `createTable` return. */
function tableKind(options: Record<string, unknown>, container = createCacheContainer()): unknown {
  const built: unknown[] = [];
  for (const policy of [LeastRecentlyUsedEviction, WindowTinyLfuEviction, UnboundedEviction]) {
    const original = policy.prototype.createTable;
    jest.spyOn(policy.prototype, 'createTable').mockImplementation(function (this: EvictionPolicy, maxsize) {
      const table = original.call(this, maxsize);
      built.push(table);
      return table;
    });
  }
  try {
    container.get(CacheManager).wrap((x: number) => x, options);
  } finally {
    jest.restoreAllMocks();
  }
  expect(built).toHaveLength(1);
  return (built[0] as object).constructor;
}

describe('the eviction option', () => {
  it.each([
    ['lru', { maxsize: 10, eviction: 'lru' }, LeastRecentlyUsedTable],
    ['w-tinylfu', { maxsize: 10, eviction: 'w-tinylfu' }, WindowTinyLfuTable],
    ['null (the container binding: LRU)', { maxsize: 10, eviction: null }, LeastRecentlyUsedTable],
    ['absent (the container binding: LRU)', { maxsize: 10 }, LeastRecentlyUsedTable],
    ['a WindowTinyLfuEviction instance', { maxsize: 10, eviction: new WindowTinyLfuEviction() }, WindowTinyLfuTable],
    ["'w-tinylfu' with maxsize: null (nothing to evict)", { eviction: 'w-tinylfu' }, UnboundedTable],
  ])('builds the table of %s', (_what, options, kind) => {
    expect(tableKind(options)).toBe(kind);
  });

  it('overrides the container binding for one cache', () => {
    const container = createCacheContainer();
    container.rebind(EvictionPolicy).to(WindowTinyLfuEviction);
    expect(tableKind({ maxsize: 10 }, container)).toBe(WindowTinyLfuTable);
    expect(tableKind({ maxsize: 10, eviction: 'lru' }, container)).toBe(LeastRecentlyUsedTable);
  });

  it('asks an EvictionPolicy instance for a table bounded by maxsize', () => {
    const probe = new ProbePolicy();
    const cached = newManager().wrap((x: number) => x, { maxsize: 3, eviction: probe });
    for (let x = 0; x < 10; x++) cached(x);
    expect(probe.bounds).toEqual([3]);
    expect(probe.tables[0].size).toBe(3);
  });

  it('asks it for a table that never binds (Number.MAX_SAFE_INTEGER) under a weight bound without maxsize', () => {
    const probe = new ProbePolicy();
    newManager().wrap((x: number) => x, { maxWeight: 10, weigh: () => 1, eviction: probe });
    expect(probe.bounds).toEqual([Number.MAX_SAFE_INTEGER]);
  });

  it('does not consult it for maxsize: null without a weight bound', () => {
    const probe = new ProbePolicy();
    newManager().wrap((x: number) => x, { eviction: probe });
    expect(probe.bounds).toEqual([]);
  });

  it('is shown by cacheParameters() as given, null when absent', () => {
    const policy = new WindowTinyLfuEviction();
    expect(
      newManager()
        .wrap((x: number) => x, { maxsize: 5, eviction: 'w-tinylfu' })
        .cacheParameters(),
    ).toMatchObject({
      eviction: 'w-tinylfu',
      maxWeight: null,
      weigh: null,
    });
    expect(
      newManager()
        .wrap((x: number) => x, { maxsize: 5, eviction: policy })
        .cacheParameters().eviction,
    ).toBe(policy);
    expect(
      newManager()
        .wrap((x: number) => x)
        .cacheParameters().eviction,
    ).toBeNull();
  });

  it.each([['fifo'], ['LRU'], [42], [{}], [LeastRecentlyUsedEviction]])(
    'rejects %p at wrap time with InvalidCacheConfigError naming the option and value',
    (eviction) => {
      expect(() => newManager().wrap((x: number) => x, { maxsize: 5, eviction: eviction as never })).toThrow(
        InvalidCacheConfigError,
      );
      expect(() => newManager().wrap((x: number) => x, { maxsize: 5, eviction: eviction as never })).toThrow(
        /eviction = .*expected 'lru', 'w-tinylfu', an EvictionPolicy instance or null/,
      );
    },
  );

  it('rejects a bad value at decoration time', () => {
    expect(() => {
      class Service {
        @Cacheable({ maxsize: 5, eviction: 'random' as never })
        get(x: number): number {
          return x;
        }
      }
      return Service;
    }).toThrow(/eviction = "random"/);
  });
});

/** A `weigh` for the validation table. */
const one = (): number => 1;

describe('the maxWeight and weigh options', () => {
  it.each([
    [
      'maxWeight without weigh',
      { maxWeight: 10 },
      /weigh = null \(expected a function \(result, \.\.\.args\) => number: maxWeight needs weigh\)/,
    ],
    [
      'weigh without maxWeight',
      { weigh: one },
      /maxWeight = null \(expected a finite number >= 0: weigh needs maxWeight\)/,
    ],
    ['a negative maxWeight', { maxWeight: -1, weigh: one }, /maxWeight = -1 \(expected null or a finite number >= 0\)/],
    ['an infinite maxWeight', { maxWeight: Infinity, weigh: one }, /maxWeight = Infinity/],
    ['a string maxWeight', { maxWeight: '10', weigh: one }, /maxWeight = "10"/],
    ['a weigh that is no function', { maxWeight: 10, weigh: 3 }, /weigh = 3 \(expected a function/],
  ])('rejects %s with InvalidCacheConfigError', (_what, options, message) => {
    expect(() => newManager().wrap((x: number) => x, options as never)).toThrow(InvalidCacheConfigError);
    expect(() => newManager().wrap((x: number) => x, options as never)).toThrow(message);
  });

  it('are shown by cacheParameters()', () => {
    const weigh = (result: number): number => result;
    expect(
      newManager()
        .wrap((x: number) => x, { maxWeight: 7, weigh })
        .cacheParameters(),
    ).toMatchObject({
      maxWeight: 7,
      weigh,
      eviction: null,
    });
  });

  it('work with a table from a rebound policy: its first entry goes first', () => {
    @injectable()
    class ProbeEviction extends EvictionPolicy {
      override createTable<K, V>(_maxsize: number | null): EvictionTable<K, V> {
        return new UnboundedTable<K, V>(); // no built-in bounded table: the store evicts through entries()
      }
    }
    const container = createCacheContainer();
    container.rebind(EvictionPolicy).to(ProbeEviction);
    const cached = container.get(CacheManager).wrap((x: number) => x, { maxWeight: 3, weigh: one });
    for (let x = 0; x < 5; x++) cached(x);
    expect(cached.cacheInfo()).toMatchObject({ currentSize: 3, currentWeight: 3 });
    expect(cached.peek(0)).toBeUndefined();
    expect(cached.peek(4)).toBe(4);
  });
});
