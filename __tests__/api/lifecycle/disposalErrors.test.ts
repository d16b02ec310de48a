import 'reflect-metadata';
import { injectable } from 'inversify';
import { CacheErrorHandler, CacheManager, WarningCacheErrorHandler } from '../../../src';
import {
  fakeResource,
  lifecycleFixture,
  nextMacrotask,
  recordUnhandledRejections,
  useLifecycleFakeTimers,
  type DisposalBehaviour,
  type LifecycleFixture,
} from './fakeResources';

/** A handler that fails itself: its throw must go nowhere. */
@injectable()
class ThrowingCacheErrorHandler extends CacheErrorHandler {
  readonly seen: unknown[] = [];

  override handle(error: unknown): void {
    this.seen.push(error);
    throw new Error('the handler itself broke');
  }
}

describe(CacheManager.name, () => {
  let fixture: LifecycleFixture;
  let unhandled: ReturnType<typeof recordUnhandledRejections>;

  beforeEach(() => {
    useLifecycleFakeTimers();
    unhandled = recordUnhandledRejections();
  });

  afterEach(async () => {
    await fixture.container.unbindAllAsync();
    await nextMacrotask();
    unhandled.stop();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  /** Caches `{ broken, healthy }` (adopting both with '*') and returns them. */
  async function cacheBrokenAndHealthy(behaviour: DisposalBehaviour, exitStackCloseDelay: string | null = null) {
    const broken = fakeResource('broken', 'close', behaviour);
    const healthy = fakeResource('healthy', 'end', 'async');
    const cached = fixture.manager.wrap(async () => ({ broken, healthy }), {
      wrapAsyncExitStack: '*',
      exitStackCloseDelay,
    });
    await cached();
    return { cached, broken, healthy };
  }

  describe('a failing disposal', () => {
    describe.each<[string, DisposalBehaviour]>([
      ['throws', 'throw'],
      ['rejects', 'reject'],
    ])('that %s', (_name, behaviour) => {
      beforeEach(() => {
        fixture = lifecycleFixture();
      });

      it('goes to the CacheErrorHandler with its key and reason, and clearCache() still resolves', async () => {
        const { cached, broken, healthy } = await cacheBrokenAndHealthy(behaviour);
        await expect(cached.clearCache()).resolves.toBeUndefined();
        expect(broken.calls).toEqual(['close']);
        expect(fixture.errors).toHaveLength(1);
        const [report] = fixture.errors;
        expect(report.error).toBeInstanceOf(Error);
        expect((report.error as Error).message).toMatch(/broken failed to close/);
        expect(report.context).toMatchObject({ operation: 'dispose', reason: 'cleared' });
        expect(report.context.key).toBeDefined();
        expect(healthy.closed).toBe(true);
        await nextMacrotask();
        expect(unhandled.reasons).toEqual([]);
      });

      it('never rejects clearAll()', async () => {
        const { healthy } = await cacheBrokenAndHealthy(behaviour);
        await expect(fixture.manager.clearAll()).resolves.toBeUndefined();
        expect(healthy.closed).toBe(true);
        expect(fixture.errors.map(({ context }) => context.reason)).toEqual(['cleared']);
        await nextMacrotask();
        expect(unhandled.reasons).toEqual([]);
      });

      it('never rejects close()', async () => {
        const { healthy } = await cacheBrokenAndHealthy(behaviour);
        await expect(fixture.manager.close()).resolves.toBeUndefined();
        expect(healthy.closed).toBe(true);
        expect(fixture.errors.map(({ context }) => context.reason)).toEqual(['unbound']);
        await nextMacrotask();
        expect(unhandled.reasons).toEqual([]);
      });

      it('never rejects awaitDisposals() when it was delayed', async () => {
        const { cached, healthy } = await cacheBrokenAndHealthy(behaviour, '5 seconds');
        await cached.clearCache();
        const waiting = fixture.manager.awaitDisposals();
        await jest.advanceTimersByTimeAsync(5_000);
        await expect(waiting).resolves.toBeUndefined();
        expect(healthy.closed).toBe(true);
        expect(fixture.errors.map(({ context }) => context.reason)).toEqual(['cleared']);
        await nextMacrotask();
        expect(unhandled.reasons).toEqual([]);
      });

      it('is reported and leaves no unhandled rejection when nobody awaits it (LRU eviction)', async () => {
        const broken = fakeResource('broken', 'close', behaviour);
        const healthy = fakeResource('healthy', 'close', 'async');
        const resources = [broken, healthy];
        const cached = fixture.manager.wrap(async (i: number) => resources[i], {
          wrapAsyncExitStack: true,
          maxsize: 1,
        });
        await cached(0);
        await cached(1);
        await cached(0);
        await nextMacrotask();
        expect(fixture.errors.map(({ context }) => context.reason)).toEqual(['evicted']);
        expect(healthy.closed).toBe(true);
        expect(unhandled.reasons).toEqual([]);
      });
    });

    it('never reaches the cache or a caller when the CacheErrorHandler throws itself', async () => {
      fixture = lifecycleFixture(ThrowingCacheErrorHandler);
      const handler = fixture.handler as ThrowingCacheErrorHandler;
      const { cached, healthy } = await cacheBrokenAndHealthy('reject');
      await expect(cached.clearCache()).resolves.toBeUndefined();
      expect(handler.seen).toHaveLength(1);
      expect(healthy.closed).toBe(true);
      await nextMacrotask();
      expect(unhandled.reasons).toEqual([]);
    });
  });

  describe(`the default ${WarningCacheErrorHandler.name}`, () => {
    let emitWarning: jest.SpyInstance;

    beforeEach(() => {
      emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      fixture = lifecycleFixture('default');
    });

    it('is the bound CacheErrorHandler', () => {
      expect(fixture.container.get(CacheErrorHandler)).toBeInstanceOf(WarningCacheErrorHandler);
    });

    it('reports a failed disposal through process.emitWarning', async () => {
      const { cached, healthy } = await cacheBrokenAndHealthy('throw');
      await cached.clearCache();
      expect(emitWarning).toHaveBeenCalledTimes(1);
      const [warning] = emitWarning.mock.calls[0] as [unknown];
      expect(warning).toBeInstanceOf(Error);
      expect((warning as Error).message).toMatch(/broken failed to close/);
      expect(healthy.closed).toBe(true);
    });

    it('wraps a thrown non-Error value in an Error before emitting it', async () => {
      const { cached, healthy } = await cacheBrokenAndHealthy('throwValue');
      await expect(cached.clearCache()).resolves.toBeUndefined();
      expect(emitWarning).toHaveBeenCalledTimes(1);
      const [warning] = emitWarning.mock.calls[0] as [unknown];
      expect(warning).toBeInstanceOf(Error);
      expect((warning as Error).message).toContain('42');
      expect(healthy.closed).toBe(true);
    });

    it.each<[string, unknown]>([
      ['undefined', undefined],
      ['null', null],
      ['a plain object', { code: 'E_BROKEN' }],
      ['a symbol', Symbol('broken')],
      ['a bigint', 7n],
    ])('emits an Error or a string when the disposal throws %s', async (_name, thrown) => {
      const client = {
        close(): never {
          throw thrown;
        },
      };
      const cached = fixture.manager.wrap(async () => client, { wrapAsyncExitStack: true });
      await cached();
      await expect(cached.clearCache()).resolves.toBeUndefined();
      expect(emitWarning).toHaveBeenCalledTimes(1);
      const [warning] = emitWarning.mock.calls[0] as [unknown];
      expect(warning instanceof Error || typeof warning === 'string').toBe(true);
    });
  });
});
