/**
 * Regressions found while proving issue #15 (per-entry control):
 * - a `refresh()` or a `set()` of a promise that stored after its key's entry had left the table
 *   (evicted, invalidated) stored under the decorated method's released `MethodKey`: an entry no
 *   call could reach, counted in `currentSize` until the LRU evicted it, while calls loaded again;
 * - `set()`, `invalidate()` or `@CacheEvict({ allEntries: true })` of its own key while a sync
 *   plain-layout function computed it did not stop the computation from storing (for `set`, the
 *   table then held the key twice).
 */
import { CacheEvict, Cacheable, cacheOf } from '../../src';
import { newManager } from '../support/managers';
import { LAYOUTS, makeSubject } from '../api/entries/entrySubjects';

describe.each(LAYOUTS)('a decorated async method of a second instance (%s layout)', (layout) => {
  it('keeps a set() of a promise reachable when the entry was invalidated while it was pending', async () => {
    const subject = makeSubject('async', '@Cacheable (2nd instance)', 'default', layout);
    await subject.get('1');
    let resolve!: (value: string) => void;
    const done = subject.controls.set(new Promise<string>((r) => (resolve = r)), '1');
    await subject.controls.invalidate('1');
    resolve('set');
    await done;
    expect(subject.controls.has('1')).toBe(true);
    expect(await subject.get('1')).toBe('set');
    expect(subject.loads).toBe(1);
    expect(subject.controls.cacheInfo().currentSize).toBe(1);
  });

  it('keeps a refresh() reachable when the LRU evicted the refreshed entry meanwhile', async () => {
    const subject = makeSubject('async', '@Cacheable (2nd instance)', 'default', layout, { maxsize: 1 });
    await subject.get('1');
    const release = subject.hold();
    const refreshed = subject.controls.refresh('1');
    const other = subject.get('2');
    release();
    await Promise.all([refreshed, other]);
    expect(subject.controls.cacheInfo().currentSize).toBe(1);
    expect(await subject.get('1')).toBe('1#2');
    expect(subject.loads).toBe(3);
  });
});

describe.each([
  ['plain', {}],
  ['rich', { expiration: 3600 }],
] as const)('a sync function whose body stores its own key (%s layout)', (_layout, options) => {
  it('keeps the value set() stored while it computed, and the table consistent', () => {
    const manager = newManager();
    const holder: { cached?: { set(value: number, id: string): void } } = {};
    const cached = manager.wrap(
      (id: string) => {
        if (id === 'a') holder.cached!.set(99, 'a');
        return id.length;
      },
      { ...options, maxsize: 2 },
    );
    holder.cached = cached;
    expect(cached('a')).toBe(1);
    expect(cached('a')).toBe(99);
    expect(cached.cacheInfo().currentSize).toBe(1);
    cached('bb');
    cached('ccc');
    cached('dddd');
    expect(cached.cacheInfo().currentSize).toBe(2);
    expect(cached.has('a')).toBe(false);
  });

  it('stores nothing when it invalidated its own key while computing', () => {
    const manager = newManager();
    const holder: { cached?: { invalidate(id: string): boolean } } = {};
    let dropped: boolean | undefined;
    const cached = manager.wrap((id: string) => {
      dropped = holder.cached!.invalidate(id);
      return id.length;
    }, options);
    holder.cached = cached;
    expect(cached('a')).toBe(1);
    expect(dropped).toBe(true);
    expect(cached.cacheInfo().currentSize).toBe(0);
  });

  it('stores nothing when its method cache was emptied by @CacheEvict({ allEntries: true }) while computing', () => {
    class Service {
      runs = 0;
      @Cacheable(options)
      get(id: string): number {
        this.runs++;
        if (this.runs === 1) this.reset();
        return id.length;
      }
      @CacheEvict({ method: 'get', allEntries: true })
      reset(): void {
        // nothing to do: the decorator empties the cache
      }
    }
    const service = new Service();
    expect(service.get('a')).toBe(1);
    expect(cacheOf(service, 'get').has('a')).toBe(false);
    expect(service.get('a')).toBe(1);
    expect(service.runs).toBe(2);
  });
});
