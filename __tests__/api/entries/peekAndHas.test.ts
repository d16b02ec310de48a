/**
 * `peek()` and `has()` see only fresh entries and leave the cache as it was (recency included).
 */
import { T0 } from '../../support/fakeTime';
import { ENTRY_POINTS, FUNCTION_KINDS, LAYOUTS, makeSubject } from './entrySubjects';

const CASES = FUNCTION_KINDS.flatMap((kind) => ENTRY_POINTS.map((entry) => [kind, entry] as const));

describe('peek() and has()', () => {
  describe.each(CASES.flatMap(([kind, entry]) => LAYOUTS.map((layout) => [kind, entry, layout] as const)))(
    'of a %s function (%s, %s layout)',
    (kind, entry, layout) => {
      it('do not refresh recency: the least recently called entry is still evicted first', async () => {
        const subject = makeSubject(kind, entry, 'default', layout, { maxsize: 2 });
        await subject.settle(subject.get('a'));
        await subject.settle(subject.get('b'));
        expect(subject.controls.peek('a')).toBeDefined();
        expect(subject.controls.has('a')).toBe(true);
        await subject.settle(subject.get('c'));
        expect(subject.controls.has('a')).toBe(false);
        expect(subject.controls.has('b')).toBe(true);
        expect(subject.controls.has('c')).toBe(true);
      });
    },
  );

  describe.each(CASES)('of an expiring %s function (%s)', (kind, entry) => {
    beforeEach(() => {
      jest.useFakeTimers({ now: T0 });
    });
    afterEach(() => {
      jest.useRealTimers();
    });

    it('see nothing once the entry expired (it stays in the table until swept or refetched)', async () => {
      const subject = makeSubject(kind, entry, 'default', 'rich', { expiration: 10 });
      await subject.settle(subject.get('1'));
      jest.setSystemTime(T0 + 9_999);
      expect(subject.controls.has('1')).toBe(true);
      jest.setSystemTime(T0 + 10_000);
      expect(subject.controls.has('1')).toBe(false);
      expect(subject.controls.peek('1')).toBeUndefined();
      expect(subject.controls.cacheInfo().currentSize).toBe(1);
    });

    it('see nothing in a stale window (staleWhileRevalidate)', async () => {
      const subject = makeSubject(kind, entry, 'default', 'rich', { expiration: 10, staleWhileRevalidate: 60 });
      await subject.settle(subject.get('1'));
      jest.setSystemTime(T0 + 10_000);
      expect(subject.controls.has('1')).toBe(false);
      expect(subject.controls.peek('1')).toBeUndefined();
      expect(await subject.settle(subject.get('1'))).toBe('1#1');
    });

    it('return a stored failure as a hit would (negativeCache: true)', async () => {
      const subject = makeSubject(kind, entry, 'default', 'rich', { negativeCache: true });
      subject.failWith(new Error('down'));
      const failure = await subject.settle(subject.get('1'));
      expect(subject.controls.has('1')).toBe(true);
      const peeked = subject.controls.peek('1');
      if (kind === 'async') expect(peeked).toBe(subject.get('1'));
      expect(await subject.settle(peeked)).toBe(failure);
    });
  });
});
