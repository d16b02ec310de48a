import fc from 'fast-check';
import { Key } from '../../../src';
import { KeyEncodingError } from '../../../src/contracts/errors/KeyEncodingError';
import { encodeArgs, encodeDeterministically, encodeKey } from '../../../src/strategies/encoding/encodeKey';
import { argumentList, kindOf } from './keyArbitraries';

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

/** True when `v` holds something the default key keys by identity (in a process of its own). */
function holdsIdentity(v: unknown): boolean {
  if (typeof v === 'function') return true;
  if (typeof v === 'symbol') return Symbol.keyFor(v) === undefined && v !== Key.SINGLE_KEY;
  if (typeof v !== 'object' || v === null) return false;
  switch (kindOf(v)) {
    case 'identity':
      return true;
    case 'map':
      return [...(v as Map<unknown, unknown>)].some(([k, value]) => holdsIdentity(k) || holdsIdentity(value));
    case 'set':
      return [...(v as Set<unknown>)].some(holdsIdentity);
    case 'date':
      return false;
    default:
      return Object.values(v).some(holdsIdentity);
  }
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe(encodeDeterministically.name, () => {
  it('encodes exactly as the default key does when nothing is keyed by identity, and fails otherwise', () => {
    fc.assert(
      fc.property(argumentList, (args) => {
        const error = thrown(() => encodeDeterministically(() => encodeArgs(args)));
        if (holdsIdentity(args)) {
          expect(error).toBeInstanceOf(KeyEncodingError);
        } else {
          expect(error).toBeUndefined();
          expect(encodeDeterministically(() => encodeArgs(args))).toBe(encodeArgs(args));
        }
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['a class instance', new Point(1, 2), /instance of Point.*keyed by identity/],
    ['a function', () => 1, /a function is keyed by identity/],
    ['a symbol not from Symbol.for', Symbol('local'), /Symbol\(local\) is keyed by identity/],
    ['a RegExp', /x/, /instance of RegExp/],
    ['a Buffer', Buffer.from('x'), /instance of Buffer/],
  ])('fails on %s nested in a plain argument, naming its position and what to do', (_, value, reason) => {
    const error = thrown(() => encodeDeterministically(() => encodeArgs(['ok', { nested: [value] }])));
    expect(error).toBeInstanceOf(KeyEncodingError);
    expect((error as KeyEncodingError).position).toBe(1);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).toMatch(/key option that returns plain data/);
  });

  it('fails on a function or an unregistered symbol given as a whole argument or a computed key', () => {
    expect(thrown(() => encodeDeterministically(() => encodeArgs([1, () => 1])))).toMatchObject({ position: 1 });
    expect(thrown(() => encodeDeterministically(() => encodeKey(Symbol('s'), -1)))).toMatchObject({ position: -1 });
    expect(thrown(() => encodeDeterministically(() => encodeKey(() => 1, 0)))).toBeInstanceOf(KeyEncodingError);
  });

  it('fails on this, which is keyed by identity', () => {
    expect(thrown(() => encodeDeterministically(() => encodeArgs([1], {})))).toMatchObject({ position: -1 });
  });

  it('keys Key.SINGLE_KEY and symbols from Symbol.for', () => {
    expect(encodeDeterministically(() => encodeKey(Key.SINGLE_KEY, -1))).toBe(Key.SINGLE_KEY);
    expect(encodeDeterministically(() => encodeArgs([{ k: Key.SINGLE_KEY }]))).toBe(
      encodeArgs([{ k: 'x' }]).replace('1"x', 'K'),
    );
    expect(encodeDeterministically(() => encodeArgs([Symbol.for('k')]))).toBe(encodeArgs([Symbol.for('k')]));
  });

  it('restores the default encoding afterwards, also when the computation throws', () => {
    const point = new Point(1, 2);
    expect(() => encodeDeterministically(() => encodeKey(point, 0))).toThrow(KeyEncodingError);
    expect(() => encodeKey(point, 0)).not.toThrow();
    expect(
      encodeDeterministically(() => {
        expect(encodeDeterministically(() => encodeKey({ a: 1 }, 0))).toBe(encodeKey({ a: 1 }, 0));
        return thrown(() => encodeKey(point, 0));
      }),
    ).toBeInstanceOf(KeyEncodingError);
  });
});
