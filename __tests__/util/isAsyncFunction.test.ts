import { isAsyncFunction } from '../../src/util/isAsyncFunction';

describe(isAsyncFunction.name, () => {
  class Service {
    async load(): Promise<number> {
      return 1;
    }
    read(): Promise<number> {
      return Promise.resolve(1);
    }
  }

  it.each<[string, unknown, boolean]>([
    ['an async function', async function load() {}, true],
    ['an async arrow function', async () => 1, true],
    ['an async method', Service.prototype.load, true],
    ['an async generator function', async function* gen() {}, true],
    ['a function returning a promise', () => Promise.resolve(1), false],
    ['a method returning a promise', Service.prototype.read, false],
    ['a plain function', function plain() {}, false],
    ['a class', Service, false],
    ['a non-function', 'async', false],
  ])('returns the right answer for %s', (_label, fn, expected) => {
    expect(isAsyncFunction(fn)).toBe(expected);
  });
});
