import { Container, injectable } from 'inversify';
import { InvalidCacheConfigError } from '../../src/contracts/errors/InvalidCacheConfigError';
import type { KeyOption } from '../../src/contracts/CacheOptions';
import { DefaultKeyStrategy } from '../../src/strategies/DefaultKeyStrategy';
import { DefaultKeyStrategyFactory } from '../../src/strategies/DefaultKeyStrategyFactory';
import { FunctionKeyStrategy } from '../../src/strategies/FunctionKeyStrategy';
import { Key } from '../../src/contracts/Key';
import { KeyStrategy, type KeyCall } from '../../src/contracts/KeyStrategy';
import { KeyStrategyFactory } from '../../src/strategies/KeyStrategyFactory';
import { SingleKeyStrategy } from '../../src/strategies/SingleKeyStrategy';
import { TemplateKeyStrategy } from '../../src/strategies/TemplateKeyStrategy';

@injectable()
class ConstantKey extends KeyStrategy {
  override keyFor(_call: KeyCall): unknown {
    return 'constant';
  }
}

function getUser(id: string): void {}

const rebound = new ConstantKey();
const context = { fn: getUser, isMethod: false, defaultStrategy: (): KeyStrategy => rebound };
const custom = new ConstantKey();

describe(DefaultKeyStrategyFactory.name, () => {
  describe('create()', () => {
    it.each<[string, KeyOption | null | undefined, Function]>([
      ['a template string', 'user:{id}', TemplateKeyStrategy],
      ['the empty template', '', TemplateKeyStrategy],
      ['Key.SINGLE_KEY', Key.SINGLE_KEY, SingleKeyStrategy],
      ['an arrow function', (id: string) => id, FunctionKeyStrategy],
      [
        'a function expression',
        function key(id: string) {
          return id;
        },
        FunctionKeyStrategy,
      ],
    ])('builds a strategy for %s', (_label, key, expected) => {
      expect(new DefaultKeyStrategyFactory().create(key, context)).toBeInstanceOf(expected);
    });

    it.each<[string, null | undefined]>([
      ['null', null],
      ['undefined', undefined],
    ])('returns the container default strategy for %s', (_label, key) => {
      expect(new DefaultKeyStrategyFactory().create(key, context)).toBe(rebound);
    });

    it('returns a KeyStrategy instance as is', () => {
      expect(new DefaultKeyStrategyFactory().create(custom, context)).toBe(custom);
    });

    it('compiles a template against the given function at creation', () => {
      const strategy = new DefaultKeyStrategyFactory().create('u:{id}', context);
      expect(strategy.keyFor({ thisArg: undefined, args: ['7'] })).toBe('u:7');
      expect(() => new DefaultKeyStrategyFactory().create('{missing}', context)).toThrow(InvalidCacheConfigError);
    });

    it('passes isMethod on to templates', () => {
      expect(() => new DefaultKeyStrategyFactory().create('{this.id}', context)).toThrow(InvalidCacheConfigError);
      const strategy = new DefaultKeyStrategyFactory().create('{this.id}', { ...context, isMethod: true });
      expect(strategy.keyFor({ thisArg: { id: 4 }, args: [] })).toBe('4');
    });

    it.each<[string, unknown, RegExp]>([
      ['a number', 42, /template string, Key\.SINGLE_KEY/],
      ['another symbol', Symbol('SINGLE_KEY'), /Key\.SINGLE_KEY/],
      ['a plain object', { template: '{id}' }, /KeyStrategy instance/],
      ['true', true, /null for the default key/],
      ['a KeyStrategy class instead of an instance', ConstantKey, /a class cannot be called as a key function/],
    ])('rejects %s with InvalidCacheConfigError naming option key', (_label, key, expected) => {
      const create = (): KeyStrategy => new DefaultKeyStrategyFactory().create(key as KeyOption, context);
      expect(create).toThrow(InvalidCacheConfigError);
      expect(create).toThrow(
        expect.objectContaining({
          problems: [{ option: 'key', value: key, expected: expect.stringMatching(expected) }],
        }),
      );
    });
  });

  it('resolves from a container as the KeyStrategyFactory binding and uses the rebound KeyStrategy', () => {
    const container = new Container();
    container.bind(KeyStrategyFactory).to(DefaultKeyStrategyFactory);
    container.bind(KeyStrategy).to(DefaultKeyStrategy);
    container.rebind(KeyStrategy).to(ConstantKey);
    const factory = container.get(KeyStrategyFactory);
    const strategy = factory.create(null, { ...context, defaultStrategy: () => container.get(KeyStrategy) });
    expect(strategy).toBeInstanceOf(ConstantKey);
  });
});
