import 'reflect-metadata';
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
