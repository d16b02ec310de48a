type AnyFunction = (...args: never[]) => unknown;
import { InvalidCacheConfigError } from '../../src/contracts/errors/InvalidCacheConfigError';
import { KeyEncodingError } from '../../src/contracts/errors/KeyEncodingError';
import { encodeKey } from '../../src/strategies/encoding/encodeKey';
import { TemplateKeyStrategy } from '../../src/strategies/TemplateKeyStrategy';
import { describeKeyStrategyContract } from './describeKeyStrategyContract';

function getUser(environment: unknown, user: unknown, flag?: unknown): void {}
function byIds(prefix: unknown, ...ids: unknown[]): void {}
function destructured({ id }: { id: number }, [first]: number[], plain: unknown): void {}

function keyOf(template: string, fn: AnyFunction, args: unknown[], thisArg?: unknown): string {
  return new TemplateKeyStrategy(template, fn, { isMethod: thisArg !== undefined }).keyFor({ thisArg, args });
}

function configError(template: string, fn: AnyFunction, isMethod = false): InvalidCacheConfigError {
  try {
    new TemplateKeyStrategy(template, fn, { isMethod });
  } catch (error) {
    if (error instanceof InvalidCacheConfigError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(template)} to be rejected`);
}

describe(TemplateKeyStrategy.name, () => {
  describe('keyFor()', () => {
    const env = { id: 'prod', region: { name: 'eu' } };
    const user = { id: 7, tags: ['a', 'b'] };

    it.each<[string, unknown[], string]>([
      ['{}:{}', ['x', 1], 'x:1'],
      ['{0}-{1}-{0}', ['x', 1], 'x-1-x'],
      ['{}-{user.id}-{}', ['x', { id: 7 }], `x-7-${String(encodeKey({ id: 7 }, 1))}`],
      ['{environment}', ['plain'], 'plain'],
      ['env:{environment.id}:id:{user[id]}', [env, user], 'env:prod:id:7'],
      ['{environment.region.name}', [env], 'eu'],
      ['{environment[region][name]}', [env], 'eu'],
      ['{user.tags[1]}', [env, user], 'b'],
      ['{user.tags.length}', [env, user], '2'],
      ['{environment.length}', ['abcd'], '4'],
      ['{{literal}}:{0}', ['x'], '{literal}:x'],
      ['{{{0}}}', ['x'], '{x}'],
      ['}}{{', [], '}{'],
      ['no fields', ['x'], 'no fields'],
      ['', ['x'], ''],
      ['{.id}/{[id]}', [env, user], 'prod/7'],
      ['{flag}', ['x', 'y'], 'undefined'],
      ['{2}', ['x', 'y'], 'undefined'],
      ['{0}|{1}|{2}', [null, true, 10n], 'null|true|10'],
      ['{environment.missing}', [env], 'undefined'],
      ['{environment.missing.deeper}', [env], 'undefined'],
      ['{environment.id}', [null], 'undefined'],
      ['{user[m:n]}', [env, { 'm:n': 'colon' }], 'colon'],
    ])('renders %p with %p as %p', (template, args, expected) => {
      expect(keyOf(template, getUser, args)).toBe(expected);
    });

    it('reads a Map with [key], trying a number index as a string too, and its properties with .attr', () => {
      const map = new Map<unknown, unknown>([
        ['a', 1],
        [2, 'two'],
        ['3', 'three'],
      ]);
      expect(keyOf('{0[a]}:{0[2]}:{0[3]}:{0.size}', getUser, [map])).toBe('1:two:three:3');
    });

    it('renders objects with the default-key encoding, so equal structures share a key', () => {
      const key = keyOf('u:{user}', getUser, [env, { b: 1, a: 2 }]);
      expect(key).toBe(`u:${String(encodeKey({ a: 2, b: 1 }, 1))}`);
      expect(key).not.toBe(keyOf('u:{user}', getUser, [env, { a: 1, b: 2 }]));
    });

    it('renders two class instances with the same fields as different keys', () => {
      class Account {
        constructor(readonly id: number) {}
      }
      expect(keyOf('{0}', getUser, [new Account(1)])).not.toBe(keyOf('{0}', getUser, [new Account(1)]));
    });

    it.each<[string, unknown[], string]>([
      ['{ids}', ['p', 1, 2], String(encodeKey([1, 2], 1))],
      ['{ids[0]}-{ids[1]}', ['p', 1, 2], '1-2'],
      ['{ids[5]}', ['p', 1, 2], 'undefined'],
      ['{ids.length}', ['p', 1, 2, 3], '3'],
      ['{3}', ['p', 1, 2, 'z'], 'z'],
      ['{prefix}:{ids}', ['p'], `p:${String(encodeKey([], 1))}`],
    ])('addresses a rest parameter: %p with %p gives %p', (template, args, expected) => {
      expect(keyOf(template, byIds, args)).toBe(expected);
    });

    it.each<[string, string]>([
      ['{0.id}', '5'],
      ['{0[id]}', '5'],
      ['{1[0]}', '9'],
      ['{plain}', 'p'],
    ])('addresses destructured parameters by position: %p gives %p', (template, expected) => {
      expect(keyOf(template, destructured, [{ id: 5 }, [9], 'p'])).toBe(expected);
    });

    it('reads the instance with {this.prop} in a method', () => {
      class Service {
        constructor(readonly region: string) {}
        find(id: string): string {
          return id;
        }
      }
      const strategy = new TemplateKeyStrategy('{this.region}:{id}', Service.prototype.find, { isMethod: true });
      expect(strategy.keyFor({ thisArg: new Service('eu'), args: ['1'] })).toBe('eu:1');
      expect(strategy.keyFor({ thisArg: new Service('us'), args: ['1'] })).toBe('us:1');
    });

    it('throws KeyEncodingError with the cause when a getter throws', () => {
      const boom = new Error('boom');
      const strategy = new TemplateKeyStrategy('{user.name}', getUser, { isMethod: false });
      const call = {
        thisArg: undefined,
        args: [
          env,
          {
            get name(): string {
              throw boom;
            },
          },
        ],
      };
      expect(() => strategy.keyFor(call)).toThrow(KeyEncodingError);
      expect(() => strategy.keyFor(call)).toThrow(expect.objectContaining({ position: 1, cause: boom }));
    });

    it('throws KeyEncodingError when a rendered object is cyclic', () => {
      const cyclic: Record<string, unknown> = {};
      cyclic['self'] = cyclic;
      expect(() => keyOf('{user}', getUser, [env, cyclic])).toThrow(expect.objectContaining({ position: 1 }));
    });
  });

  describe('constructor', () => {
    it.each<[string, AnyFunction, RegExp]>([
      ['{nme}', getUser, /names no parameter of getUser; its parameters: environment, user, flag/],
      ['{id}', destructured, /names no parameter.*destructured parameter is addressed by position/],
      ['{first}', destructured, /names no parameter/],
      ['{3}', getUser, /takes 3 parameters, so positions run 0 to 2/],
      ['{}{}{}{}', getUser, /takes 3 parameters/],
      ['{}{0}', getUser, /cannot mix automatic/],
      ['{0}{}', getUser, /cannot mix automatic/],
      ['{this.x}', getUser, /only available in a decorated method/],
      ['{0', getUser, /single '\{'/],
      ['0}', getUser, /single '\}'/],
      ['{0{1}}', getUser, /'\{' inside the field/],
      ['{0!r}', getUser, /conversions/],
      ['{0:>5}', getUser, /format specs/],
      ['{0.x:>5}', getUser, /format specs/],
      ['{0.}', getUser, /empty attribute/],
      ['{0..x}', getUser, /empty attribute/],
      ['{0[]}', getUser, /empty '\[\]'/],
      ['{0[x}', getUser, /missing '\]'/],
      ['{0[x]y}', getUser, /only '\.' or '\[' may follow '\]'/],
      ['{ 0}', getUser, /names no parameter/],
      ['{name}', Math.max, /shows no parameter names/],
    ])('rejects %p with InvalidCacheConfigError naming option key', (template, fn, message) => {
      const error = configError(template, fn);
      expect(error.problems).toEqual([{ option: 'key', value: template, expected: expect.stringMatching(message) }]);
      expect(error.message).toContain(JSON.stringify(template));
    });

    it('accepts {this…} in a method', () => {
      expect(() => new TemplateKeyStrategy('{this.id}', getUser, { isMethod: true })).not.toThrow();
    });

    it('accepts any position for a bound function, whose parameters are hidden', () => {
      const bound = getUser.bind(null);
      expect(
        new TemplateKeyStrategy('{5}', bound, { isMethod: false }).keyFor({
          thisArg: undefined,
          args: [0, 1, 2, 3, 4, 'x'],
        }),
      ).toBe('x');
    });
  });
});

describeKeyStrategyContract(
  TemplateKeyStrategy.name,
  () => new TemplateKeyStrategy('{0}:{1}', getUser, { isMethod: false }),
);
