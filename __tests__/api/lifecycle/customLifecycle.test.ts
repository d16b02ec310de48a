import 'reflect-metadata';
import { injectable } from 'inversify';
import {
  CacheManager,
  ExtractionError,
  ResourceLifecycle,
  createCacheContainer,
  type RemovalReason,
} from '../../../src';
import { fakeResource } from './fakeResources';

/** A resource of an in-house protocol: released with `release(reason)`, nothing else. */
interface Lease {
  readonly id: string;
  readonly released: RemovalReason[];
  release(reason: RemovalReason): Promise<void>;
}

function lease(id: string): Lease {
  const released: RemovalReason[] = [];
  return {
    id,
    released,
    release: async (reason) => {
      released.push(reason);
    },
  };
}

/** Knows only objects with a `release` method. */
@injectable()
class LeaseLifecycle extends ResourceLifecycle {
  override isDisposable(value: unknown): boolean {
    return typeof (value as Partial<Lease> | null)?.release === 'function';
  }

  override dispose(value: unknown, reason: RemovalReason): Promise<void> {
    return (value as Lease).release(reason);
  }
}

describe(CacheManager.name, () => {
  const container = createCacheContainer();
  container.rebind(ResourceLifecycle).to(LeaseLifecycle).inSingletonScope();
  const manager = container.get(CacheManager);

  afterAll(async () => {
    await container.unbindAllAsync();
  });

  describe('wrap() with a rebound ResourceLifecycle', () => {
    it('adopts and disposes values of the custom protocol through it', async () => {
      const cached = manager.wrap(async (id: string) => lease(id), { wrapAsyncExitStack: true, maxsize: 1 });
      const first = await cached('a');
      await cached('b');
      await cached.clearCache();
      expect(first.released).toEqual(['evicted']);
    });

    it("uses its isDisposable for '*' and paths", async () => {
      const value = { leases: [lease('x'), lease('y')], closable: fakeResource('closable') };
      const star = manager.wrap(async () => value.leases, { wrapAsyncExitStack: '*' });
      const paths = manager.wrap(async () => value, { wrapAsyncExitStack: ['$.leases[0]'] });
      await star();
      await paths();
      await star.clearCache();
      await paths.clearCache();
      expect(value.leases[0].released).toEqual(['cleared', 'cleared']);
      expect(value.leases[1].released).toEqual(['cleared']);
      expect(value.closable.calls).toEqual([]);
    });

    it('rejects, with ExtractionError, a value only the default lifecycle would accept', async () => {
      const cached = manager.wrap(async () => fakeResource('closable'), { wrapAsyncExitStack: true });
      await expect(cached()).rejects.toBeInstanceOf(ExtractionError);
    });

    it("passes 'unbound' when the manager closes", async () => {
      const held = lease('held');
      const cached = manager.wrap(async () => held, { wrapAsyncExitStack: true, exitStackCloseDelay: '1 hour' });
      await cached();
      await manager.close();
      expect(held.released).toEqual(['unbound']);
    });
  });
});
