/**
 * Fuzzed options (issue 8): arbitrary values for every option, the options object itself, and
 * targeted bad values. `wrap` either succeeds — and then calls work, failing only with the user's
 * own error (the function's, a key function's, an expiration callback's) or a `CachewrightError` —
 * or throws a `CachewrightError` at wrap time. Never another exception type, never a later crash.
 */
import fc from 'fast-check';
import { DateTime, Duration } from 'luxon';
import {
  CacheManager,
  type CacheControls,
  CachewrightError,
  InvalidCacheConfigError,
  Key,
  KeyStrategy,
} from '../../src';
import { ANYTHING_WITH_ODD_VALUES, ManualClock, managerWithClock, newManager } from './hardeningFixtures';

/** The error our own functions throw: allowed to reach a caller. */
class UserError extends Error {}

const OPTION_NAMES = [
  'enabled',
  'key',
  'maxsize',
  'expiration',
  'expiredItemsAutoRemovalPeriod',
  'negativeCache',
  'negativeExpiration',
  'retryCount',
  'backoffInSeconds',
  'wrapAsyncExitStack',
  'exitStackCloseDelay',
] as const;

function cyclic(): object {
  const o: Record<string, unknown> = { a: 1 };
  o.self = o;
  return o;
}

function throwingGetter(): object {
  return Object.defineProperty({}, 'time', {
    enumerable: true,
    get() {
      throw new UserError('getter');
    },
  });
}

function throwingProxy(): object {
  const trap = (): never => {
    throw new UserError('trap');
  };
  return new Proxy({}, { get: trap, has: trap, ownKeys: trap, getPrototypeOf: trap, getOwnPropertyDescriptor: trap });
}

class ThrowingKeyStrategy extends KeyStrategy {
  override keyFor(): unknown {
    throw new UserError('key strategy');
  }
}

/**
 * One fuzzed value, built inside the property (hostile values — throwing Proxies and getters — are
 * never handed to fast-check, whose reporter would read them) and labelled for counterexamples.
 */
class Specimen {
  constructor(
    readonly label: string,
    readonly make: () => unknown,
  ) {}
  [fc.toStringMethod](): string {
    return this.label;
  }
}

const specimen = (label: string, make: () => unknown): Specimen => new Specimen(label, make);
const plain = (value: unknown): Specimen => specimen(fc.stringify(value), () => value);

/** Hand-picked values that sit on or past the edge of some option. */
const targetedValues: readonly Specimen[] = [
  ...[
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -1,
    -0,
    0.5,
    1.5,
    2 ** 53,
    1e300,
    3e20,
    -3e21,
    100_000_001,
    '',
    ' ',
    'abc',
    '$.',
    '$.a',
    '$.a[',
    '10:10',
    '-15:30',
    'P4Y',
    'PT-5S',
    '11:05:00Z',
    '2020-13-45',
    '1 day 42 minutes',
    '*',
    '{',
    '{}',
    '{0',
    '{nope}',
    '{0.a}',
    ['$.a'],
    ['$.a:ignore_missing'],
    [1, 2],
    [],
    {},
    { time: '25:00' },
    { time: '11:05', zone: 'Nope/Nowhere' },
    { time: 5 },
    { zone: 'UTC' },
    Symbol('s'),
    Symbol.for('s'),
    1n,
    true,
    false,
    null,
    undefined,
  ].map(plain),
  specimen('[, ] (a sparse array)', () => new Array(1)),
  specimen("['$.client', , ] (a list of paths with a hole)", () => {
    const list = ['$.client'];
    list.length = 2;
    return list;
  }),
  specimen('Object.create(null)', () => Object.create(null)),
  specimen('new Date(NaN)', () => new Date(Number.NaN)),
  specimen('new Date(0)', () => new Date(0)),
  specimen('Duration.invalid()', () => Duration.invalid('fuzz')),
  specimen('Duration.fromMillis(-1)', () => Duration.fromMillis(-1)),
  specimen('DateTime.invalid()', () => DateTime.invalid('fuzz')),
  specimen('() => 1', () => () => 1),
  specimen('async () => 1', () => async () => 1),
  specimen('() => { throw }', () => (): never => {
    throw new UserError('callback');
  }),
  specimen('new Number(5)', () => new Number(5)),
  specimen("new String('10 seconds')", () => new String('10 seconds')),
  specimen('Key.SINGLE_KEY', () => Key.SINGLE_KEY),
  specimen('new ThrowingKeyStrategy()', () => new ThrowingKeyStrategy()),
  specimen('cyclic', cyclic),
  specimen('throwing getter', throwingGetter),
  specimen('throwing Proxy', throwingProxy),
];

const randomValue: fc.Arbitrary<Specimen> = fc.oneof(
  { arbitrary: fc.func(fc.anything()).map((f) => specimen('a function', () => f)), weight: 1 },
  {
    arbitrary: fc.anything(ANYTHING_WITH_ODD_VALUES).map(plain),
    weight: 4,
  },
  { arbitrary: fc.integer({ min: -5, max: 5 }).map(plain), weight: 2 },
  { arbitrary: fc.double().map(plain), weight: 1 },
  { arbitrary: fc.string().map(plain), weight: 1 },
);

const anyValue: fc.Arbitrary<Specimen> = fc.oneof(fc.constantFrom(...targetedValues), randomValue);

type OptionSpecimens = Partial<Record<(typeof OPTION_NAMES)[number], Specimen>>;

const optionsArb: fc.Arbitrary<OptionSpecimens> = fc.record(
  Object.fromEntries(OPTION_NAMES.map((name) => [name, anyValue])) as Record<
    (typeof OPTION_NAMES)[number],
    fc.Arbitrary<Specimen>
  >,
  { requiredKeys: [] },
);

function build(specimens: OptionSpecimens): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(specimens)) options[name] = value.make();
  return options;
}

/** True for what a call may fail with: the user's own error, or a typed one. */
const isAllowedCallError = (error: unknown): boolean => error instanceof UserError || error instanceof CachewrightError;

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
}

/**
 * The arguments each fuzzed cache is called with. A failing call is left out when the options ask
 * for many retries or a backoff: a valid `retryCount: 2 ** 31` retries a sync throw that many times,
 * and a backoff waits on real timers — both as specified, neither a bug.
 */
function argsFor(cached: unknown): unknown[] {
  const { retryCount, backoffInSeconds } = (cached as CacheControls<never>).cacheParameters();
  return retryCount <= 3 && backoffInSeconds === 0 ? [1, 1, 'fail', { a: 1 }, 'fail'] : [1, 1, { a: 1 }];
}

/** Wraps, then calls; returns a description of any error that is neither allowed nor typed. */
function tryWrapSync(options: unknown): string | null {
  const manager = managerWithClock(new ManualClock());
  let cached: (x: unknown) => unknown;
  try {
    cached = manager.wrap((x: unknown) => {
      if (x === 'fail') throw new UserError('fn');
      return ['r', x];
    }, options as never);
  } catch (error) {
    return error instanceof CachewrightError ? null : `wrap threw ${describeError(error)}`;
  }
  for (const arg of argsFor(cached)) {
    try {
      cached(arg);
    } catch (error) {
      if (!isAllowedCallError(error)) return `call(${String(arg)}) threw ${describeError(error)}`;
    }
  }
  return null;
}

async function tryWrapAsync(options: unknown): Promise<string | null> {
  const manager = managerWithClock(new ManualClock());
  let cached: (x: unknown) => Promise<unknown>;
  try {
    cached = manager.wrap(async (x: unknown) => {
      if (x === 'fail') throw new UserError('fn');
      return { client: { close: () => undefined }, x };
    }, options as never);
  } catch (error) {
    return error instanceof CachewrightError ? null : `wrap threw ${describeError(error)}`;
  }
  for (const arg of argsFor(cached)) {
    try {
      const result = cached(arg);
      if (!(result instanceof Promise)) return `call(${String(arg)}) returned a non-promise`;
      await result;
    } catch (error) {
      if (!isAllowedCallError(error)) return `call(${String(arg)}) rejected with ${describeError(error)}`;
    }
  }
  return null;
}

describe(CacheManager.name, () => {
  describe('wrap() with fuzzed options', () => {
    it.each(OPTION_NAMES)('accepts or rejects with a CachewrightError every hand-picked value of %s', async (name) => {
      const failures: string[] = [];
      for (const value of targetedValues) {
        const sync = tryWrapSync({ [name]: value.make() });
        if (sync !== null) failures.push(`${value.label} (sync): ${sync}`);
        const async = await tryWrapAsync({ [name]: value.make() });
        if (async !== null) failures.push(`${value.label} (async): ${async}`);
      }
      expect(failures).toEqual([]);
    });

    it.each(OPTION_NAMES)('accepts or rejects with a CachewrightError any random value of %s', async (name) => {
      await fc.assert(
        fc.asyncProperty(randomValue, async (value) => {
          expect(tryWrapSync({ [name]: value.make() })).toBeNull();
          expect(await tryWrapAsync({ [name]: value.make() })).toBeNull();
        }),
        { numRuns: 40 },
      );
    });

    it('accepts or rejects with a CachewrightError any combination of option values', async () => {
      await fc.assert(
        fc.asyncProperty(optionsArb, async (specimens) => {
          expect(tryWrapSync(build(specimens))).toBeNull();
          expect(await tryWrapAsync(build(specimens))).toBeNull();
        }),
        { numRuns: 150 },
      );
    });

    it('accepts or rejects with a CachewrightError every hand-picked value passed as the whole options argument', async () => {
      const failures: string[] = [];
      for (const value of targetedValues) {
        const sync = tryWrapSync(value.make());
        if (sync !== null) failures.push(`${value.label} (sync): ${sync}`);
        const async = await tryWrapAsync(value.make());
        if (async !== null) failures.push(`${value.label} (async): ${async}`);
      }
      expect(failures).toEqual([]);
    });

    it('accepts or rejects with a CachewrightError any random value passed as the whole options argument', async () => {
      await fc.assert(
        fc.asyncProperty(randomValue, async (options) => {
          expect(tryWrapSync(options.make())).toBeNull();
          expect(await tryWrapAsync(options.make())).toBeNull();
        }),
        { numRuns: 100 },
      );
    });

    it.each([['constructor'], ['toString'], ['hasOwnProperty'], ['valueOf'], ['__proto__x'], ['maxSize']])(
      'throws InvalidCacheConfigError for the unknown option %s',
      (name) => {
        const options = Object.defineProperty({}, name, { value: 5, enumerable: true });
        expect(() => newManager().wrap((x: number) => x, options)).toThrow(InvalidCacheConfigError);
      },
    );
  });

  describe('wrap() with durations past the longest timer (2^31 - 1 ms, about 24.8 days)', () => {
    beforeEach(() => {
      jest.useFakeTimers();
    });
    afterEach(() => {
      jest.useRealTimers();
    });

    it('waits the backoff rather than retrying at once when backoffInSeconds · 2^k exceeds 24.8 days', async () => {
      let calls = 0;
      const fn = async (): Promise<string> => {
        calls++;
        if (calls === 1) throw new UserError('first');
        return 'second';
      };
      let cached: () => Promise<string>;
      try {
        cached = newManager().wrap(fn, { retryCount: 1, backoffInSeconds: 3_000_000 });
      } catch (error) {
        // Rejecting such a backoff at wrap time is an acceptable answer too.
        expect(error).toBeInstanceOf(InvalidCacheConfigError);
        return;
      }
      const result = cached();
      result.catch(() => undefined);
      await jest.advanceTimersByTimeAsync(1_000);
      expect(calls).toBe(1);
    });

    it('keeps a value adopted with exitStackCloseDelay of 30 days undisposed for more than a second', async () => {
      let disposed = 0;
      const resource = { close: () => void disposed++ };
      let cached: ((x: number) => Promise<typeof resource>) & { clearCache(): Promise<void> };
      try {
        cached = newManager().wrap(async (_x: number) => resource, {
          wrapAsyncExitStack: true,
          exitStackCloseDelay: '30 days',
        });
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidCacheConfigError);
        return;
      }
      await cached(1);
      await cached.clearCache();
      await jest.advanceTimersByTimeAsync(1_000);
      expect(disposed).toBe(0);
    });
  });
});
