import 'reflect-metadata';
import { Container, injectable } from 'inversify';
import {
  Cacheable,
  CacheManager,
  DefaultExpirationPolicyFactory,
  DefaultKeyStrategy,
  DefaultKeyStrategyFactory,
  EvictionPolicy,
  ExpirationPolicyFactory,
  KeyStrategy,
  KeyStrategyFactory,
  LeastRecentlyUsedEviction,
  createCacheContainer,
  type CacheOptions,
} from '../../src';

/**
 * Not a timing test: it proves the structural half of DESIGN.md §1.2 — everything a call needs is
 * resolved once per wrapped function (per decorated method and manager), never per call.
 */

const CALLS = 1_000;
const KEYS = 10;

interface Probes {
  manager: CacheManager;
  container: Container;
  counts: () => Record<string, number>;
}

/** A container whose factories, policies and `KeyStrategy` binding count their resolutions. */
function probedContainer(): Probes {
  const container = createCacheContainer();
  const expirationFactory = new DefaultExpirationPolicyFactory();
  const keyFactory = new DefaultKeyStrategyFactory();
  const eviction = new LeastRecentlyUsedEviction();
  const expirationCreate = jest.spyOn(expirationFactory, 'create');
  const keyCreate = jest.spyOn(keyFactory, 'create');
  const createTable = jest.spyOn(eviction, 'createTable');
  let keyStrategies = 0;
  container.rebind(ExpirationPolicyFactory).toConstantValue(expirationFactory);
  container.rebind(KeyStrategyFactory).toConstantValue(keyFactory);
  container.rebind(EvictionPolicy).toConstantValue(eviction);
  container.rebind(KeyStrategy).toDynamicValue(() => {
    keyStrategies++;
    return new DefaultKeyStrategy();
  });
  const manager = container.get(CacheManager);
  const containerGet = jest.spyOn(Container.prototype, 'get');
  const containerGetAsync = jest.spyOn(Container.prototype, 'getAsync');
  return {
    manager,
    container,
    counts: () => ({
      'ExpirationPolicyFactory.create': expirationCreate.mock.calls.length,
      'KeyStrategyFactory.create': keyCreate.mock.calls.length,
      'EvictionPolicy.createTable': createTable.mock.calls.length,
      'KeyStrategy resolution': keyStrategies,
      'Container.get': containerGet.mock.calls.length,
      'Container.getAsync': containerGetAsync.mock.calls.length,
    }),
  };
}

afterEach(() => {
  jest.restoreAllMocks();
});

const OPTION_SETS: Array<[string, CacheOptions | undefined]> = [
  ['no options', undefined],
  ['maxsize', { maxsize: 100 }],
  ['expiration + maxsize', { expiration: '10 minutes', maxsize: 100 }],
  ['expiration + negative cache', { expiration: 60, negativeCache: true }],
];

describe(CacheManager.name, () => {
  describe('wrap()', () => {
    it.each(OPTION_SETS)(
      'resolves its key strategy, policies and table once, not per call, with %s (sync)',
      (_label, options) => {
        const probes = probedContainer();
        const cached = probes.manager.wrap((x: number) => x * 2, options);
        const atWrap = probes.counts();
        let sum = 0;
        for (let i = 0; i < CALLS; i++) sum += cached(i % KEYS);

        expect(sum).toBe(((KEYS * (KEYS - 1)) / 2) * 2 * (CALLS / KEYS));
        expect(probes.counts()).toEqual(atWrap);
        expect(atWrap['KeyStrategyFactory.create']).toBe(1);
        expect(atWrap['EvictionPolicy.createTable']).toBe(1);
        expect(atWrap['KeyStrategy resolution']).toBe(1);
        expect(atWrap['ExpirationPolicyFactory.create']).toBeGreaterThanOrEqual(1);
        expect(atWrap['Container.get']).toBe(0);
        expect(atWrap['Container.getAsync']).toBe(0);
      },
    );

    it.each(OPTION_SETS)('resolves nothing per call with %s (async)', async (_label, options) => {
      const probes = probedContainer();
      const cached = probes.manager.wrap(async (x: number) => x * 2, options);
      const atWrap = probes.counts();
      const results: number[] = [];
      for (let i = 0; i < CALLS; i++) results.push(await cached(i % KEYS));

      expect(results[CALLS - 1]).toBe(((CALLS - 1) % KEYS) * 2);
      expect(probes.counts()).toEqual(atWrap);
      expect(atWrap['EvictionPolicy.createTable']).toBe(1);
      expect(atWrap['KeyStrategyFactory.create']).toBe(1);
    });

    it('parses a duration expiration once per wrapped function, however many calls', () => {
      const probes = probedContainer();
      const first = probes.manager.wrap((x: number) => x, { expiration: '10 minutes' });
      const second = probes.manager.wrap((x: number) => x, { expiration: '10 minutes' });
      const perWrap = probes.counts()['ExpirationPolicyFactory.create'] / 2;
      for (let i = 0; i < CALLS; i++) first(i % KEYS) + second(i % KEYS);

      expect(probes.counts()['ExpirationPolicyFactory.create']).toBe(perWrap * 2);
      expect(probes.counts()['EvictionPolicy.createTable']).toBe(2);
    });
  });
});

describe(Cacheable.name, () => {
  it('resolves a decorated method once per manager, not per call or per instance', () => {
    const probes = probedContainer();

    @injectable()
    class Service {
      @Cacheable({ expiration: '10 minutes', maxsize: 100 })
      triple(x: number): number {
        return x * 3;
      }
    }
    probes.container.bind(Service).toSelf();
    const one = probes.container.get(Service);
    const two = probes.container.get(Service);
    const resolvedServices = probes.counts()['Container.get'];
    expect(resolvedServices).toBe(2);
    one.triple(1);
    const afterFirstCall = probes.counts();
    let sum = 0;
    for (let i = 0; i < CALLS; i++) sum += one.triple(i % KEYS) + two.triple(i % KEYS);

    expect(sum).toBe(((KEYS * (KEYS - 1)) / 2) * 3 * (CALLS / KEYS) * 2);
    expect(probes.counts()).toEqual(afterFirstCall);
    expect(afterFirstCall['EvictionPolicy.createTable']).toBe(1);
    expect(afterFirstCall['KeyStrategyFactory.create']).toBe(1);
    expect(afterFirstCall['Container.get']).toBe(resolvedServices);
  });
});
