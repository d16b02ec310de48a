/**
 * `peek`, `has`, `invalidate`, `refresh` and `set` (entries-and-tags.md "Controls on one entry") for
 * every combination of function kind, entry point, key kind and table layout, and with the W-TinyLFU
 * table instead of the LRU.
 */
import {
  ALL_COMBINATIONS,
  ENTRY_POINTS,
  FUNCTION_KINDS,
  LAYOUTS,
  flush,
  makeSubject,
  type FunctionKind,
  type Subject,
} from './entrySubjects';

describe.each(ALL_COMBINATIONS)(
  'per-entry controls of a %s function (%s, %s key, %s layout)',
  (kind, entry, key, layout) => {
    controlTests(kind, () => makeSubject(kind, entry, key, layout));
  },
);

describe.each(
  FUNCTION_KINDS.flatMap((kind) =>
    ENTRY_POINTS.flatMap((entry) => LAYOUTS.map((layout) => [kind, entry, layout] as const)),
  ),
)("per-entry controls of a %s function (%s, %s layout) with eviction: 'w-tinylfu'", (kind, entry, layout) => {
  controlTests(kind, () => makeSubject(kind, entry, 'default', layout, { eviction: 'w-tinylfu', maxsize: 1000 }));
});

/** The tests of every per-entry member, for subjects of one function kind. */
function controlTests(kind: FunctionKind, make: () => Subject): void {
  let subject: Subject;

  beforeEach(() => {
    subject = make();
  });

  const counts = (): unknown => [subject.controls.cacheInfo(), subject.controls.cacheStats()];

  describe('peek()', () => {
    it('returns undefined when nothing is stored, without calling the function', () => {
      expect(subject.controls.peek('1')).toBeUndefined();
      expect(subject.loads).toBe(0);
    });

    it('returns the stored result as a hit would, without calling, counting or loading', async () => {
      await subject.settle(subject.get('1'));
      const before = counts();
      const peeked = subject.controls.peek('1');
      expect(counts()).toEqual(before);
      expect(subject.loads).toBe(1);
      if (kind === 'async') {
        expect(peeked).toBeInstanceOf(Promise);
        expect(peeked).toBe(subject.get('1'));
      } else {
        expect(peeked).toBe(subject.get('1'));
      }
      expect(await subject.settle(peeked)).toBe('1#1');
    });

    it("finds another argument's entry only when the key ignores arguments", async () => {
      await subject.settle(subject.get('1'));
      if (subject.shared) expect(await subject.settle(subject.controls.peek('2'))).toBe('1#1');
      else expect(subject.controls.peek('2')).toBeUndefined();
    });

    if (kind === 'async') {
      it('returns undefined while the entry is only in flight', async () => {
        const release = subject.hold();
        const call = subject.get('1');
        expect(subject.controls.peek('1')).toBeUndefined();
        expect(subject.controls.has('1')).toBe(false);
        release();
        await call;
        expect(subject.controls.has('1')).toBe(true);
      });
    }
  });

  describe('has()', () => {
    it('is false before a call and true after it, without counting', async () => {
      expect(subject.controls.has('1')).toBe(false);
      await subject.settle(subject.get('1'));
      const before = counts();
      expect(subject.controls.has('1')).toBe(true);
      expect(subject.controls.has('2')).toBe(subject.shared);
      expect(counts()).toEqual(before);
    });
  });

  describe('invalidate()', () => {
    it("removes the entry with reason 'invalidated' and returns true; the next call loads again", async () => {
      await subject.settle(subject.get('1'));
      const dropped = subject.controls.invalidate('1');
      if (kind === 'async') expect(dropped).toBeInstanceOf(Promise);
      expect(await subject.settle(dropped)).toBe(true);
      expect(subject.controls.has('1')).toBe(false);
      expect(subject.controls.cacheStats().evictions.invalidated).toBe(1);
      expect(subject.controls.cacheInfo().currentSize).toBe(0);
      expect(await subject.settle(subject.get('1'))).toBe('1#2');
    });

    it('returns false when there is nothing to drop', async () => {
      expect(await subject.settle(subject.controls.invalidate('1'))).toBe(false);
      await subject.settle(subject.get('1'));
      if (!subject.shared) expect(await subject.settle(subject.controls.invalidate('2'))).toBe(false);
      expect(subject.controls.has('1')).toBe(true);
    });
  });

  describe('refresh()', () => {
    it('runs the function now, stores and returns the new result', async () => {
      await subject.settle(subject.get('1'));
      expect(await subject.settle(subject.controls.refresh('1'))).toBe('1#2');
      expect(subject.loads).toBe(2);
      expect(await subject.settle(subject.get('1'))).toBe('1#2');
      expect(subject.loads).toBe(2);
      expect(subject.controls.cacheStats().evictions.replaced).toBe(1);
    });

    it('loads and stores an entry that was absent', async () => {
      expect(await subject.settle(subject.controls.refresh('1'))).toBe('1#1');
      expect(subject.controls.has('1')).toBe(true);
      expect(await subject.settle(subject.get('1'))).toBe('1#1');
      expect(subject.loads).toBe(1);
    });
  });

  describe('set()', () => {
    it('stores a value as if the function had returned it, and returns what its kind returns', async () => {
      const done = subject.controls.set('stored', '1');
      if (kind === 'async') {
        expect(done).toBeInstanceOf(Promise);
        await expect(done).resolves.toBeUndefined();
      } else {
        expect(done).toBeUndefined();
      }
      expect(subject.controls.has('1')).toBe(true);
      expect(await subject.settle(subject.get('1'))).toBe('stored');
      expect(subject.loads).toBe(0);
    });

    it("replaces a stored entry (counted as 'replaced')", async () => {
      await subject.settle(subject.get('1'));
      await subject.settle(subject.controls.set('stored', '1'));
      expect(await subject.settle(subject.get('1'))).toBe('stored');
      expect(subject.loads).toBe(1);
      expect(subject.controls.cacheStats().evictions.replaced).toBe(1);
      expect(subject.controls.cacheInfo().currentSize).toBe(1);
    });

    if (kind === 'async') {
      it('stores a promise once it fulfils', async () => {
        let resolve!: (value: string) => void;
        const value = new Promise<string>((r) => (resolve = r));
        const done = subject.controls.set(value, '1');
        await flush();
        expect(subject.controls.has('1')).toBe(false);
        resolve('later');
        await done;
        expect(subject.controls.has('1')).toBe(true);
        expect(await subject.settle(subject.get('1'))).toBe('later');
        expect(subject.loads).toBe(0);
      });

      it('stores nothing when the promise rejects, and rejects with its reason', async () => {
        const done = subject.controls.set(Promise.reject(new Error('no value')), '1');
        await expect(done).rejects.toThrow('no value');
        expect(subject.controls.has('1')).toBe(false);
      });
    }
  });
}
