import 'reflect-metadata';
import { injectable } from 'inversify';
import { Cacheable, CacheManager, createCacheContainer, cacheOf } from '../../src';

describe('smoke', () => {
  it('caches sync and async', async () => {
    const manager = createCacheContainer().get(CacheManager);
    let calls = 0;
    const f = manager.wrap((x: number) => { calls++; return x * 2; });
    expect(f(2)).toBe(4); expect(f(2)).toBe(4); expect(calls).toBe(1);
    expect(f.cacheInfo()).toMatchObject({ hits: 1, misses: 1, currentSize: 1 });
    const g = manager.wrap(async (x: string) => { calls++; return x + '!'; }, { expiration: 10 });
    const [a, b] = await Promise.all([g('a'), g('a')]);
    expect(a).toBe('a!'); expect(b).toBe('a!'); expect(calls).toBe(2);
    @injectable()
    class Svc { n = 0; @Cacheable({ maxsize: 2 }) get(id: string) { this.n++; return id; } }
    const c = createCacheContainer(); c.bind(Svc).toSelf();
    const s = c.get(Svc);
    s.get('1'); s.get('1'); expect(s.n).toBe(1);
    expect(c.get(CacheManager).cacheOf(s.get).cacheInfo().hits).toBe(1);
    const t = new Svc(); t.get('1'); expect(t.n).toBe(1); expect(cacheOf(t.get).cacheInfo().misses).toBe(1);
  });
});
