import 'reflect-metadata';
import { ExtractionError } from '../../src';
import { fakeResource, flushPromises, lifecycleFixture } from '../api/lifecycle/fakeResources';

describe('issue 5: resource lifecycle edges', () => {
  it('disposes a late result at once, as unbound, when the manager closed during its fetch', async () => {
    const { manager, lifecycle } = lifecycleFixture();
    let release!: () => void;
    const resource = fakeResource('late', 'close');
    const cached = manager.wrap(
      async (_k: string) => {
        await new Promise<void>((resolve) => (release = resolve));
        return resource;
      },
      { wrapAsyncExitStack: true, exitStackCloseDelay: '1 hour' },
    );
    const pending = cached('k');
    await flushPromises();
    await manager.close();
    release();
    await expect(pending).resolves.toBe(resource);
    await flushPromises();
    expect(lifecycle.reasonsOf(resource)).toEqual(['unbound']);
  });

  it('disposes adopted parts as failed when the expiration cannot be resolved afterwards', async () => {
    const { manager, lifecycle } = lifecycleFixture();
    const pool = fakeResource('pool', 'end');
    const cached = manager.wrap(async (_k: string) => ({ pool }), {
      wrapAsyncExitStack: ['$.pool'],
      expiration: '$.validUntil',
    });
    await expect(cached('k')).rejects.toBeInstanceOf(ExtractionError);
    await flushPromises();
    expect(lifecycle.reasonsOf(pool)).toEqual(['failed']);
    expect(cached.cacheInfo().currentSize).toBe(0);
  });

  it('keeps a resource that a refetch hands back again', async () => {
    const { manager, lifecycle } = lifecycleFixture();
    const shared = fakeResource('shared', 'close');
    const cached = manager.wrap(async (_k: string) => shared, { wrapAsyncExitStack: true, expiration: true });
    await cached('k');
    await cached('k');
    await flushPromises();
    expect(lifecycle.reasonsOf(shared)).toEqual([]);
    await cached.clearCache();
    expect(lifecycle.reasonsOf(shared)).toEqual(['cleared']);
  });
});

describe('issue 8: a plain sync cache cleared by its own function while computing', () => {
  it('returns the value without storing it', () => {
    const { manager } = lifecycleFixture();
    let calls = 0;
    const cached: ((k: string) => string) & { clearCache(): void; cacheInfo(): { currentSize: number } } = manager.wrap(
      (_k: string) => {
        calls++;
        cached.clearCache();
        return `value ${calls}`;
      },
    );
    expect(cached('k')).toBe('value 1');
    expect(cached('k')).toBe('value 2');
    expect(cached.cacheInfo().currentSize).toBe(0);
  });
});
