import { Key } from '../../src/contracts/Key';
import { SingleKeyStrategy } from '../../src/strategies/SingleKeyStrategy';
import { describeKeyStrategyContract } from './describeKeyStrategyContract';

describe(SingleKeyStrategy.name, () => {
  describe('keyFor()', () => {
    it.each<[string, unknown, unknown[]]>([
      ['no arguments', undefined, []],
      ['primitives', undefined, [1, 'a']],
      ['objects', undefined, [{ a: 1 }]],
      ['an instance as this', { id: 1 }, [2]],
    ])('returns Key.SINGLE_KEY for %s', (_label, thisArg, args) => {
      expect(new SingleKeyStrategy().keyFor({ thisArg, args })).toBe(Key.SINGLE_KEY);
    });
  });
});

describeKeyStrategyContract(SingleKeyStrategy.name, () => new SingleKeyStrategy());
