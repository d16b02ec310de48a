import { CacheErrorHandler, type CacheErrorContext } from '../../../src/contracts/CacheErrorHandler';
import { DisposalTimeoutError } from '../../../src/contracts/errors/DisposalTimeoutError';
import type { RemovalReason } from '../../../src/contracts/RemovalReason';
import { DisposalScheduler } from '../../../src/policies/lifecycle/DisposalScheduler';
import { DisposableResourceLifecycle } from '../../../src/policies/lifecycle/DisposableResourceLifecycle';

/** Collects every reported error with its context. */
class RecordingErrorHandler extends CacheErrorHandler {
  readonly reports: Array<{ error: unknown; context: CacheErrorContext }> = [];
  override handle(error: unknown, context: CacheErrorContext): void {
    this.reports.push({ error, context });
  }
}

/** A resource whose `close()` resolves after `ms` fake milliseconds (0: synchronously done). */
function resource(ms = 0): { close: jest.Mock } {
  return {
    close: jest.fn(() => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : undefined)),
  };
}

function setup(): { scheduler: DisposalScheduler; handler: RecordingErrorHandler } {
  const handler = new RecordingErrorHandler();
  return { scheduler: new DisposalScheduler(new DisposableResourceLifecycle(), handler), handler };
}

/** Settles `promise` into a readable state without awaiting it. */
function track(promise: Promise<void>): {
  readonly state: 'pending' | 'resolved' | 'rejected';
  readonly error: unknown;
} {
  const tracked = { state: 'pending' as 'pending' | 'resolved' | 'rejected', error: undefined as unknown };
  promise.then(
    () => (tracked.state = 'resolved'),
    (error: unknown) => {
      tracked.state = 'rejected';
      tracked.error = error;
    },
  );
  return tracked;
}

/** The handles of timers created while `run` runs. */
function timersCreatedBy(run: () => void): NodeJS.Timeout[] {
  const spy = jest.spyOn(global, 'setTimeout');
  try {
    run();
    return spy.mock.results.map((result) => result.value as NodeJS.Timeout);
  } finally {
    spy.mockRestore();
  }
}

describe(DisposalScheduler.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  describe('schedule()', () => {
    it.each([[null], [0], [-5]])('disposes at once when the delay is %p', (delayMs) => {
      const { scheduler } = setup();
      const part = resource();
      void scheduler.schedule([part], 'evicted', 'k', delayMs);
      expect(part.close).toHaveBeenCalledTimes(1);
      expect(scheduler.pendingCount).toBe(0);
    });

    it('disposes every part of a batch, the last adopted first', () => {
      const { scheduler } = setup();
      const order: string[] = [];
      const part = (name: string) => ({ close: () => void order.push(name) });
      void scheduler.schedule([part('a'), part('b'), part('c')], 'cleared', 'k', null);
      expect(order).toEqual(['c', 'b', 'a']);
    });

    it('passes the removal reason to the lifecycle', () => {
      const handler = new RecordingErrorHandler();
      const reasons: RemovalReason[] = [];
      const lifecycle = new (class extends DisposableResourceLifecycle {
        override dispose(value: unknown, reason: RemovalReason): void {
          reasons.push(reason);
        }
      })();
      void new DisposalScheduler(lifecycle, handler).schedule([resource()], 'expired', 'k', null);
      expect(reasons).toEqual(['expired']);
    });

    it('waits for the delay before disposing', async () => {
      const { scheduler } = setup();
      const part = resource();
      void scheduler.schedule([part], 'replaced', 'k', 1000);
      expect(scheduler.pendingCount).toBe(1);
      await jest.advanceTimersByTimeAsync(999);
      expect(part.close).not.toHaveBeenCalled();
      await jest.advanceTimersByTimeAsync(1);
      expect(part.close).toHaveBeenCalledTimes(1);
      expect(scheduler.pendingCount).toBe(0);
    });

    it('counts each delayed part in pendingCount', () => {
      const { scheduler } = setup();
      void scheduler.schedule([resource(), resource()], 'evicted', 'a', 100);
      void scheduler.schedule([resource()], 'evicted', 'b', 200);
      expect(scheduler.pendingCount).toBe(3);
    });

    it('ignores an empty batch', () => {
      const { scheduler } = setup();
      expect(timersCreatedBy(() => scheduler.schedule([], 'evicted', 'k', 100))).toHaveLength(0);
      expect(scheduler.pendingCount).toBe(0);
    });

    it('waits on an unref’d timer', () => {
      const { scheduler } = setup();
      const [timer] = timersCreatedBy(() => scheduler.schedule([resource()], 'evicted', 'k', 100));
      expect(timer.hasRef()).toBe(false);
    });

    it('copies the parts, so later changes to the caller’s array do not matter', async () => {
      const { scheduler } = setup();
      const part = resource();
      const parts: unknown[] = [part];
      void scheduler.schedule(parts, 'evicted', 'k', 100);
      parts.length = 0;
      await jest.advanceTimersByTimeAsync(100);
      expect(part.close).toHaveBeenCalledTimes(1);
    });
  });

  describe('failing disposals', () => {
    it.each([
      [
        'throws',
        () => {
          throw new Error('sync failure');
        },
        'sync failure',
      ],
      ['rejects', () => Promise.reject(new Error('async failure')), 'async failure'],
    ])('reports a disposal that %s to the error handler with key and reason', async (_how, close, message) => {
      const { scheduler, handler } = setup();
      void scheduler.schedule([{ close }], 'evicted', 'the-key', null);
      await scheduler.awaitPending();
      expect(handler.reports).toEqual([
        { error: new Error(message), context: { operation: 'dispose', key: 'the-key', reason: 'evicted' } },
      ]);
    });

    it('still disposes the other parts when one fails', async () => {
      const { scheduler, handler } = setup();
      const [before, after] = [resource(), resource(5)];
      const failing = { close: () => Promise.reject(new Error('boom')) };
      void scheduler.schedule([before, failing, after], 'cleared', 'k', 10);
      await jest.advanceTimersByTimeAsync(10);
      expect(before.close).toHaveBeenCalledTimes(1);
      expect(after.close).toHaveBeenCalledTimes(1);
      await jest.advanceTimersByTimeAsync(5);
      expect(handler.reports).toHaveLength(1);
      await expect(scheduler.awaitPending()).resolves.toBeUndefined();
    });

    it('swallows a throw from the error handler and keeps disposing', async () => {
      const handler = new (class extends CacheErrorHandler {
        calls = 0;
        override handle(): void {
          this.calls++;
          throw new Error('handler failed');
        }
      })();
      const scheduler = new DisposalScheduler(new DisposableResourceLifecycle(), handler);
      const survivor = resource();
      const failing = () => ({ close: () => Promise.reject(new Error('boom')) });
      expect(() =>
        scheduler.schedule(
          [
            failing(),
            {
              close: () => {
                throw new Error('sync');
              },
            },
            survivor,
          ],
          'evicted',
          'k',
          null,
        ),
      ).not.toThrow();
      await expect(scheduler.awaitPending()).resolves.toBeUndefined();
      expect(handler.calls).toBe(2);
      expect(survivor.close).toHaveBeenCalledTimes(1);
    });
  });

  describe('awaitPending()', () => {
    it('resolves at once when nothing is pending', async () => {
      const { scheduler } = setup();
      await expect(scheduler.awaitPending(10)).resolves.toBeUndefined();
    });

    it('resolves once delayed and running disposals have finished', async () => {
      const { scheduler } = setup();
      const slow = resource(50);
      void scheduler.schedule([slow], 'evicted', 'k', 100);
      const waiting = track(scheduler.awaitPending());
      await jest.advanceTimersByTimeAsync(100);
      expect(slow.close).toHaveBeenCalledTimes(1);
      expect(waiting.state).toBe('pending');
      await jest.advanceTimersByTimeAsync(50);
      expect(waiting.state).toBe('resolved');
    });

    it('waits for a disposal scheduled while it waits', async () => {
      const { scheduler } = setup();
      void scheduler.schedule([resource()], 'evicted', 'a', 100);
      const waiting = track(scheduler.awaitPending());
      const late = resource();
      void scheduler.schedule([late], 'evicted', 'b', 300);
      await jest.advanceTimersByTimeAsync(100);
      expect(waiting.state).toBe('pending');
      await jest.advanceTimersByTimeAsync(200);
      expect(late.close).toHaveBeenCalledTimes(1);
      expect(waiting.state).toBe('resolved');
    });

    it('refs the delayed timers while it waits and unrefs them after a timeout', async () => {
      const { scheduler } = setup();
      const [timer] = timersCreatedBy(() => scheduler.schedule([resource()], 'evicted', 'k', 1000));
      const waiting = track(scheduler.awaitPending(100));
      expect(timer.hasRef()).toBe(true);
      await jest.advanceTimersByTimeAsync(100);
      expect(waiting.state).toBe('rejected');
      expect(timer.hasRef()).toBe(false);
    });

    it('refs a timer scheduled while it waits', () => {
      const { scheduler } = setup();
      void scheduler.schedule([resource()], 'evicted', 'a', 1000);
      void scheduler.awaitPending();
      const [timer] = timersCreatedBy(() => scheduler.schedule([resource()], 'evicted', 'b', 1000));
      expect(timer.hasRef()).toBe(true);
    });

    it('rejects with DisposalTimeoutError after the timeout, leaving the disposals pending', async () => {
      const { scheduler } = setup();
      const part = resource();
      void scheduler.schedule([part], 'evicted', 'k', 1000);
      const waiting = track(scheduler.awaitPending(200));
      await jest.advanceTimersByTimeAsync(200);
      expect(waiting.state).toBe('rejected');
      expect(waiting.error).toBeInstanceOf(DisposalTimeoutError);
      expect(waiting.error).toMatchObject({ code: 'E_DISPOSAL_TIMEOUT', pending: 1 });
      expect(scheduler.pendingCount).toBe(1);
      await jest.advanceTimersByTimeAsync(800);
      expect(part.close).toHaveBeenCalledTimes(1);
    });

    it('counts a disposal still running in the timeout error', async () => {
      const { scheduler } = setup();
      void scheduler.schedule([resource(1000)], 'evicted', 'k', null);
      const waiting = track(scheduler.awaitPending(10));
      await jest.advanceTimersByTimeAsync(10);
      expect(waiting.error).toMatchObject({ pending: 1 });
    });

    it('keeps the timers ref’d while another wait is still active', async () => {
      const { scheduler } = setup();
      const [timer] = timersCreatedBy(() => scheduler.schedule([resource()], 'evicted', 'k', 1000));
      void scheduler.awaitPending(100).catch(() => undefined);
      const longer = track(scheduler.awaitPending());
      await jest.advanceTimersByTimeAsync(100);
      expect(timer.hasRef()).toBe(true);
      await jest.advanceTimersByTimeAsync(900);
      expect(longer.state).toBe('resolved');
    });

    it('never rejects because a disposal failed', async () => {
      const { scheduler } = setup();
      void scheduler.schedule([{ close: () => Promise.reject(new Error('boom')) }], 'evicted', 'k', 10);
      const waiting = track(scheduler.awaitPending());
      await jest.advanceTimersByTimeAsync(10);
      expect(waiting.state).toBe('resolved');
    });
  });

  describe('cancelPending()', () => {
    it('drops delayed disposals without running them', async () => {
      const { scheduler } = setup();
      const part = resource();
      void scheduler.schedule([part], 'evicted', 'k', 100);
      await scheduler.cancelPending();
      expect(scheduler.pendingCount).toBe(0);
      await jest.advanceTimersByTimeAsync(1000);
      expect(part.close).not.toHaveBeenCalled();
    });

    it('waits for running disposals', async () => {
      const { scheduler } = setup();
      void scheduler.schedule([resource(50)], 'evicted', 'k', null);
      const cancelling = track(scheduler.cancelPending());
      await jest.advanceTimersByTimeAsync(49);
      expect(cancelling.state).toBe('pending');
      await jest.advanceTimersByTimeAsync(1);
      expect(cancelling.state).toBe('resolved');
    });

    it('releases a pending awaitPending()', async () => {
      const { scheduler } = setup();
      void scheduler.schedule([resource()], 'evicted', 'k', 1000);
      const waiting = track(scheduler.awaitPending());
      await scheduler.cancelPending();
      await Promise.resolve();
      expect(waiting.state).toBe('resolved');
    });
  });

  describe('flushNow()', () => {
    it('runs every delayed disposal now and waits for them all', async () => {
      const { scheduler } = setup();
      const [a, b] = [resource(20), resource()];
      void scheduler.schedule([a], 'evicted', 'a', 1000);
      void scheduler.schedule([b], 'replaced', 'b', 5000);
      const flushing = track(scheduler.flushNow());
      expect(a.close).toHaveBeenCalledTimes(1);
      expect(b.close).toHaveBeenCalledTimes(1);
      expect(scheduler.pendingCount).toBe(0);
      await jest.advanceTimersByTimeAsync(19);
      expect(flushing.state).toBe('pending');
      await jest.advanceTimersByTimeAsync(1);
      expect(flushing.state).toBe('resolved');
      await jest.advanceTimersByTimeAsync(5000);
      expect(a.close).toHaveBeenCalledTimes(1);
    });

    it.each<[RemovalReason | undefined, RemovalReason]>([
      [undefined, 'evicted'],
      ['unbound', 'unbound'],
    ])('disposes with reason %p → %p', async (reason, expected) => {
      const handler = new RecordingErrorHandler();
      const scheduler = new DisposalScheduler(new DisposableResourceLifecycle(), handler);
      void scheduler.schedule([{ close: () => Promise.reject(new Error('boom')) }], 'evicted', 'k', 1000);
      await scheduler.flushNow(reason);
      expect(handler.reports.map((report) => report.context.reason)).toEqual([expected]);
    });

    it('resolves at once when nothing is pending', async () => {
      const { scheduler } = setup();
      await expect(scheduler.flushNow()).resolves.toBeUndefined();
    });
  });
});
