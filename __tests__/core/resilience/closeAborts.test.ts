import { CacheManager, fetchContext } from '../../../src';
import {
  ASYNC_KINDS,
  SECOND,
  T0,
  never,
  settle,
  subjectOf,
  turn,
  useFakeTimeAtT0,
  type Kind,
} from './resilienceFixtures';

/** A body that rejects with its signal's reason once the signal aborts (as `fetch()` does). */
function abortable(signals: AbortSignal[]): () => Promise<never> {
  return () => {
    const { signal } = fetchContext()!;
    signals.push(signal);
    return new Promise<never>((_resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
    });
  };
}

describe(CacheManager.name, () => {
  useFakeTimeAtT0();

  describe.each(ASYNC_KINDS)('close() (%s)', (kind: Kind) => {
    it("aborts the signal of every flight in progress with an AbortError, and the fetch's rejection reaches its callers", async () => {
      const signals: AbortSignal[] = [];
      const subject = subjectOf(kind, {}, abortable(signals));
      const calls = [subject.call('a'), subject.call('b')].map((call) => settle(call).catch((error: unknown) => error));
      expect(signals).toHaveLength(2);
      await subject.manager.close();
      expect(signals.every((signal) => signal.aborted)).toBe(true);
      const reasons = await Promise.all(calls);
      expect(reasons).toEqual([signals[0].reason, signals[1].reason]);
      expect(reasons[0]).toBeInstanceOf(DOMException);
      expect(reasons[0]).toMatchObject({ name: 'AbortError' });
      expect(subject.controls.cacheInfo().currentSize).toBe(0);
    });

    it('aborts a background stale-while-revalidate refresh too', async () => {
      let signal: AbortSignal | undefined;
      const subject = subjectOf(kind, { expiration: '10 seconds', staleWhileRevalidate: '1 minute' }, (k, n) => {
        if (n === 0) return `${k}0`;
        signal = fetchContext()!.signal;
        return never();
      });
      await settle(subject.call('a'));
      jest.setSystemTime(T0 + 10 * SECOND);
      expect(await settle(subject.call('a'))).toBe('a0');
      await turn();
      expect(signal!.aborted).toBe(false);
      await subject.manager.close();
      expect(signal!.aborted).toBe(true);
    });

    it('leaves the manager serving later calls with fresh flights', async () => {
      const signals: AbortSignal[] = [];
      const subject = subjectOf(kind, {}, abortable(signals));
      const first = settle(subject.call('a')).catch((error: unknown) => error);
      await subject.manager.close();
      await first;
      void settle(subject.call('a')).catch(() => undefined);
      expect(signals).toHaveLength(2);
      expect(signals[1].aborted).toBe(false);
    });
  });
});
