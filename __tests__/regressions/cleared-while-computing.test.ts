import 'reflect-metadata';
import { CacheManager, createCacheContainer, type CachedFunction } from '../../src';

/**
 * A function whose kind is sync (not `async`) but which returns a promise, and clears its own cache
 * while computing: its promise is answered, never stored (as its plain values never were).
 */
describe('a sync-kind function that clears its own cache, then returns a promise', () => {
  const manager = (): CacheManager => createCacheContainer().get(CacheManager);

  it.each([
    ['plain', {}],
    ['bounded', { maxsize: 10 }],
  ])('does not keep the promise (%s cache): the next call runs the function again', async (_name, options) => {
    let calls = 0;
    const cached: CachedFunction<(k: number) => Promise<string>> = manager().wrap((_k: number) => {
      calls++;
      void cached.clearCache();
      return Promise.resolve(`value ${calls}`);
    }, options);
    await expect(cached(1)).resolves.toBe('value 1');
    expect(cached.cacheInfo().currentSize).toBe(0);
    await expect(cached(1)).resolves.toBe('value 2');
    expect(calls).toBe(2);
  });

  it('still stores the promise of a call that did not clear the cache', async () => {
    let calls = 0;
    const cached = manager().wrap((_k: number) => Promise.resolve(`value ${++calls}`));
    await expect(cached(1)).resolves.toBe('value 1');
    await expect(cached(1)).resolves.toBe('value 1');
    expect(calls).toBe(1);
  });
});
