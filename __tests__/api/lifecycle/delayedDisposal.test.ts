import { Duration } from 'luxon';
import { CacheManager, DisposalTimeoutError } from '../../../src';
import {
  fakeResource,
  flushPromises,
  lifecycleFixture,
  resourceLoader,
  useLifecycleFakeTimers,
  type FakeResource,
  type LifecycleFixture,
} from './fakeResources';

const DELAY_MS = 5_000;

describe(CacheManager.name, () => {
  let fixture: LifecycleFixture;
  let setTimeoutSpy: jest.SpyInstance;

  beforeEach(() => {
    useLifecycleFakeTimers();
    setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    fixture = lifecycleFixture();
  });

  afterEach(async () => {
    await fixture.container.unbindAllAsync();
    setTimeoutSpy.mockRestore();
    jest.useRealTimers();
  });

  /** Caches one resource (disposed through `close`, as `behaviour` says) under `'a'` and clears it. */
  async function clearedWithDelay(behaviour: 'sync' | 'async' | 'deferred' = 'sync'): Promise<FakeResource> {
    const { load } = resourceLoader((key) => fakeResource(key, 'close', behaviour));
    const cached = fixture.manager.wrap(load, {
      wrapAsyncExitStack: true,
      exitStackCloseDelay: `${DELAY_MS / 1000} seconds`,
    });
    const resource = await cached('a');
    await cached.clearCache();
    return resource;
  }

  /** The timers created for delayed disposals (those set with the close delay). */
  const disposalTimers = (): NodeJS.Timeout[] =>
    setTimeoutSpy.mock.calls
      .map((call, index) => ({
        delay: call[1] as unknown,
        timer: setTimeoutSpy.mock.results[index]?.value as NodeJS.Timeout,
      }))
      .filter(({ delay }) => delay === DELAY_MS)
      .map(({ timer }) => timer);

  describe('wrap() with exitStackCloseDelay', () => {
    it('disposes a removed resource only once the delay has passed', async () => {
      const resource = await clearedWithDelay();
      expect(resource.calls).toEqual([]);
      await jest.advanceTimersByTimeAsync(DELAY_MS - 1);
      expect(resource.calls).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(resource.calls).toEqual(['close']);
      expect(fixture.lifecycle.reasonsOf(resource)).toEqual(['cleared']);
    });

    it.each<[string, string | number | Duration]>([
      ["'5 seconds'", '5 seconds'],
      ["'0:00:05'", '0:00:05'],
      ['5 (seconds)', 5],
      ['a luxon Duration', Duration.fromObject({ seconds: 5 })],
    ])('reads an exitStackCloseDelay of %s as five seconds', async (_name, exitStackCloseDelay) => {
      const resource = fakeResource('pool');
      const cached = fixture.manager.wrap(async () => resource, { wrapAsyncExitStack: true, exitStackCloseDelay });
      await cached();
      await cached.clearCache();
      await jest.advanceTimersByTimeAsync(4_999);
      expect(resource.calls).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(resource.calls).toEqual(['close']);
    });

    it('disposes at once when exitStackCloseDelay is 0', async () => {
      const resource = fakeResource('pool');
      const cached = fixture.manager.wrap(async () => resource, { wrapAsyncExitStack: true, exitStackCloseDelay: 0 });
      await cached();
      await cached.clearCache();
      expect(resource.calls).toEqual(['close']);
    });

    it('resolves clearCache() without waiting for the delayed disposals', async () => {
      const resource = await clearedWithDelay('deferred');
      expect(resource.calls).toEqual([]);
      await jest.advanceTimersByTimeAsync(DELAY_MS);
      expect(resource.calls).toEqual(['close']);
      resource.finish();
    });

    it("waits on unref'd timers, so a delayed disposal never holds the process open", async () => {
      await clearedWithDelay();
      const timers = disposalTimers();
      expect(timers).toHaveLength(1);
      expect(timers[0].hasRef()).toBe(false);
    });
  });

  describe('awaitDisposals()', () => {
    it('resolves at once when nothing is pending', async () => {
      await expect(fixture.manager.awaitDisposals()).resolves.toBeUndefined();
    });

    it('waits until the delayed disposals have run and settled', async () => {
      const resource = await clearedWithDelay('deferred');
      let settled = false;
      const waiting = fixture.manager.awaitDisposals().then(() => {
        settled = true;
      });
      await jest.advanceTimersByTimeAsync(DELAY_MS);
      expect(resource.calls).toEqual(['close']);
      expect(settled).toBe(false);
      resource.finish();
      await waiting;
      expect(settled).toBe(true);
      expect(resource.closed).toBe(true);
    });

    it("keeps the delayed timers ref'd while it waits and unref's them when it gives up", async () => {
      await clearedWithDelay();
      const [timer] = disposalTimers();
      const waiting = fixture.manager.awaitDisposals('1s');
      const outcome = waiting.catch((error: unknown) => error);
      await flushPromises();
      expect(timer.hasRef()).toBe(true);
      await jest.advanceTimersByTimeAsync(1_000);
      await expect(outcome).resolves.toBeInstanceOf(DisposalTimeoutError);
      expect(timer.hasRef()).toBe(false);
    });

    it.each<[string, string | number | Duration]>([
      ["'1s'", '1s'],
      ['1 (seconds)', 1],
      ['a luxon Duration', Duration.fromObject({ seconds: 1 })],
    ])(
      'rejects with DisposalTimeoutError after a timeout of %s and leaves the disposals pending',
      async (_name, timeout) => {
        const resource = await clearedWithDelay();
        const outcome = fixture.manager.awaitDisposals(timeout).catch((error: unknown) => error);
        await jest.advanceTimersByTimeAsync(999);
        expect(await Promise.race([outcome, Promise.resolve('still waiting')])).toBe('still waiting');
        await jest.advanceTimersByTimeAsync(1);
        const error = await outcome;
        expect(error).toBeInstanceOf(DisposalTimeoutError);
        expect(error).toMatchObject({ code: 'E_DISPOSAL_TIMEOUT', name: 'DisposalTimeoutError' });
        expect(resource.calls).toEqual([]);
        await jest.advanceTimersByTimeAsync(DELAY_MS);
        expect(resource.calls).toEqual(['close']);
      },
    );

    it('resolves within the timeout when the disposals finish first', async () => {
      const resource = await clearedWithDelay('async');
      const waiting = fixture.manager.awaitDisposals('1 minute');
      await jest.advanceTimersByTimeAsync(DELAY_MS);
      await expect(waiting).resolves.toBeUndefined();
      expect(resource.closed).toBe(true);
    });
  });

  describe('cancelDisposals()', () => {
    it('drops pending delayed disposals without running them', async () => {
      const resource = await clearedWithDelay();
      await fixture.manager.cancelDisposals();
      await jest.advanceTimersByTimeAsync(DELAY_MS * 2);
      expect(resource.calls).toEqual([]);
      expect(fixture.lifecycle.disposals).toEqual([]);
      await expect(fixture.manager.awaitDisposals('1s')).resolves.toBeUndefined();
    });

    it('releases an awaitDisposals() that was waiting for the dropped disposals', async () => {
      await clearedWithDelay();
      const waiting = fixture.manager.awaitDisposals();
      await fixture.manager.cancelDisposals();
      await expect(waiting).resolves.toBeUndefined();
    });
  });
});
