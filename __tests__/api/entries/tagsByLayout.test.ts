/**
 * Tags on both table layouts: a cache with tags alone is plain (its tags live in a `KeyTagIndex`
 * beside the raw values), one with an expiration is rich (its tags live on its entries). Every
 * rule of entries-and-tags.md "Tags" holds on both, for `wrap` and both kinds of `@Cacheable`
 * instance (the first one's keys are raw, a second one's are `MethodKey`s).
 */
import { newManager } from '../../support/managers';
import { ENTRY_POINTS, FUNCTION_KINDS, LAYOUTS, makeSubject, type Subject } from './entrySubjects';

const CASES = FUNCTION_KINDS.flatMap((kind) =>
  ENTRY_POINTS.flatMap((entry) => LAYOUTS.map((layout) => [kind, entry, layout] as const)),
);

describe.each(CASES)('tags of a %s function (%s, %s layout)', (kind, entry, layout) => {
  const tagged = (extra = {}): Subject =>
    makeSubject(kind, entry, 'default', layout, { tags: (id: string) => [`user:${id}`, 'users'], ...extra });

  it('removes the entries carrying a tag, counts them, and leaves the others', async () => {
    const subject = tagged();
    await subject.settle(subject.get('1'));
    await subject.settle(subject.get('2'));
    await expect(subject.manager.invalidateTags(['user:1'])).resolves.toBe(1);
    expect(subject.controls.has('1')).toBe(false);
    expect(subject.controls.has('2')).toBe(true);
    expect(subject.controls.cacheStats().evictions.invalidated).toBe(1);
    await expect(subject.manager.invalidateTags(['users'])).resolves.toBe(1);
    expect(subject.controls.cacheInfo().currentSize).toBe(0);
    expect(await subject.settle(subject.get('1'))).toBe('1#3');
  });

  it('forgets entries that left the table otherwise (invalidated, evicted, cleared)', async () => {
    const subject = tagged({ maxsize: 2 });
    await subject.settle(subject.get('1'));
    await subject.settle(subject.get('2'));
    await subject.settle(subject.get('3'));
    await subject.settle(subject.controls.invalidate('2'));
    await expect(subject.manager.invalidateTags(['user:1', 'user:2'])).resolves.toBe(0);
    await subject.settle(subject.controls.clearCache());
    await expect(subject.manager.invalidateTags(['users'])).resolves.toBe(0);
  });

  it('tags what set() and refresh() store, and what a call stores after the invalidation', async () => {
    const subject = tagged();
    await subject.settle(subject.controls.set('stored', '1'));
    await subject.settle(subject.controls.refresh('2'));
    await expect(subject.manager.invalidateTags(['user:1', 'user:2'])).resolves.toBe(2);
    await subject.settle(subject.get('1'));
    expect(subject.controls.has('1')).toBe(true);
    await expect(subject.manager.invalidateTags(['user:1'])).resolves.toBe(1);
  });

  it('re-tags an entry stored again under the same key', async () => {
    let suffix = 'a';
    const subject = makeSubject(kind, entry, 'default', layout, { tags: (id: string) => [`v:${id}:${suffix}`] });
    await subject.settle(subject.get('1'));
    suffix = 'b';
    await subject.settle(subject.controls.refresh('1'));
    await expect(subject.manager.invalidateTags(['v:1:a'])).resolves.toBe(0);
    await expect(subject.manager.invalidateTags(['v:1:b'])).resolves.toBe(1);
  });

  it('fails a call whose tags function throws before the function runs', async () => {
    const subject = makeSubject(kind, entry, 'default', layout, {
      tags: () => {
        throw new Error('no tags');
      },
    });
    if (kind === 'async') await expect(subject.get('1')).rejects.toThrow('no tags');
    else expect(() => subject.get('1')).toThrow('no tags');
    expect(subject.loads).toBe(0);
    expect(subject.controls.cacheInfo().currentSize).toBe(0);
    if (kind === 'async') await expect(subject.controls.set('x', '1')).rejects.toThrow('no tags');
    else expect(() => subject.controls.set('x', '1')).toThrow('no tags');
  });

  if (kind === 'async') {
    it('makes a tagged flight store nothing (not counted); waiters get its result; later calls start anew', async () => {
      const subject = tagged();
      const release = subject.hold();
      const waiters = [subject.get('1'), subject.get('1')];
      await expect(subject.manager.invalidateTags(['user:1'])).resolves.toBe(0);
      const later = subject.get('1');
      expect(subject.loads).toBe(2);
      release();
      await expect(Promise.all(waiters)).resolves.toEqual(['1#1', '1#1']);
      await expect(later).resolves.toBe('1#2');
      expect(await subject.controls.peek('1')).toBe('1#2');
      expect(subject.controls.cacheStats().evictions.invalidated).toBe(0);
    });

    it('removes the entry a refresh is replacing (counted) and the refresh stores nothing', async () => {
      const subject = tagged();
      await subject.get('1');
      const release = subject.hold();
      const refreshed = subject.controls.refresh('1');
      await expect(subject.manager.invalidateTags(['user:1'])).resolves.toBe(1);
      release();
      await expect(refreshed).resolves.toBe('1#2');
      expect(subject.controls.has('1')).toBe(false);
    });
  }
});

describe.each(LAYOUTS)('a sync tagged function that invalidates its own tag while computing (%s layout)', (layout) => {
  it('returns its value and stores nothing', async () => {
    const manager = newManager();
    let removed: Promise<number> | undefined;
    const cached = manager.wrap(
      (id: string) => {
        removed = manager.invalidateTags(['mine']);
        return id.length;
      },
      layout === 'rich' ? { tags: ['mine'], expiration: 3600 } : { tags: ['mine'] },
    );
    expect(cached('abc')).toBe(3);
    await expect(removed).resolves.toBe(0);
    expect(cached.has('abc')).toBe(false);
  });
});
