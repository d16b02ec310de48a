import 'reflect-metadata';
import { Duration } from 'luxon';
import { Cacheable, CacheManager, InvalidCacheConfigError, type CacheOptions } from '../../../src';
import { newManager } from '../../support/managers';

type ResilienceOption = 'staleWhileRevalidate' | 'staleIfError' | 'staleIfErrorBackoff' | 'timeout' | 'hardTimeout';
const DURATION_OPTIONS: readonly ResilienceOption[] = [
  'staleWhileRevalidate',
  'staleIfError',
  'staleIfErrorBackoff',
  'timeout',
  'hardTimeout',
];

/** Values no duration option accepts. */
const BAD_DURATIONS: ReadonlyArray<[string, unknown]> = [
  ['a negative number', -1],
  ['a negative string', '-5'],
  ['a negative luxon Duration', Duration.fromMillis(-10)],
  ['an unparsable string', 'soon'],
  ['a year', 'P1Y'],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['an object', { seconds: 5 }],
  ['a boolean', true],
  ['an invalid luxon Duration', Duration.invalid('broken')],
];

/** Decorates an async (or sync) method with `options`, as a class definition would. */
function decorate(options: CacheOptions, kind: 'sync' | 'async'): void {
  class Service {
    get(k: string): unknown {
      return k;
    }
    async load(k: string): Promise<unknown> {
      return k;
    }
  }
  const name = kind === 'sync' ? 'get' : 'load';
  const descriptor = Object.getOwnPropertyDescriptor(Service.prototype, name)!;
  Cacheable(options)(Service.prototype, name, descriptor);
}

/** The error `act` throws (failing the test when it throws nothing). */
function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe(CacheManager.name, () => {
  describe('wrap() with resilience options', () => {
    describe.each(DURATION_OPTIONS)('%s', (option) => {
      it.each(BAD_DURATIONS)(
        `rejects ${option} = %s with InvalidCacheConfigError naming it, at wrap time`,
        (_label, value) => {
          const error = thrownBy(() => newManager().wrap(async (k: string) => k, { [option]: value }));
          expect(error).toBeInstanceOf(InvalidCacheConfigError);
          expect((error as InvalidCacheConfigError).problems).toEqual([
            expect.objectContaining({ option, value, expected: expect.stringContaining('duration') as string }),
          ]);
          expect((error as Error).message).toContain(`${option} = `);
        },
      );

      it.each<[string, unknown]>([
        ['seconds', 30],
        ['a human string', '1 minute'],
        ['a luxon Duration', Duration.fromObject({ seconds: 2 })],
        ['null (off)', null],
      ])(`accepts ${option} as %s`, (_label, value) => {
        expect(() => newManager().wrap(async (k: string) => k, { [option]: value })).not.toThrow();
      });
    });

    it.each(['timeout', 'hardTimeout'] as const)('rejects %s = 0 (it must be positive)', (option) => {
      expect(() => newManager().wrap(async (k: string) => k, { [option]: 0 })).toThrow(/positive duration/);
    });

    it.each(['timeout', 'hardTimeout'] as const)(
      'rejects %s on a sync function at wrap time, even with a valid duration',
      (option) => {
        const error = thrownBy(() => newManager().wrap((k: string) => k, { [option]: '1 second' }));
        expect(error).toBeInstanceOf(InvalidCacheConfigError);
        expect((error as InvalidCacheConfigError).problems).toEqual([
          expect.objectContaining({ option, expected: expect.stringContaining('async function') as string }),
        ]);
      },
    );

    it.each(['staleWhileRevalidate', 'staleIfError', 'staleIfErrorBackoff'] as const)(
      'accepts %s on a sync function',
      (option) => {
        expect(() => newManager().wrap((k: string) => k, { [option]: '1 minute' })).not.toThrow();
      },
    );

    it('lists every bad resilience option at once', () => {
      const error = thrownBy(() =>
        newManager().wrap((k: string) => k, {
          staleWhileRevalidate: -1,
          staleIfError: 'x',
          timeout: 5,
          hardTimeout: 5,
        }),
      ) as InvalidCacheConfigError;
      expect(error.problems.map((p) => p.option)).toEqual([
        'staleWhileRevalidate',
        'staleIfError',
        'timeout',
        'hardTimeout',
      ]);
    });
  });

  describe('cacheParameters() with resilience options', () => {
    it('shows null for each option when absent (no backoff without staleIfError)', () => {
      const parameters = newManager()
        .wrap(async (k: string) => k)
        .cacheParameters();
      expect(parameters).toMatchObject({
        staleWhileRevalidate: null,
        staleIfError: null,
        staleIfErrorBackoff: null,
        timeout: null,
        hardTimeout: null,
      });
    });

    it("fills in staleIfErrorBackoff = '10 seconds' when staleIfError is set", () => {
      const parameters = newManager()
        .wrap(async (k: string) => k, { staleIfError: '1 hour' })
        .cacheParameters();
      expect(parameters).toMatchObject({ staleIfError: '1 hour', staleIfErrorBackoff: '10 seconds' });
    });

    it('shows every option as passed', () => {
      const duration = Duration.fromObject({ seconds: 3 });
      const options: CacheOptions = {
        staleWhileRevalidate: '5 minutes',
        staleIfError: 3600,
        staleIfErrorBackoff: duration,
        timeout: 0.25,
        hardTimeout: '2 seconds',
      };
      const parameters = newManager()
        .wrap(async (k: string) => k, options)
        .cacheParameters();
      expect(parameters).toMatchObject(options);
      expect(parameters.staleIfErrorBackoff).toBe(duration);
    });

    it.each([undefined, null])('treats staleIfErrorBackoff = %s as the default when staleIfError is set', (value) => {
      const parameters = newManager()
        .wrap(async (k: string) => k, { staleIfError: 60, staleIfErrorBackoff: value })
        .cacheParameters();
      expect(parameters.staleIfErrorBackoff).toBe('10 seconds');
    });
  });
});

describe(Cacheable.name, () => {
  it.each(DURATION_OPTIONS)(
    'rejects a negative %s when the class is defined, naming the class and method',
    (option) => {
      const error = thrownBy(() => decorate({ [option]: '-1' }, 'async'));
      expect(error).toBeInstanceOf(InvalidCacheConfigError);
      expect((error as Error).message).toMatch(new RegExp(`^Service\\.load: invalid cache options: ${option} = `));
    },
  );

  it.each(['timeout', 'hardTimeout'] as const)('rejects %s on a sync method when the class is defined', (option) => {
    const error = thrownBy(() => decorate({ [option]: '1 second' }, 'sync'));
    expect(error).toBeInstanceOf(InvalidCacheConfigError);
    expect((error as Error).message).toMatch(new RegExp(`^Service\\.get: invalid cache options: ${option} = `));
  });

  it('accepts every resilience option on an async method', () => {
    expect(() =>
      decorate(
        { staleWhileRevalidate: 60, staleIfError: 60, staleIfErrorBackoff: 5, timeout: 1, hardTimeout: 2 },
        'async',
      ),
    ).not.toThrow();
  });
});
