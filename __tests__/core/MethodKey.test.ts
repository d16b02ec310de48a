import 'reflect-metadata';
import fc from 'fast-check';
import { Cacheable, cacheOf } from '../../src';
import type { InstanceBinding } from '../../src/core/InstanceBinding';
import { MethodKey } from '../../src/core/MethodKey';

function bindingOf(instance: object): InstanceBinding {
  const slot = Object.getOwnPropertySymbols(instance).find((symbol) =>
    String(symbol).startsWith('Symbol(cachewright:'),
  );
  return (instance as Record<symbol, InstanceBinding>)[slot!];
}

describe(MethodKey.name, () => {
  it('keeps exactly the live keys of an instance as entries are evicted, fail and are cleared', async () => {
    class Service {
      @Cacheable({ maxsize: 2 })
      square(x: number): number {
        if (x < 0) throw new Error('negative');
        return x * x;
      }
      @Cacheable()
      async twice(x: string): Promise<string> {
        if (x === 'bad') throw new Error('bad');
        return x + x;
      }
    }
    // The first instance a cache serves is its primary one, keyed without MethodKeys: bind one first.
    const primary = new Service();
    expect(() => primary.square(-1)).toThrow('negative');
    await expect(primary.twice('bad')).rejects.toThrow('bad');
    expect(bindingOf(primary).primary).toBe(true);
    const service = new Service();
    for (let x = 0; x < 100; x++) expect(service.square(x)).toBe(x * x);
    expect(service.square(99)).toBe(9801);
    expect(cacheOf(service.square).cacheInfo()).toMatchObject({ currentSize: 2, hits: 1 });
    expect([...bindingOf(service).keys.keys()].sort()).toEqual([98, 99]);
    expect(() => service.square(-1)).toThrow('negative');
    expect([...bindingOf(service).keys.keys()].sort()).toEqual([98, 99]);
    cacheOf(service.square).clearCache();
    expect(bindingOf(service).keys.size).toBe(0);
    expect(service.square(3)).toBe(9);
    expect(service.square(3)).toBe(9);
    expect(cacheOf(service.square).cacheInfo()).toMatchObject({ hits: 1, misses: 1 });
    expect(bindingOf(service).primary).toBe(false);

    await expect(service.twice('bad')).rejects.toThrow('bad');
    await expect(service.twice('ok')).resolves.toBe('okok');
    const asyncKeys = [...Object.getOwnPropertySymbols(service)]
      .map((symbol) => (service as unknown as Record<symbol, InstanceBinding>)[symbol])
      .filter((binding) => binding.keys.has('ok'));
    expect(asyncKeys).toHaveLength(1);
    expect(asyncKeys[0].keys.has('bad')).toBe(false);
  });

  it('keeps 1 and "1" apart for one instance and two instances apart for one argument', () => {
    let calls = 0;
    class Service {
      @Cacheable()
      echo(x: unknown): unknown {
        calls++;
        return x;
      }
    }
    const a = new Service();
    const b = new Service();
    a.echo(1);
    a.echo('1');
    b.echo(1);
    a.echo(1);
    b.echo(1);
    expect(calls).toBe(3);
  });
});

describe('MethodKey slot handles in a bounded method cache', () => {
  /** Least recently used first: `instance:arg` keys of an exact LRU of `maxsize`. */
  function referenceMisses(maxsize: number, calls: ReadonlyArray<readonly [number, number]>): number[] {
    const order: string[] = [];
    const misses: number[] = [];
    calls.forEach(([instance, arg], step) => {
      const key = `${instance}:${arg}`;
      const at = order.indexOf(key);
      if (at >= 0) order.splice(at, 1);
      else {
        misses.push(step);
        if (order.length === maxsize) order.shift();
      }
      order.push(key);
    });
    return misses;
  }

  it.each([
    ['plain', {}],
    ['rich (expiring entries)', { expiration: '1 hour' }],
  ])(
    'answers every call with its own value and misses exactly where an LRU over all instances does (%s)',
    (_layout, extra) => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 4 }),
          fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 5 })), { maxLength: 60 }),
          (maxsize, calls) => {
            const ran: number[] = [];
            let step = 0;
            class Service {
              constructor(readonly id: number) {}
              @Cacheable({ maxsize, ...extra })
              value(arg: number): string {
                ran.push(step);
                return `${this.id}:${arg}`;
              }
            }
            const services = [new Service(0), new Service(1), new Service(2)];
            for (const [instance, arg] of calls) {
              expect(services[instance].value(arg)).toBe(`${instance}:${arg}`);
              step++;
            }
            expect(ran).toEqual(referenceMisses(maxsize, calls));
            const info = cacheOf(Service.prototype.value).cacheInfo();
            expect(info.hits + info.misses).toBe(calls.length);
            expect(info.misses).toBe(ran.length);
          },
        ),
        { numRuns: 150 },
      );
    },
  );
});

describe(`${MethodKey.name} contentHash()`, () => {
  it('hashes by instance prefix and argument, so the key made again after a release hashes the same', () => {
    const owner = new Map<string | number, MethodKey>();
    expect(new MethodKey('p1', 'a', owner).contentHash()).toBe(new MethodKey('p1', 'a', owner).contentHash());
    expect(new MethodKey('p1', 7, owner).contentHash()).toBe(new MethodKey('p1', 7, owner).contentHash());
    expect(new MethodKey('p1', 'a', owner).contentHash()).not.toBe(new MethodKey('p2', 'a', owner).contentHash());
    expect(new MethodKey('p1', 1, owner).contentHash()).not.toBe(new MethodKey('p1', 2, owner).contentHash());
  });
});
