type AnyFunction = (...args: never[]) => unknown;
import { parameterNames } from '../../../src/strategies/templates/parameterNames';

/** Builds a function from exact source text (the test file's own functions are compiled by ts-jest). */
function fromSource(source: string): AnyFunction {
  return (0, eval)(`(${source})`) as AnyFunction;
}

/** Builds a method from an object literal holding `source`, e.g. `getUser(id) {}`. */
function methodFromSource(source: string): AnyFunction {
  const holder = (0, eval)(`({ ${source} })`) as Record<string, AnyFunction>;
  const first = Object.getOwnPropertyDescriptor(holder, Reflect.ownKeys(holder)[0])!;
  return (first.value ?? first.get ?? first.set) as AnyFunction;
}

describe(parameterNames.name, () => {
  it.each<[string, string, (string | null)[], string | null]>([
    ['a function declaration', 'function getUser(id, name) { return id; }', ['id', 'name'], null],
    ['an anonymous function', 'function (a) {}', ['a'], null],
    ['no parameters', 'function f() {}', [], null],
    ['a generator', 'function* gen(a, b) {}', ['a', 'b'], null],
    ['an async function', 'async function load(url, opts) {}', ['url', 'opts'], null],
    ['an async generator', 'async function* stream(q) {}', ['q'], null],
    ['an arrow with parentheses', '(a, b) => a + b', ['a', 'b'], null],
    ['an arrow without parentheses', 'user => user.id', ['user'], null],
    ['an async arrow without parentheses', 'async user => user.id', ['user'], null],
    ['an async arrow with parentheses', 'async (user, env) => user', ['user', 'env'], null],
    ['an arrow whose parameter is named async', 'async => async', ['async'], null],
    ['an arrow with no parameters', '() => 1', [], null],
    [
      'default values with commas and calls',
      'function f(a = g(1, 2), b = [3, 4], c = { d: 5, e: 6 }) {}',
      ['a', 'b', 'c'],
      null,
    ],
    ['default values with strings', `function f(a = ',)', b = "(,", c = '\\')') {}`, ['a', 'b', 'c'], null],
    ['default values with template literals', 'function f(a = `${g(1, 2)},)`, b = `x${`${1}`}`) {}', ['a', 'b'], null],
    ['a default value with a regex', 'function f(a = /[,)]/g, b) {}', ['a', 'b'], null],
    ['a default value with a division', 'function f(a = 4 / 2, b = a / 2) {}', ['a', 'b'], null],
    ['a default arrow function', 'function f(a = (x, y) => x, b) {}', ['a', 'b'], null],
    ['comments', 'function f(/* a, */ a /* ) */, // b,\n b) {}', ['a', 'b'], null],
    ['a comment before the list', 'function /* (x) */ f(a) {}', ['a'], null],
    ['a trailing comma', 'function f(a, b,) {}', ['a', 'b'], null],
    ['a destructured object', 'function f({ id, name }, b) {}', [null, 'b'], null],
    ['a destructured array with a default', 'function f([first, second] = [1, 2], b) {}', [null, 'b'], null],
    ['a rest parameter', 'function f(a, ...ids) {}', ['a'], 'ids'],
    ['a destructured rest parameter', 'function f(a, ...[b, c]) {}', ['a'], null],
    ['a rest parameter in an arrow', '(...args) => args', [], 'args'],
    ['unicode and dollar names', 'function f($a, _b, été) {}', ['$a', '_b', 'été'], null],
    [
      'ES5 output of a TypeScript async method',
      'function (id) { return __awaiter(this, void 0, void 0, function* () { return id; }); }',
      ['id'],
      null,
    ],
    ['newlines in the list', 'function f(\n  a,\n  b\n) {}', ['a', 'b'], null],
  ])('reads the names of %s', (_label, source, names, rest) => {
    expect(parameterNames(fromSource(source))).toEqual({
      names,
      rest,
      hasRest: rest !== null || source.includes('...'),
      opaque: false,
    });
  });

  it.each<[string, string, (string | null)[]]>([
    ['a method', 'getUser(id) { return id; }', ['id']],
    ['an async method', 'async getUser(id, opts) {}', ['id', 'opts']],
    ['a generator method', '*items(n) {}', ['n']],
    ['an async generator method', 'async *items(n) {}', ['n']],
    ['a computed method name', '[Symbol.for("m(x)")](a, b) {}', ['a', 'b']],
    ['a quoted method name', '"get (user)"(id) {}', ['id']],
    ['a setter', 'set value(v) {}', ['v']],
    ['a getter', 'get value() { return 1; }', []],
    ['a method named async', 'async(a) {}', ['a']],
    ['a method named class', 'class(a) {}', ['a']],
  ])('reads the names of %s', (_label, source, names) => {
    expect(parameterNames(methodFromSource(source))).toEqual({ names, rest: null, hasRest: false, opaque: false });
  });

  it('reads the names of a class method compiled by TypeScript, decorators and defaults included', () => {
    const decorate = (): MethodDecorator => () => undefined;
    class UserService {
      @decorate()
      async getUser(id: string, options: { fresh: boolean } = { fresh: false }, ...tags: string[]): Promise<string> {
        return id + String(options.fresh) + tags.join();
      }
      static find(this: void, query: string): string {
        return query;
      }
      #secret(token: string): string {
        return token;
      }
      secret(): AnyFunction {
        return this.#secret;
      }
    }
    expect(parameterNames(UserService.prototype.getUser)).toEqual({
      names: ['id', 'options'],
      rest: 'tags',
      hasRest: true,
      opaque: false,
    });
    expect(parameterNames(UserService.find)).toEqual({ names: ['query'], rest: null, hasRest: false, opaque: false });
    expect(parameterNames(new UserService().secret())).toEqual({
      names: ['token'],
      rest: null,
      hasRest: false,
      opaque: false,
    });
  });

  it.each<[string, AnyFunction]>([
    [
      'a bound function',
      function f(a: number): number {
        return a;
      }.bind(null),
    ],
    ['a native function', Math.max],
    [
      'a class',
      class Service {
        constructor(readonly id: string) {}
      } as unknown as AnyFunction,
    ],
    ['an anonymous class', fromSource('class { constructor(a) {} }')],
  ])('reports %s as opaque without throwing', (_label, fn) => {
    expect(parameterNames(fn)).toEqual({ names: [], rest: null, hasRest: false, opaque: true });
  });

  it('does not throw on a Proxy over a function', () => {
    expect(() => parameterNames(new Proxy(() => 1, {}))).not.toThrow();
  });
});
