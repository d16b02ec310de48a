/**
 * Model-based tests (issue 8): random command sequences over a set of 5 keys (`KEY_SETS`) — call(k), advance the clock,
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
 *
 * Both built-in policies run it (issue 18), through the `eviction` option. For W-TinyLFU the model
 * does not know which key a full cache evicts: it learns it from the `cachewright:removal` channel
 * (reason `'evicted'`) and checks that exactly one entry it holds goes per call that overflows
 * `maxsize`, and none otherwise; values, counts and sizes are checked as for LRU, whose model also
 * checks that the channel names the least recently used key.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import fc from 'fast-check';
import { CacheManager, CHANNELS, type CachedFunction, type RemovalMessage } from '../../src';
import { ManualClock, managerWithClock } from './hardeningFixtures';

type Policy = 'lru' | 'w-tinylfu';
const POLICIES: Policy[] = ['lru', 'w-tinylfu'];

/**
 * The key sets a run draws from (issue 19: the string-key fast paths): small integers (the table's
 * array), and strings that look like numbers, `'__proto__'`, the empty string, a very long string
 * and numbers past the array, each beside the number it could be confused with (`1` and `'1'`, `0`,
 * `-0` and `'0'`). Commands name a key by its index in the run's set.
 */
const KEY_SETS: ReadonlyArray<readonly ModelKey[]> = [
  [0, 1, 2, 3, 4],
  [1, '1', '', '__proto__', 'k'.repeat(10_000)],
  ['0', -0, 'constructor', 100_000, 'user:0000042'],
];
type ModelKey = number | string;
const KEY_INDICES = [0, 1, 2, 3, 4] as const;

interface ModelEntry {
  value: number;
  fetchedAt: number;
}

/** The reference: a Map in LRU order (first = least recently used). */
class CacheModel {
  readonly entries = new Map<ModelKey, ModelEntry>();
  hits = 0;
  misses = 0;
  loads = 0;
  now = 0;

  constructor(
    readonly maxsize: number | null,
    readonly expirationMs: number | null,
    readonly policy: Policy = 'lru',
  ) {}

  isExpired(entry: ModelEntry): boolean {
    return this.expirationMs !== null && this.now - entry.fetchedAt >= this.expirationMs;
  }

  /**
   * The value a call returns, updating the model. `evicted`: the keys the real cache reported evicted
   * during the call (checked against LRU's choice; W-TinyLFU's choice is taken from it).
   */
  call(key: ModelKey, evicted: readonly unknown[] = []): number {
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
      expect(evicted).toEqual([]);
      return entry.value;
    }
    this.misses++;
    const value = ++this.loads;
    this.entries.set(key, { value, fetchedAt: this.now });
    if (this.maxsize !== null && this.entries.size > this.maxsize) {
      const victim = this.policy === 'lru' ? this.entries.keys().next().value! : (evicted[0] as ModelKey);
      expect(evicted).toEqual([victim]);
      expect(this.entries.has(victim)).toBe(true);
      this.entries.delete(victim);
    } else {
      expect(evicted).toEqual([]);
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
  readonly cached: CachedFunction<(key: ModelKey) => number | Promise<number>>;
  /** The run's key set (commands name keys by index). */
  readonly keys: readonly ModelKey[];
  readonly clock: ManualClock;
  readonly loads: () => number;
  /** The keys the cache reported evicted since the last call of this (and forgets them). */
  readonly evictions: () => unknown[];
}

/** Every `'evicted'` removal message, by cache name (each run names its cache uniquely). */
const evictedKeys = new Map<string, unknown[]>();
const onRemoval = (message: unknown): void => {
  const { cache, key, reason } = message as RemovalMessage;
  if (reason === 'evicted') evictedKeys.get(cache)?.push(key);
};
beforeAll(() => diagnosticsChannel.subscribe(CHANNELS.removal, onRemoval));
afterAll(() => diagnosticsChannel.unsubscribe(CHANNELS.removal, onRemoval));
let runs = 0;

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
    const key = real.keys[this.key];
    const actual = real.cached(key);
    expect(actual).toBe(model.call(key, real.evictions()));
    expectSameState(model, real);
  }
  toString(): string {
    return describeCommand('call', `key #${this.key}`);
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
    const key = real.keys[this.key];
    const first = real.cached(key);
    const expected = model.call(key, real.evictions());
    const others: Array<number | Promise<number>> = [];
    for (let i = 1; i < this.callers; i++) {
      model.join();
      others.push(real.cached(key));
    }
    if (model.maxsize === 0) {
      // Nothing is cached: every caller ran the loader (in call order).
      await expect(Promise.all([first, ...others])).resolves.toEqual(
        Array.from({ length: this.callers }, (_, i) => expected + i),
      );
    } else {
      await expect(Promise.all([first, ...others])).resolves.toEqual(Array(this.callers).fill(expected));
    }
    expect(real.evictions()).toEqual([]);
    expectSameState(model, real);
  }
  toString(): string {
    return describeCommand('call', `key #${this.key}`, `${this.callers} concurrent callers`);
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
  keys: fc.constantFrom(...KEY_SETS),
});
const keyArb = fc.constantFrom(...KEY_INDICES);
const advanceArb = fc.oneof(fc.integer({ min: 0, max: 3_500 }), fc.constantFrom(0, 1, 999, 1_000));

const repeat = <T>(times: number, value: T): T[] => Array.from({ length: times }, () => value);

function setUp(
  maxsize: number | null,
  expirationSeconds: number | null,
  loader: (key: ModelKey) => number | Promise<number>,
  eviction: Policy,
) {
  const clock = new ManualClock();
  const manager = managerWithClock(clock);
  const name = `model-${++runs}`;
  const evicted: unknown[] = [];
  evictedKeys.set(name, evicted);
  const cached = manager.wrap(loader, { maxsize, expiration: expirationSeconds, eviction, name });
  const evictions = (): unknown[] => evicted.splice(0, evicted.length);
  return { cached, clock, evictions };
}

describe.each(POLICIES)(`${CacheManager.name} with eviction: %p`, (policy) => {
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
          ({ maxsize, expirationSeconds, keys }, commands) => {
            let loads = 0;
            const { cached, clock, evictions } = setUp(maxsize, expirationSeconds, () => ++loads, policy);
            const setup = () => ({
              model: new CacheModel(maxsize, expirationSeconds === null ? null : expirationSeconds * 1000, policy),
              real: { cached, clock, keys, loads: () => loads, evictions } as Real,
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
          async ({ maxsize, expirationSeconds, keys }, commands) => {
            let loads = 0;
            const loader = async (): Promise<number> => {
              const value = ++loads;
              await Promise.resolve();
              return value;
            };
            const { cached, clock, evictions } = setUp(maxsize, expirationSeconds, loader, policy);
            const setup = () => ({
              model: new CacheModel(maxsize, expirationSeconds === null ? null : expirationSeconds * 1000, policy),
              real: { cached, clock, keys, loads: () => loads, evictions } as Real,
            });
            await fc.asyncModelRun(setup, commands);
          },
        ),
        { numRuns: 120 },
      );
    });
  });
});
