import 'reflect-metadata';
import { injectable } from 'inversify';
import {
  Cacheable,
  CacheManager,
  createCacheContainer,
  ExpirationPolicy,
  InvalidCacheConfigError,
  SharedTier,
  type CacheControls,
  type InvalidOption,
} from '../../../src';
import { newManager } from '../../support/managers';
import { MemorySharedTier, MemoryTierHub } from '../../support/memorySharedTier';

const withTier = (): CacheManager => {
  const container = createCacheContainer();
  container.bind(SharedTier).toConstantValue(new MemorySharedTier(new MemoryTierHub(), { namespace: 'ns' }));
  return container.get(CacheManager);
};
const load = async (id: string): Promise<string> => Promise.resolve(id);

/** The problems of the `InvalidCacheConfigError` that `run` throws. */
function problemsOf(run: () => unknown): readonly InvalidOption[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidCacheConfigError);
    return (error as InvalidCacheConfigError).problems;
  }
  throw new Error('expected an InvalidCacheConfigError');
}

class CustomExpiration extends ExpirationPolicy {
  override isExpired(): boolean {
    return false;
  }
}

describe(CacheManager.name, () => {
  describe('wrap() with the shared option', () => {
    it.each([
      [{ shared: { name: 'orders' } }, { name: 'orders', version: 1 }],
      [{ shared: { name: 'orders', version: 7 } }, { name: 'orders', version: 7 }],
      [{ shared: { name: 'orders', version: 'v2' } }, { name: 'orders', version: 'v2' }],
      [
        { shared: true, name: 'rates' },
        { name: 'rates', version: 1 },
      ],
      [
        { shared: { version: 3 }, name: 'rates' },
        { name: 'rates', version: 3 },
      ],
      [
        { shared: { name: 'x' }, name: 'rates' },
        { name: 'x', version: 1 },
      ],
    ])('shows %j resolved in cacheParameters()', (options, shown) => {
      const cached = withTier().wrap(load, options);
      expect(cached.cacheParameters().shared).toEqual(shown);
      expect(Object.isFrozen(cached.cacheParameters().shared)).toBe(true);
    });

    it.each([false, null, undefined])('leaves the cache unshared for %p, and needs no SharedTier', (shared) => {
      expect(newManager().wrap(load, { shared }).cacheParameters().shared).toBe(false);
    });

    it('requires a name: wrap() gives shared without shared.name or a name option a config error', () => {
      const problems = problemsOf(() => withTier().wrap(load, { shared: true }));
      expect(problems).toEqual([
        expect.objectContaining({ option: 'shared', value: true, expected: expect.stringContaining('name') }),
      ]);
    });

    it.each([
      ['shared', 'yes'],
      ['shared', 1],
      ['shared', []],
      ['shared', { nme: 'typo' }],
      ['shared', new (class Options {})()],
      ['shared.name', { name: 'a:b' }],
      ['shared.name', { name: 'has space' }],
      ['shared.name', { name: 'brace{' }],
      ['shared.name', { name: '' }],
      ['shared.name', { name: 42 }],
      ['shared.version', { name: 'n', version: -1 }],
      ['shared.version', { name: 'n', version: 1.5 }],
      ['shared.version', { name: 'n', version: 'v:1' }],
      ['shared.version', { name: 'n', version: null }],
    ])('rejects %s = %p, naming the option and the value', (option, shared) => {
      const problems = problemsOf(() => withTier().wrap(load, { shared: shared as never }));
      expect(problems).toEqual([expect.objectContaining({ option })]);
    });

    it('rejects a name option that is no valid key segment, naming name', () => {
      const problems = problemsOf(() => withTier().wrap(load, { shared: true, name: 'orders:get' }));
      expect(problems).toEqual([expect.objectContaining({ option: 'name', value: 'orders:get' })]);
    });

    it('rejects shared on a sync function', () => {
      const problems = problemsOf(() => withTier().wrap((id: string) => id, { shared: { name: 's' } }));
      expect(problems).toEqual([
        expect.objectContaining({ option: 'shared', expected: expect.stringContaining('async function') }),
      ]);
    });

    it('rejects shared with wrapAsyncExitStack', () => {
      const problems = problemsOf(() =>
        withTier().wrap(async () => Promise.resolve({ close() {} }), {
          shared: { name: 's' },
          wrapAsyncExitStack: true,
        }),
      );
      expect(problems).toEqual([
        expect.objectContaining({ option: 'shared', expected: expect.stringContaining('wrapAsyncExitStack') }),
      ]);
    });

    it('rejects a custom ExpirationPolicy, whose expiry is no instant a record can carry', () => {
      const expiration = new CustomExpiration();
      const problems = problemsOf(() => withTier().wrap(load, { shared: { name: 's' }, expiration }));
      expect(problems).toEqual([expect.objectContaining({ option: 'expiration', value: expiration })]);
    });

    it('accepts every built-in expiration, callbacks and pointers included', () => {
      const manager = withTier();
      for (const expiration of ['10 minutes', 60, new Date(Date.now() + 60_000), '$.validUntil', () => 60, null]) {
        expect(() => manager.wrap(load, { shared: { name: 's' }, expiration })).not.toThrow();
      }
    });

    it('throws at wrap time when no SharedTier is bound in the container', () => {
      const problems = problemsOf(() => newManager().wrap(load, { shared: { name: 'orders' } }));
      expect(problems).toEqual([
        expect.objectContaining({
          option: 'shared',
          value: { name: 'orders', version: 1 },
          expected: expect.stringContaining('redisTierModule'),
        }),
      ]);
    });

    it('needs no SharedTier for a cache that stores nothing (enabled: false, maxsize: 0)', () => {
      expect(() => newManager().wrap(load, { shared: { name: 'a' }, enabled: false })).not.toThrow();
      expect(() => newManager().wrap(load, { shared: { name: 'a' }, maxsize: 0 })).not.toThrow();
    });

    it('reports every bad option at once', () => {
      const problems = problemsOf(() => withTier().wrap((x: number) => x, { shared: { name: 'a b', version: -2 } }));
      expect(problems.map((problem) => problem.option).sort()).toEqual(['shared', 'shared.name', 'shared.version']);
    });
  });

  describe('@Cacheable with the shared option', () => {
    it('defaults the name to Class.method', () => {
      @injectable()
      class OrderService {
        @Cacheable({ shared: true })
        async getOrder(id: string): Promise<string> {
          return Promise.resolve(id);
        }
      }
      const controls = (OrderService.prototype.getOrder as unknown as CacheControls).cacheParameters();
      expect(controls.shared).toEqual({ name: 'OrderService.getOrder', version: 1 });
    });

    it('throws when the class is defined, naming the class, the method and the option', () => {
      expect(() => {
        @injectable()
        class Clock {
          @Cacheable({ shared: true })
          now(): number {
            return 1;
          }
        }
        return Clock;
      }).toThrow(/Clock\.now.*shared/);
      expect(() => {
        class Named {
          @Cacheable({ shared: { name: 'bad name' } })
          async get(): Promise<number> {
            return Promise.resolve(1);
          }
        }
        return Named;
      }).toThrow(InvalidCacheConfigError);
    });

    it('throws InvalidCacheConfigError at the first call when the container binds no SharedTier', () => {
      @injectable()
      class Orders {
        @Cacheable({ shared: true })
        async getOrder(id: string): Promise<string> {
          return Promise.resolve(id);
        }
      }
      const container = createCacheContainer();
      container.bind(Orders).toSelf();
      const orders = container.get(Orders);
      expect(() => orders.getOrder('1')).toThrow(InvalidCacheConfigError);
      expect(() => orders.getOrder('1')).toThrow(/SharedTier/);
    });
  });
});
