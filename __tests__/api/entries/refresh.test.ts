/**
 * `refresh()`: the current entry is served until the new one is stored, and kept when the refresh
 * fails (the refresh caller gets the failure as a call would: negative cache rules apply).
 */
import { ENTRY_POINTS, KEY_KINDS, LAYOUTS, flush, makeSubject } from './entrySubjects';

const ASYNC_CASES = ENTRY_POINTS.flatMap((entry) =>
  LAYOUTS.flatMap((layout) => (['default', 'template'] as const).map((key) => [entry, layout, key] as const)),
);

describe('refresh()', () => {
  describe.each(ASYNC_CASES)('of an async function (%s, %s layout, %s key)', (entry, layout, key) => {
    it('keeps serving the current entry to other calls until the new result is stored', async () => {
      const subject = makeSubject('async', entry, key, layout);
      await subject.get('1');
      const release = subject.hold();
      const refreshed = subject.controls.refresh('1');
      const during = await Promise.all([subject.get('1'), subject.get('1')]);
      expect(during).toEqual(['1#1', '1#1']);
      expect(await subject.controls.peek('1')).toBe('1#1');
      expect(subject.controls.has('1')).toBe(true);
      expect(subject.loads).toBe(2);
      release();
      await expect(refreshed).resolves.toBe('1#2');
      await expect(subject.get('1')).resolves.toBe('1#2');
      expect(subject.loads).toBe(2);
    });

    it('joins a flight in progress for the key instead of starting another', async () => {
      const subject = makeSubject('async', entry, key, layout);
      const release = subject.hold();
      const call = subject.get('1');
      const refreshed = subject.controls.refresh('1');
      const again = subject.controls.refresh('1');
      expect(subject.loads).toBe(1);
      release();
      await expect(Promise.all([call, refreshed, again])).resolves.toEqual(['1#1', '1#1', '1#1']);
      expect(subject.loads).toBe(1);
    });

    it('keeps the current entry when the refresh fails, and rejects the refresh caller', async () => {
      const subject = makeSubject('async', entry, key, layout);
      await subject.get('1');
      subject.failWith(new Error('source down'));
      await expect(subject.controls.refresh('1')).rejects.toThrow('source down');
      expect(subject.controls.has('1')).toBe(true);
      await expect(subject.get('1')).resolves.toBe('1#1');
      expect(subject.controls.cacheStats().evictions.failed).toBe(0);
    });

    it('stores nothing when a refresh of an absent entry fails (no negative cache)', async () => {
      const subject = makeSubject('async', entry, key, layout);
      subject.failWith(new Error('source down'));
      await expect(subject.controls.refresh('1')).rejects.toThrow('source down');
      expect(subject.controls.has('1')).toBe(false);
      expect(subject.controls.cacheInfo().currentSize).toBe(0);
    });
  });

  describe.each(ENTRY_POINTS)('of a sync function (%s)', (entry) => {
    it.each(LAYOUTS)('keeps the current entry when the refresh throws (%s layout)', (layout) => {
      const subject = makeSubject('sync', entry, 'default', layout);
      subject.get('1');
      subject.failWith(new Error('source down'));
      expect(() => subject.controls.refresh('1')).toThrow('source down');
      expect(subject.get('1')).toBe('1#1');
    });
  });

  describe.each(KEY_KINDS.filter((key) => key !== 'KeyStrategy rebound'))('with negative caching (%s key)', (key) => {
    it.each(ENTRY_POINTS)(
      'returns the failure to the refresh caller under negativeCache: true and keeps the entry (%s)',
      async (entry) => {
        const subject = makeSubject('async', entry, key, 'rich', { negativeCache: true });
        await subject.get('1');
        subject.failWith(new Error('source down'));
        const failure = await subject.controls.refresh('1');
        expect(failure).toBeInstanceOf(Error);
        expect((failure as Error).message).toBe('source down');
        await expect(subject.get('1')).resolves.toBe('1#1');
        expect(subject.loads).toBe(2);
      },
    );

    it.each(ENTRY_POINTS)(
      "rejects the refresh caller under negativeCache: 'rethrow' and keeps the entry (%s)",
      async (entry) => {
        const subject = makeSubject('async', entry, key, 'rich', { negativeCache: 'rethrow' });
        await subject.get('1');
        subject.failWith(new Error('source down'));
        await expect(subject.controls.refresh('1')).rejects.toThrow('source down');
        await expect(subject.get('1')).resolves.toBe('1#1');
      },
    );

    it.each(ENTRY_POINTS)(
      'returns the failure of a sync refresh under negativeCache: true and keeps the entry (%s)',
      (entry) => {
        const subject = makeSubject('sync', entry, key, 'rich', { negativeCache: true });
        subject.get('1');
        subject.failWith(new Error('source down'));
        expect(subject.controls.refresh('1')).toEqual(new Error('source down'));
        expect(subject.get('1')).toBe('1#1');
      },
    );

    it.each(ENTRY_POINTS)(
      'stores the failure of a refresh with no current entry, as a call would (%s)',
      async (entry) => {
        const subject = makeSubject('async', entry, key, 'rich', { negativeCache: true });
        subject.failWith(new Error('source down'));
        const failure = await subject.controls.refresh('1');
        expect(failure).toBeInstanceOf(Error);
        subject.failWith(null);
        await expect(subject.get('1')).resolves.toBe(failure);
        expect(subject.loads).toBe(1);
      },
    );
  });

  it('serves the current entry to a call made while the refresh waits on its first await', async () => {
    const subject = makeSubject('async', 'wrap', 'default', 'rich');
    await subject.get('1');
    const release = subject.hold();
    const refreshed = subject.controls.refresh('1');
    await flush();
    expect(await subject.get('1')).toBe('1#1');
    release();
    expect(await refreshed).toBe('1#2');
  });
});
