import fc from 'fast-check';
import { Container } from 'inversify';
import { KeyEncodingError } from '../../src/contracts/errors/KeyEncodingError';
import { DefaultKeyStrategy } from '../../src/strategies/DefaultKeyStrategy';
import { encodeArgs, encodeKey } from '../../src/strategies/encoding/encodeKey';
import { KeyStrategy } from '../../src/contracts/KeyStrategy';
import { describeKeyStrategyContract } from './describeKeyStrategyContract';
import { argumentListPair, sameArguments, sameTableKey } from './encoding/keyArbitraries';

const strategy = new DefaultKeyStrategy();
const keyOf = (args: unknown[], thisArg?: unknown): unknown => strategy.keyFor({ thisArg, args });

describe(DefaultKeyStrategy.name, () => {
  describe('keyFor()', () => {
    it.each<[unknown]>([[1], ['abc'], [true], [null], [undefined], [10n]])(
      'uses one primitive argument %p as its own key',
      (value) => {
        expect(keyOf([value])).toBe(value);
      },
    );

    it('keys one object argument as encodeKey does and other arities as encodeArgs does', () => {
      expect(keyOf([{ a: 1 }])).toBe(encodeKey({ a: 1 }, 0));
      expect(keyOf([])).toBe(encodeArgs([]));
      expect(keyOf([1, 2])).toBe(encodeArgs([1, 2]));
    });

    it('keeps f(1), f("1"), f(true), f(-1), f(-2), f(null), f(undefined), f() apart', () => {
      const keys = [[1], ['1'], [true], [-1], [-2], [null], [undefined], []].map((args) => keyOf(args));
      expect(new Set(keys).size).toBe(keys.length);
    });

    it('gives f(0) and f(-0) one key and f(NaN) one key', () => {
      expect(sameTableKey(keyOf([0]), keyOf([-0]))).toBe(true);
      expect(sameTableKey(keyOf([NaN]), keyOf([NaN]))).toBe(true);
    });

    it('keeps a string argument apart from the key of an object or an argument list', () => {
      const objectKey = keyOf([{ a: 1 }]);
      const listKey = keyOf([1, 2]);
      expect(keyOf([objectKey])).not.toBe(objectKey);
      expect(keyOf([listKey])).not.toBe(listKey);
    });

    it('keys this by identity for methods: instances apart, one instance alike', () => {
      class Service {
        constructor(readonly id: number) {}
      }
      const a = new Service(1);
      expect(keyOf([1], a)).toBe(keyOf([1], a));
      expect(keyOf([1], a)).not.toBe(keyOf([1], new Service(1)));
      expect(keyOf([1], a)).not.toBe(keyOf([1]));
    });

    it('throws KeyEncodingError for a cyclic argument, with its position', () => {
      const cyclic: unknown[] = [];
      cyclic.push(cyclic);
      expect(() => keyOf([cyclic])).toThrow(expect.objectContaining({ position: 0 }));
      expect(() => keyOf([1, cyclic])).toThrow(KeyEncodingError);
      expect(() => keyOf([1, cyclic])).toThrow(expect.objectContaining({ position: 1 }));
    });

    it('gives equal keys ⇔ same arity and deep-equal arguments, over arities 0 to 3', () => {
      fc.assert(
        fc.property(argumentListPair, ([a, b]) => {
          expect(sameTableKey(keyOf(a), keyOf(b))).toBe(sameArguments(a, b));
        }),
        { numRuns: 2000 },
      );
    });
  });

  it('resolves from a container as the KeyStrategy binding', () => {
    const container = new Container();
    container.bind(KeyStrategy).to(DefaultKeyStrategy);
    expect(container.get(KeyStrategy)).toBeInstanceOf(DefaultKeyStrategy);
  });
});

describeKeyStrategyContract(DefaultKeyStrategy.name, () => new DefaultKeyStrategy());
