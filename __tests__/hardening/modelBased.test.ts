/**
 * Model-based tests (issue 8): random command sequences over 5 keys — call(k), advance the clock,
 * clearCache(), removeExpired() — with a random `maxsize` (null, 0..4) and `expiration` (null or
 * 0..3 seconds), checked after every step against a tiny reference model:
 * - exact LRU over every entry (expired-but-unswept ones included; they count in currentSize);
 * - a value stored at t expires at t + expiration (inclusive: `now - t >= expiration`);
 * - aquiche counting: the call that creates an entry is a miss; every other call that finds one
 *   (fresh, expired and refetched in place, or still in flight) is a hit; an expired entry found by a
 *   call is refetched in place and becomes the most recently used;
 * - `removeExpired()` deletes expired entries; `clearCache()` deletes all and resets hits and misses;
 * - `maxsize: 0` behaves as `enabled: false`: every call runs the loader and counts a miss.
 * The loader returns a counter, so every fetch is told apart from the others.
 */
import fc from 'fast-check';
import { CacheManager, type CachedFunction } from '../../src';
import { ManualClock, managerWithClock } from './hardeningFixtures';

const KEYS = [0, 1, 2, 3, 4] as const;

interface ModelEntry {
  value: number;
  fetchedAt: number;
}

/** The reference: a Map in LRU order (first = least recently used). */
class CacheModel {
  readonly entries = new Map<number, ModelEntry>();
  hits = 0;
  misses = 0;
  loads = 0;
  now = 0;

  constructor(
    readonly maxsize: number | null,
    readonly expirationMs: number | null,
  ) {}

  isExpired(entry: ModelEntry): boolean {
    return this.expirationMs !== null && this.now - entry.fetchedAt >= this.expirationMs;
  }

  /** The value a call returns, updating the model. */
  call(key: number): number {
    if (this.maxsize === 0) {
      this.misses++;
      return ++this.loads;
    }
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      this.hits++;
      this.entries.delete(key);
      if (this.isExpired(entry)) {
        entry.value = ++this.loads;
        entry.fetchedAt = this.now;
      }
      this.entries.set(key, entry);
      return entry.value;
    }
    this.misses++;
    const value = ++this.loads;
    this.entries.set(key, { value, fetchedAt: this.now });
    if (this.maxsize !== null && this.entries.size > this.maxsize) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }

  /** A second caller joining the flight of the first one (async only): a hit, no load. */
  join(): void {
    if (this.maxsize === 0) {
      this.misses++;
      this.loads++;
    } else {
      this.hits++;
    }
  }

  clear(): void {
    this.entries.clear();
    this.hits = 0;
    this.misses = 0;
  }

  removeExpired(): void {
    for (const [key, entry] of Array.from(this.entries)) if (this.isExpired(entry)) this.entries.delete(key);
  }
}

interface Real {
  readonly cached: CachedFunction<(key: number) => number | Promise<number>>;
  readonly clock: ManualClock;
  readonly loads: () => number;
}

function expectSameState(model: CacheModel, real: Real): void {
  const info = real.cached.cacheInfo();
  expect({ loads: real.loads(), currentSize: info.currentSize, hits: info.hits, misses: info.misses }).toEqual({
    loads: model.loads,
    currentSize: model.entries.size,
    hits: model.hits,
    misses: model.misses,
  });
}

const describeCommand = (name: string, ...args: unknown[]): string => `${name}(${args.join(', ')})`;

class CallCommand implements fc.Command<CacheModel, Real> {
  constructor(readonly key: number) {}
  check(): boolean {
    return true;
  }
  run(model: CacheModel, real: Real): void {
    const expected = model.call(this.key);
    expect(real.cached(this.key)).toBe(expected);
    expectSameState(model, real);
  }
  toString(): string {
    return describeCommand('call', this.key);
  }
}

class AdvanceCommand implements fc.Command<CacheModel, Real> {
  constructor(readonly ms: number) {}
  check(): boolean {
    return true;
  }
  run(model: CacheModel, real: Real): void {
    model.now += this.ms;
    real.clock.advance(this.ms);
    expectSameState(model, real);
  }
  toString(): string {
    return describeCommand('advance', this.ms);
  }
}

class ClearCommand implements fc.Command<CacheModel, Real> {
  check(): boolean {
    return true;
  }
  run(model: CacheModel, real: Real): void {
    model.clear();
    void real.cached.clearCache();
    expectSameState(model, real);
  }
  toString(): string {
    return 'clearCache()';
  }
}

class RemoveExpiredCommand implements fc.Command<CacheModel, Real> {
  check(): boolean {
    return true;
  }
  run(model: CacheModel, real: Real): void {
    model.removeExpired();
    void real.cached.removeExpired();
    expectSameState(model, real);
  }
  toString(): string {
    return 'removeExpired()';
  }
}

class AsyncCallCommand implements fc.AsyncCommand<CacheModel, Real> {
  constructor(
    readonly key: number,
    readonly callers: number,
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: CacheModel, real: Real): Promise<void> {
    const expected = model.call(this.key);
    const first = real.cached(this.key);
    const others: Array<number | Promise<number>> = [];
    for (let i = 1; i < this.callers; i++) {
      model.join();
      others.push(real.cached(this.key));
    }
    if (model.maxsize === 0) {
      // Nothing is cached: every caller ran the loader (in call order).
      await expect(Promise.all([first, ...others])).resolves.toEqual(
        Array.from({ length: this.callers }, (_, i) => expected + i),
      );
    } else {
      await expect(Promise.all([first, ...others])).resolves.toEqual(Array(this.callers).fill(expected));
    }
    expectSameState(model, real);
  }
  toString(): string {
    return describeCommand('call', this.key, `${this.callers} concurrent callers`);
  }
}

class AsyncClearCommand implements fc.AsyncCommand<CacheModel, Real> {
  check(): boolean {
    return true;
  }
  async run(model: CacheModel, real: Real): Promise<void> {
    model.clear();
    await real.cached.clearCache();
    expectSameState(model, real);
  }
  toString(): string {
    return 'clearCache()';
  }
}

class AsyncRemoveExpiredCommand implements fc.AsyncCommand<CacheModel, Real> {
  check(): boolean {
    return true;
  }
  async run(model: CacheModel, real: Real): Promise<void> {
    model.removeExpired();
    await real.cached.removeExpired();
    expectSameState(model, real);
  }
  toString(): string {
    return 'removeExpired()';
  }
}

class AsyncAdvanceCommand implements fc.AsyncCommand<CacheModel, Real> {
  constructor(readonly ms: number) {}
  check(): boolean {
    return true;
  }
  async run(model: CacheModel, real: Real): Promise<void> {
    new AdvanceCommand(this.ms).run(model, real);
  }
  toString(): string {
    return describeCommand('advance', this.ms);
  }
}

const configArb = fc.record({
  maxsize: fc.constantFrom<number | null>(null, 0, 1, 2, 3, 4),
  expirationSeconds: fc.constantFrom<number | null>(null, 0, 1, 2, 3),
});
const keyArb = fc.constantFrom(...KEYS);
const advanceArb = fc.oneof(fc.integer({ min: 0, max: 3_500 }), fc.constantFrom(0, 1, 999, 1_000));

const repeat = <T>(times: number, value: T): T[] => Array.from({ length: times }, () => value);

function setUp(
  maxsize: number | null,
  expirationSeconds: number | null,
  loader: (key: number) => number | Promise<number>,
) {
  const clock = new ManualClock();
  const manager = managerWithClock(clock);
  const cached = manager.wrap(loader, { maxsize, expiration: expirationSeconds });
  return { cached, clock };
}

describe(CacheManager.name, () => {
  describe('wrap() against a reference LRU + expiry model', () => {
    it('matches the model after every step for a sync function', () => {
      fc.assert(
        fc.property(
          configArb,
          fc.commands(
            [
              // Calls are weighted up: an LRU order only shows after maxsize + 2 calls without a clear.
              ...repeat(
                4,
                keyArb.map((key): fc.Command<CacheModel, Real> => new CallCommand(key)),
              ),
              advanceArb.map((ms) => new AdvanceCommand(ms)),
              fc.constant(new ClearCommand()),
              fc.constant(new RemoveExpiredCommand()),
            ],
            { maxCommands: 60, size: 'max' },
          ),
          ({ maxsize, expirationSeconds }, commands) => {
            let loads = 0;
            const { cached, clock } = setUp(maxsize, expirationSeconds, () => ++loads);
            const setup = () => ({
              model: new CacheModel(maxsize, expirationSeconds === null ? null : expirationSeconds * 1000),
              real: { cached, clock, loads: () => loads } as Real,
            });
            fc.modelRun(setup, commands);
          },
        ),
        { numRuns: 300 },
      );
    });

    it('matches the model after every step for an async function with concurrent callers', async () => {
      await fc.assert(
        fc.asyncProperty(
          configArb,
          fc.commands(
            [
              ...repeat(
                4,
                fc
                  .tuple(keyArb, fc.integer({ min: 1, max: 3 }))
                  .map(([key, callers]): fc.AsyncCommand<CacheModel, Real> => new AsyncCallCommand(key, callers)),
              ),
              advanceArb.map((ms) => new AsyncAdvanceCommand(ms)),
              fc.constant(new AsyncClearCommand()),
              fc.constant(new AsyncRemoveExpiredCommand()),
            ],
            { maxCommands: 30, size: 'max' },
          ),
          async ({ maxsize, expirationSeconds }, commands) => {
            let loads = 0;
            const loader = async (): Promise<number> => {
              const value = ++loads;
              await Promise.resolve();
              return value;
            };
            const { cached, clock } = setUp(maxsize, expirationSeconds, loader);
            const setup = () => ({
              model: new CacheModel(maxsize, expirationSeconds === null ? null : expirationSeconds * 1000),
              real: { cached, clock, loads: () => loads } as Real,
            });
            await fc.asyncModelRun(setup, commands);
          },
        ),
        { numRuns: 120 },
      );
    });
  });
});
