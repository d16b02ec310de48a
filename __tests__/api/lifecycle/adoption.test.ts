import { CacheManager, ExtractionError, InvalidCacheConfigError, type CacheOptions } from '../../../src';
import {
  endLifecycleTest,
  fakeResource,
  resourceLoader,
  startLifecycleTest,
  type LifecycleFixture,
} from './fakeResources';

describe(CacheManager.name, () => {
  let fixture: LifecycleFixture;

  beforeEach(() => {
    fixture = startLifecycleTest();
  });

  afterEach(() => endLifecycleTest(fixture));

  /** Everything the recording lifecycle disposed, in order. */
  const disposed = (): unknown[] => fixture.lifecycle.disposals.map((record) => record.value);

  describe('wrap() with wrapAsyncExitStack', () => {
    describe('true', () => {
      it('adopts the whole value and caches the returned object itself', async () => {
        const { load, made } = resourceLoader(() => fakeResource('pool'));
        const cached = fixture.manager.wrap(load, { wrapAsyncExitStack: true });
        const value = await cached('a');
        expect(await cached('a')).toBe(value);
        expect(made).toEqual([value]);
        await cached.clearCache();
        expect(disposed()).toEqual([value]);
      });
    });

    describe("'*'", () => {
      it('adopts the disposable elements of an array and skips the others', async () => {
        const first = fakeResource('first');
        const second = fakeResource('second', 'asyncDispose', 'async');
        const value = [first, 42, 'text', { plain: true }, null, second];
        const cached = fixture.manager.wrap(async () => value, { wrapAsyncExitStack: '*' });
        expect(await cached()).toBe(value);
        await cached.clearCache();
        expect(new Set(disposed())).toEqual(new Set([first, second]));
        expect(disposed()).toHaveLength(2);
      });

      it('adopts the disposable own properties of an object and skips the others', async () => {
        const http = fakeResource('http');
        const redis = fakeResource('redis', 'quit', 'async');
        const value = { http, redis, name: 'clients', retries: 3, nested: { db: fakeResource('db') } };
        const cached = fixture.manager.wrap(async () => value, { wrapAsyncExitStack: '*' });
        expect(await cached()).toBe(value);
        await cached.clearCache();
        expect(new Set(disposed())).toEqual(new Set([http, redis]));
        expect(value.nested.db.calls).toEqual([]);
      });

      it.each<[string, unknown]>([
        ['an array of plain values', [1, 'two', { three: 3 }]],
        ['an object of plain values', { a: 1, b: 'two' }],
        ['a primitive', 'just a string'],
        ['an empty array', []],
      ])('stores %s and adopts nothing when no part is disposable', async (_name, value) => {
        const { load, made } = resourceLoader(() => value);
        const cached = fixture.manager.wrap(load, { wrapAsyncExitStack: '*' });
        expect(await cached('a')).toBe(value);
        expect(await cached('a')).toBe(value);
        expect(made).toHaveLength(1);
        await cached.clearCache();
        expect(disposed()).toEqual([]);
      });
    });

    describe('paths', () => {
      it.each<[string, string[]]>([
        ["with '$.'", ['$.clients.http', '$.clients.redis']],
        ["without '$.'", ['clients.http', 'clients.redis']],
        ['mixed', ['$.clients.http', 'clients.redis']],
      ])('adopts the parts at nested paths %s and nothing else', async (_name, paths) => {
        const value = {
          clients: { http: fakeResource('http'), redis: fakeResource('redis', 'quit'), other: fakeResource('other') },
          top: fakeResource('top'),
        };
        const cached = fixture.manager.wrap(async () => value, { wrapAsyncExitStack: paths });
        expect(await cached()).toBe(value);
        await cached.clearCache();
        expect(new Set(disposed())).toEqual(new Set([value.clients.http, value.clients.redis]));
        expect(value.clients.other.calls).toEqual([]);
        expect(value.top.calls).toEqual([]);
      });

      it('adopts array elements addressed by index', async () => {
        const value = { pools: [fakeResource('primary'), fakeResource('replica')] };
        const cached = fixture.manager.wrap(async () => value, { wrapAsyncExitStack: ['$.pools[1]'] });
        await cached();
        await cached.clearCache();
        expect(disposed()).toEqual([value.pools[1]]);
      });

      it("skips a missing path marked ':ignore_missing' and still adopts the others", async () => {
        const value = { clients: { http: fakeResource('http') } };
        const cached = fixture.manager.wrap(async () => value, {
          wrapAsyncExitStack: ['$.clients.http:ignore_missing', '$.clients.redis:ignore_missing'],
        });
        expect(await cached()).toBe(value);
        await cached.clearCache();
        expect(disposed()).toEqual([value.clients.http]);
      });

      it("rejects the call with ExtractionError naming a missing path without ':ignore_missing', storing nothing", async () => {
        const { load, made } = resourceLoader(() => ({ clients: { http: fakeResource('http') } }));
        const cached = fixture.manager.wrap(load, { wrapAsyncExitStack: ['$.clients.redis'] });
        const call = cached('a');
        await expect(call).rejects.toBeInstanceOf(ExtractionError);
        await expect(call).rejects.toMatchObject({ code: 'E_EXTRACTION', path: '$.clients.redis' });
        await expect(cached('a')).rejects.toBeInstanceOf(ExtractionError);
        expect(made).toHaveLength(2);
        expect(cached.cacheInfo().currentSize).toBe(0);
      });
    });

    describe('a part that is not disposable', () => {
      it.each<[string, CacheOptions['wrapAsyncExitStack'], unknown]>([
        ['true over a plain object', true, { plain: true }],
        ['true over a primitive', true, 42],
        ['a path to a plain value', ['$.clients.http'], { clients: { http: 'not a client' } }],
      ])('rejects the call with ExtractionError for %s and stores nothing', async (_name, spec, value) => {
        const { load, made } = resourceLoader(() => value);
        const cached = fixture.manager.wrap(load, { wrapAsyncExitStack: spec });
        await expect(cached('a')).rejects.toBeInstanceOf(ExtractionError);
        await expect(cached('a')).rejects.toBeInstanceOf(ExtractionError);
        expect(made).toHaveLength(2);
        expect(cached.cacheInfo().currentSize).toBe(0);
      });

      it("disposes with reason 'failed' what the failing call had already adopted", async () => {
        const value = { http: fakeResource('http'), redis: 'not a client' };
        const cached = fixture.manager.wrap(async () => value, { wrapAsyncExitStack: ['$.http', '$.redis'] });
        await expect(cached()).rejects.toBeInstanceOf(ExtractionError);
        expect(fixture.lifecycle.reasonsOf(value.http)).toEqual(['failed']);
        expect(value.http.closed).toBe(true);
      });

      it("disposes with reason 'failed' what a missing path's call had already adopted", async () => {
        const value = { http: fakeResource('http') };
        const cached = fixture.manager.wrap(async () => value, { wrapAsyncExitStack: ['$.http', '$.redis'] });
        await expect(cached()).rejects.toBeInstanceOf(ExtractionError);
        expect(fixture.lifecycle.reasonsOf(value.http)).toEqual(['failed']);
      });

      it("disposes with reason 'failed' the entry that a refetch with an undisposable value replaced", async () => {
        let broken = false;
        const good = fakeResource('good');
        const cached = fixture.manager.wrap(async () => (broken ? { plain: true } : good), {
          wrapAsyncExitStack: true,
          expiration: 60,
        });
        await cached();
        broken = true;
        jest.advanceTimersByTime(60_000);
        await expect(cached()).rejects.toBeInstanceOf(ExtractionError);
        expect(fixture.lifecycle.reasonsOf(good)).toEqual(['failed']);
        expect(cached.cacheInfo().currentSize).toBe(0);
      });
    });

    describe('function kinds', () => {
      it.each<[string, CacheOptions]>([
        ['wrapAsyncExitStack: true', { wrapAsyncExitStack: true }],
        ["wrapAsyncExitStack: '*'", { wrapAsyncExitStack: '*' }],
        ['wrapAsyncExitStack: paths', { wrapAsyncExitStack: ['$.pool'] }],
        ['exitStackCloseDelay', { exitStackCloseDelay: '5 seconds' }],
      ])('throws InvalidCacheConfigError at wrap time for a sync function with %s', (_name, options) => {
        const load = (): { pool: unknown } => ({ pool: fakeResource('pool') });
        expect(() => fixture.manager.wrap(load, options)).toThrow(InvalidCacheConfigError);
      });

      it('names the option in the error for a sync function', () => {
        const load = (): unknown => fakeResource('pool');
        expect(() => fixture.manager.wrap(load, { wrapAsyncExitStack: true })).toThrow(/wrapAsyncExitStack/);
      });

      it.each<[string, false | null]>([
        ['false', false],
        ['null', null],
      ])('accepts wrapAsyncExitStack: %s on sync and async functions and adopts nothing', async (_name, spec) => {
        const resource = fakeResource('pool');
        const sync = fixture.manager.wrap(() => resource, { wrapAsyncExitStack: spec });
        const async = fixture.manager.wrap(async () => resource, { wrapAsyncExitStack: spec });
        expect(sync()).toBe(resource);
        expect(await async()).toBe(resource);
        sync.clearCache();
        await async.clearCache();
        expect(resource.calls).toEqual([]);
        expect(disposed()).toEqual([]);
      });
    });
  });
});
