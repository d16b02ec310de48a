import { encodeKey } from '../../src/strategies/encoding/encodeKey';
import type { KeyCall, KeyStrategy } from '../../src/contracts/KeyStrategy';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

const CALLS: [string, KeyCall][] = [
  ['no arguments', { thisArg: undefined, args: [] }],
  ['one primitive', { thisArg: undefined, args: ['a'] }],
  ['two primitives', { thisArg: undefined, args: [1, 'b'] }],
  ['a plain object and an array', { thisArg: undefined, args: [{ a: 1, b: [1, 2] }, [3]] }],
  ['an instance as this', { thisArg: { region: 'eu' }, args: [1, 2] }],
];

/**
 * The contract every `KeyStrategy` keeps (DESIGN.md §1.1): deterministic, leaves the arguments
 * alone, and returns something the manager can encode as a table key.
 */
export function describeKeyStrategyContract(name: string, create: () => KeyStrategy): void {
  describe(`${name} (KeyStrategy contract)`, () => {
    describe('keyFor()', () => {
      it.each(CALLS)('returns the same table key twice for %s', (_label, call) => {
        const strategy = create();
        expect(encodeKey(strategy.keyFor(call), -1)).toEqual(encodeKey(strategy.keyFor(call), -1));
      });

      it.each(CALLS)('leaves the arguments untouched for %s', (_label, call) => {
        const args = deepFreeze(structuredClone(call.args));
        const before = JSON.stringify(args);
        expect(() => create().keyFor({ thisArg: call.thisArg, args })).not.toThrow();
        expect(JSON.stringify(args)).toBe(before);
      });

      it('returns equal keys from two instances built alike', () => {
        const call = CALLS[3][1];
        expect(encodeKey(create().keyFor(call), -1)).toEqual(encodeKey(create().keyFor(call), -1));
      });
    });
  });
}
