import { ExtractionError } from '../../../src/contracts/errors/ExtractionError';
import { InvalidCacheConfigError } from '../../../src/contracts/errors/InvalidCacheConfigError';
import { compileAdoption, type AdoptionSpec } from '../../../src/policies/lifecycle/adoptResources';
import { DisposableResourceLifecycle } from '../../../src/policies/lifecycle/DisposableResourceLifecycle';
import { ResourceLifecycle } from '../../../src/policies/lifecycle/ResourceLifecycle';

const lifecycle = new DisposableResourceLifecycle();
const closable = (name: string): { name: string; close: () => void } => ({ name, close: () => undefined });

/** Recognises only values tagged `{ custom: true }`, to show the bound lifecycle decides. */
class TaggedLifecycle extends ResourceLifecycle {
  override isDisposable(value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { custom?: unknown }).custom === true;
  }
  override dispose(): void {}
}

function extractionError(run: () => unknown): ExtractionError {
  try {
    run();
  } catch (error) {
    if (error instanceof ExtractionError) return error;
    throw error;
  }
  throw new Error('expected an ExtractionError');
}

describe('compileAdoption()', () => {
  describe('true', () => {
    it('adopts the whole value', () => {
      const value = closable('client');
      expect(compileAdoption(true)(value, lifecycle)).toEqual([value]);
    });

    it.each([
      ['a plain object', { a: 1 }],
      ['null', null],
      ['a number', 3],
    ])('throws ExtractionError at path $ when the value is %s', (_label, value) => {
      const error = extractionError(() => compileAdoption(true)(value, lifecycle));
      expect(error.path).toBe('$');
      expect(error.message).toMatch(/not disposable/);
    });
  });

  describe("'*'", () => {
    it('adopts the disposable elements of an array, skipping others', () => {
      const [a, b] = [closable('a'), closable('b')];
      expect(compileAdoption('*')([a, 1, null, { x: 1 }, b], lifecycle)).toEqual([a, b]);
    });

    it('adopts the disposable own property values of an object, skipping others', () => {
      const [http, redis] = [closable('http'), closable('redis')];
      expect(compileAdoption('*')({ http, port: 80, redis, nested: { deep: closable('deep') } }, lifecycle)).toEqual([
        http,
        redis,
      ]);
    });

    it('skips inherited and non-enumerable properties', () => {
      const value = Object.create({ inherited: closable('i') }) as object;
      Object.defineProperty(value, 'hidden', { value: closable('h'), enumerable: false });
      expect(compileAdoption('*')(value, lifecycle)).toEqual([]);
    });

    it.each([
      ['no disposable part', { a: 1, b: 'x' }],
      ['an empty array', []],
      ['a primitive', 'text'],
      ['null', null],
    ])('adopts nothing from %s', (_label, value) => {
      expect(compileAdoption('*')(value, lifecycle)).toEqual([]);
    });

    it('adopts a part listed twice only once', () => {
      const shared = closable('shared');
      expect(compileAdoption('*')({ a: shared, b: shared }, lifecycle)).toEqual([shared]);
    });
  });

  describe('paths', () => {
    const http = closable('http');
    const redis = closable('redis');
    const value = { clients: { http, redis, list: [redis] }, port: 80, empty: null };

    it.each<[readonly string[], unknown[]]>([
      [['$.clients.http'], [http]],
      [['clients.http'], [http]],
      [
        ['$.clients.http', 'clients.redis'],
        [http, redis],
      ],
      [['$.clients.list[0]'], [redis]],
      [['$.clients.missing:ignore_missing', '$.clients.http'], [http]],
      [['$.empty:ignore_missing'], []],
      [
        ['clients.http', '$.clients.list.0'],
        [http, redis],
      ],
      [['$.clients.redis', '$.clients.list[0]'], [redis]],
      [[], []],
    ])('adopts for %p the parts %p', (spec, expected) => {
      expect(compileAdoption(spec)(value, lifecycle)).toEqual(expected);
    });

    it.each([
      ['$.clients.missing', 'missing'],
      ['$.empty', 'null'],
      ['$.nothing.deeper', 'missing'],
    ])('throws ExtractionError naming %s when it is absent', (path, reason) => {
      const error = extractionError(() => compileAdoption([path])(value, lifecycle));
      expect(error.path).toBe(path);
      expect(error.message).toContain(reason);
    });

    it('throws ExtractionError naming a path whose part is not disposable', () => {
      const error = extractionError(() => compileAdoption(['$.port'])(value, lifecycle));
      expect(error.path).toBe('$.port');
      expect(error.message).toMatch(/80 is not disposable/);
    });

    it('fails a present but non-disposable part even with :ignore_missing', () => {
      const error = extractionError(() => compileAdoption(['$.port:ignore_missing'])(value, lifecycle));
      expect(error.path).toBe('$.port:ignore_missing');
    });

    it('asks the given lifecycle what is disposable', () => {
      const custom = { custom: true };
      expect(compileAdoption(['$.a'])({ a: custom }, new TaggedLifecycle())).toEqual([custom]);
      expect(() => compileAdoption(['$.a'])({ a: closable('a') }, new TaggedLifecycle())).toThrow(ExtractionError);
    });

    it('reads Maps and class instances along the path', () => {
      class Holder {
        readonly clients = new Map([['http', http]]);
      }
      expect(compileAdoption(['$.clients.http'])(new Holder(), lifecycle)).toEqual([http]);
    });
  });

  describe('invalid specs', () => {
    it.each<[string, unknown]>([
      ['a number', 1],
      ['false', false],
      ['null', null],
      ['another string', 'all'],
      ['an object', { path: '$.a' }],
      ['a list holding a number', ['$.a', 2]],
      ['an empty path', ['']],
      ['only the suffix', [':ignore_missing']],
      ['a malformed path', ['$.a[']],
    ])('throws InvalidCacheConfigError naming wrapAsyncExitStack for %s', (_label, spec) => {
      let thrown: unknown;
      try {
        compileAdoption(spec as AdoptionSpec);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidCacheConfigError);
      expect((thrown as InvalidCacheConfigError).problems).toEqual([
        expect.objectContaining({ option: 'wrapAsyncExitStack', value: spec }),
      ]);
    });
  });
});
