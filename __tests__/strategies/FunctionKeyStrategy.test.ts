import { FunctionKeyStrategy } from '../../src/strategies/FunctionKeyStrategy';
import { describeKeyStrategyContract } from './describeKeyStrategyContract';

describe(FunctionKeyStrategy.name, () => {
  describe('keyFor()', () => {
    it('returns what the key function returns for the arguments', () => {
      const strategy = new FunctionKeyStrategy((user: { id: number }, region: string) => `${region}/${user.id}`);
      expect(strategy.keyFor({ thisArg: undefined, args: [{ id: 7 }, 'eu'] })).toBe('eu/7');
    });

    it('returns an object result as is, for the manager to encode', () => {
      const result = { id: 1 };
      expect(new FunctionKeyStrategy(() => result).keyFor({ thisArg: undefined, args: [] })).toBe(result);
    });

    it('calls the key function with the instance as this', () => {
      const strategy = new FunctionKeyStrategy(function (this: { tenant: string }, id: number) {
        return `${this.tenant}:${id}`;
      });
      expect(strategy.keyFor({ thisArg: { tenant: 'acme' }, args: [3] })).toBe('acme:3');
    });

    it('passes a throw from the key function through unchanged', () => {
      const boom = new Error('boom');
      const strategy = new FunctionKeyStrategy(() => {
        throw boom;
      });
      expect(() => strategy.keyFor({ thisArg: undefined, args: [] })).toThrow(boom);
    });
  });
});

describeKeyStrategyContract(
  FunctionKeyStrategy.name,
  () => new FunctionKeyStrategy((...args: unknown[]) => args.length),
);
