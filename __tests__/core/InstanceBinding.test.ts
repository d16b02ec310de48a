import 'reflect-metadata';
import { Cacheable, CacheManager, attachCacheManager, cacheOf, createCacheContainer } from '../../src';
import { InstanceBinding } from '../../src/core/InstanceBinding';

function bindingOf(instance: object): InstanceBinding {
  const slot = Object.getOwnPropertySymbols(instance).find((symbol) =>
    String(symbol).startsWith('Symbol(cachewright:'),
  );
  return (instance as Record<symbol, InstanceBinding>)[slot!];
}

function service() {
  const calls: unknown[][] = [];
  class Echo {
    @Cacheable({ maxsize: 100 })
    echo(...args: unknown[]): string {
      calls.push([this, ...args]);
      return `${calls.length}`;
    }
  }
  return { Echo, calls };
}

describe(InstanceBinding.name, () => {
  describe('the primary instance', () => {
    it('is the first instance a method cache serves, for good', () => {
      const { Echo } = service();
      const first = new Echo();
      const second = new Echo();
      first.echo('a');
      second.echo('a');
      expect(bindingOf(first).primary).toBe(true);
      expect(bindingOf(second).primary).toBe(false);
      // Re-binding the primary instance (a new manager, then back) keeps it primary in its cache.
      const manager = createCacheContainer().get(CacheManager);
      attachCacheManager(first, manager);
      first.echo('a');
      expect(bindingOf(first).primary).toBe(true);
    });

    it('never shares an entry with another instance or with calls whose this is no object', () => {
      const { Echo, calls } = service();
      const first = new Echo();
      const second = new Echo();
      const one = first.echo(1);
      const oneString = first.echo('1');
      const two = first.echo(1, 2);
      expect([one, oneString, two]).toEqual(['1', '2', '3']);
      expect(second.echo(1)).toBe('4');
      expect(second.echo(1, 2)).toBe('5');
      expect(Echo.prototype.echo.call(undefined, 1)).toBe('6');
      expect(Echo.prototype.echo.call(undefined, 1, 2)).toBe('7');
      expect(first.echo(1)).toBe('1');
      expect(first.echo(1, 2)).toBe('3');
      expect(second.echo(1)).toBe('4');
      expect(Echo.prototype.echo.call(undefined, 1)).toBe('6');
      expect(calls).toHaveLength(7);
    });

    it("answers per-entry controls from its own entries (cacheOf(instance, 'method'))", () => {
      const { Echo } = service();
      const first = new Echo();
      const second = new Echo();
      first.echo('x');
      second.echo('x');
      expect(cacheOf(first, 'echo').peek('x')).toBe('1');
      expect(cacheOf(second, 'echo').peek('x')).toBe('2');
      expect(cacheOf(first, 'echo').invalidate('x')).toBe(true);
      expect(cacheOf(first, 'echo').has('x')).toBe(false);
      expect(cacheOf(second, 'echo').has('x')).toBe(true);
    });
  });
});
