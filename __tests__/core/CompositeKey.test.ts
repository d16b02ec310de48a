import 'reflect-metadata';
import { CacheManager, createCacheContainer, ReentrantCallError } from '../../src';
import type { CacheCore } from '../../src/core/CacheCore';
import { CORE } from '../../src/core/buildCachedFunction';
import { CompositeKey, CompositeKeys, keyForReport } from '../../src/core/CompositeKey';
import { encodeArgs, encodeKey } from '../../src/strategies/encoding/encodeKey';

const newManager = (): CacheManager => createCacheContainer().get(CacheManager);

describe(CompositeKeys.name, () => {
  it('interns: one object per encoding while it is held', () => {
    const keys = new CompositeKeys();
    const a = keys.intern('\u0000a2:x');
    expect(keys.intern('\u0000a2:x')).toBe(a);
    expect(keys.intern('\u0000a2:y')).not.toBe(a);
    expect(a).toBeInstanceOf(CompositeKey);
    expect(String(a)).toBe('\u0000a2:x');
    expect(keys.size).toBe(2);
  });

  it('forgets every encoding on clear(), and interns an encoding anew afterwards', () => {
    const keys = new CompositeKeys();
    const a = keys.intern('\u0000a2:x');
    keys.intern('\u0000a2:y');
    keys.clear();
    expect(keys.size).toBe(0);
    const again = keys.intern('\u0000a2:x');
    expect(again).not.toBe(a);
    expect(again.text).toBe(a.text);
    expect(keys.size).toBe(1);
  });

  it('is emptied by clearCache(), releasing the interned keys at once', () => {
    const cached = newManager().wrap((a: number, b: string) => `${a}${b}`, { maxsize: 100 });
    const core = (cached as unknown as Record<symbol, CacheCore>)[CORE];
    const composites = (): number => core.internedKeys;
    for (let i = 0; i < 50; i++) cached(i, 'x');
    expect(composites()).toBe(50);
    cached.clearCache();
    expect(composites()).toBe(0);
    expect(cached(1, 'x')).toBe('1x');
    expect(composites()).toBe(1);
  });

  it('reports a composite key by its encoding and anything else as it is', () => {
    expect(keyForReport(new CompositeKey('\u0000a0:'))).toBe('\u0000a0:');
    expect(keyForReport('k')).toBe('k');
    expect(keyForReport(7)).toBe(7);
  });
});

describe('one string argument versus composite keys', () => {
  it('never confuses a string that equals a composite encoding with that composite call', () => {
    const calls: unknown[][] = [];
    const cached = newManager().wrap((...args: unknown[]) => {
      calls.push(args);
      return `result of call ${calls.length}`;
    });
    const object = { id: 1 };
    const twoArgs = encodeArgs([1, 'x']);
    const oneObject = encodeKey(object, 0) as string;
    expect(cached(1, 'x')).toBe('result of call 1');
    expect(cached(object)).toBe('result of call 2');
    // Strings spelling those encodings are keys of their own (the hit path tests no characters).
    expect(cached(twoArgs)).toBe('result of call 3');
    expect(cached(oneObject)).toBe('result of call 4');
    expect(cached(twoArgs)).toBe('result of call 3');
    expect(cached(1, 'x')).toBe('result of call 1');
    expect(cached({ id: 1 })).toBe('result of call 2');
    expect(cached('\u0000')).toBe('result of call 5');
    expect(cached('\u0000')).toBe('result of call 5');
    expect(calls).toHaveLength(5);
    expect(cached.cacheInfo()).toMatchObject({ hits: 4, misses: 5, currentSize: 5 });
  });

  it('answers a string starting with NUL from the hit path, like any other string', () => {
    const cached = newManager().wrap((key: string) => key.length, { maxsize: 10 });
    const core = (cached as unknown as Record<symbol, CacheCore>)[CORE];
    const slow = [jest.spyOn(core, 'call'), jest.spyOn(core, 'callSpread'), jest.spyOn(core, 'callKeyed')];
    expect(cached('\u0000abc')).toBe(4);
    const slowCallsOnMiss = slow.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
    expect(slowCallsOnMiss).toBeGreaterThan(0);
    expect(cached('\u0000abc')).toBe(4);
    expect(slow.reduce((sum, spy) => sum + spy.mock.calls.length, 0)).toBe(slowCallsOnMiss);
  });

  it('shares one flight between concurrent calls with the same composite key', async () => {
    let runs = 0;
    let release: (value: string) => void = () => undefined;
    const cached = newManager().wrap(async (a: number, b: { tag: string }) => {
      runs++;
      return new Promise<string>((resolve) => {
        release = (value) => resolve(`${value} ${a} ${b.tag}`);
      });
    });
    const first = cached(1, { tag: 'x' });
    const second = cached(1, { tag: 'x' });
    release('done');
    await expect(Promise.all([first, second])).resolves.toEqual(['done 1 x', 'done 1 x']);
    expect(runs).toBe(1);
  });

  it('reports a re-entered composite key by its encoding', () => {
    const cached = newManager().wrap((a: number, b: number): number => (a > 0 ? cached(a, b) : a + b));
    let error: unknown;
    try {
      cached(1, 2);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ReentrantCallError);
    expect((error as ReentrantCallError).key).toBe(encodeArgs([1, 2]));
  });
});

describe(`${CompositeKey.name} contentHash()`, () => {
  it('hashes by encoding, so a composite key interned again hashes the same', () => {
    expect(new CompositeKey('\u0000a2:x').contentHash()).toBe(new CompositeKey('\u0000a2:x').contentHash());
    expect(new CompositeKey('\u0000a2:x').contentHash()).not.toBe(new CompositeKey('\u0000a2:y').contentHash());
  });
});
