import { Redis } from 'ioredis';
import { Duration } from 'luxon';
import {
  Clock,
  InvalidCacheConfigError,
  JsonSerializer,
  Serializer,
  SharedTier,
  V8Serializer,
  createCacheContainer,
} from '../../src';
import {
  DEFAULT_REDIS_TIER_OPTIONS,
  RedisSharedTier,
  redisTierModule,
  resolveRedisTierOptions,
  type RedisTierOptions,
} from '../../src/redis';
import { REDIS_URL, describeWithService } from '../integration/services';
import { deleteNamespace, uniqueNamespace } from './redisTestSupport';
import { captured } from '../support/captured';

/** A client that never connects (validation never touches it). */
const offline = new Redis({ lazyConnect: true, enableOfflineQueue: false });

describe('resolveRedisTierOptions()', () => {
  it('fills in the defaults: 250 ms commands, 5 s leases, 5 failures, 5 s skipped, V8Serializer', () => {
    const resolved = resolveRedisTierOptions({ client: offline, namespace: 'orders' });
    expect(resolved).toMatchObject({
      namespace: 'orders',
      subscriber: null,
      commandTimeoutMs: 250,
      lockTimeoutMs: 5_000,
      breakerThreshold: 5,
      breakerDurationMs: 5_000,
    });
    expect(resolved.serializer).toBeInstanceOf(V8Serializer);
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(DEFAULT_REDIS_TIER_OPTIONS).toEqual({
      commandTimeout: 0.25,
      lockTimeout: 5,
      breakerThreshold: 5,
      breakerDuration: 5,
    });
  });

  it.each([
    ['a number of seconds', 0.5, 500],
    ['a duration string', '2 seconds', 2_000],
    ['a clock form', '0:01', 1_000],
    ['ISO 8601', 'PT0.1S', 100],
    ['a luxon Duration', Duration.fromObject({ milliseconds: 300 }), 300],
  ])('reads durations in every DESIGN §3 form: %s', (_, value, ms) => {
    const resolved = resolveRedisTierOptions({
      client: offline,
      namespace: 'n',
      commandTimeout: value,
      lockTimeout: value,
      breakerDuration: value,
    });
    expect([resolved.commandTimeoutMs, resolved.lockTimeoutMs, resolved.breakerDurationMs]).toEqual([ms, ms, ms]);
  });

  it.each<[string, Partial<RedisTierOptions> & Record<string, unknown>, string]>([
    ['client', { client: {} as never }, 'an ioredis Redis or Cluster instance'],
    ['client', { client: undefined }, 'an ioredis Redis or Cluster instance'],
    ['subscriber', { subscriber: 'redis://x' as never }, 'an ioredis Redis or Cluster instance'],
    ['subscriber', { subscriber: offline }, 'a connection other than client'],
    ['namespace', { namespace: 'a:b' }, 'without ":"'],
    ['namespace', { namespace: '' }, 'a non-empty string'],
    ['namespace', { namespace: 42 as never }, 'a non-empty string'],
    ['serializer', { serializer: { serialize: () => Buffer.alloc(0) } as never }, 'a Serializer instance'],
    ['commandTimeout', { commandTimeout: 0 }, 'a positive duration'],
    ['commandTimeout', { commandTimeout: 'soon' }, 'a positive duration'],
    ['lockTimeout', { lockTimeout: -1 }, 'a positive duration'],
    // Past a timer's limit, setTimeout fires after 1 ms: every command and wait would end at once.
    ['commandTimeout', { commandTimeout: '25 days' }, 'at most 2147483647 ms'],
    ['lockTimeout', { lockTimeout: 2 ** 31 / 1000 }, 'at most 2147483647 ms'],
    ['breakerDuration', { breakerDuration: 'forever' }, 'a non-negative duration'],
    ['breakerThreshold', { breakerThreshold: 0 }, 'a positive integer'],
    ['breakerThreshold', { breakerThreshold: 2.5 }, 'a positive integer'],
    ['comandTimeout', { comandTimeout: 1 }, 'a known option'],
  ])('throws InvalidCacheConfigError naming %s, its value and the expected form', (option, bad, expected) => {
    const call = (): unknown => resolveRedisTierOptions({ client: offline, namespace: 'n', ...bad });
    expect(call).toThrow(InvalidCacheConfigError);
    const error = captured(call) as InvalidCacheConfigError;
    expect(error.problems).toEqual([expect.objectContaining({ option, expected: expect.stringContaining(expected) })]);
    expect(error.message).toMatch(/^redisTierModule: invalid cache options: /);
    expect(error.message).toContain(option);
  });

  it('rounds lockTimeout up to whole milliseconds (Redis PX and PEXPIRE take no fraction)', () => {
    const lockTimeout = Duration.fromObject({ seconds: 1 / 3 }); // 333.33… ms
    expect(resolveRedisTierOptions({ client: offline, namespace: 'n', lockTimeout }).lockTimeoutMs).toBe(334);
  });

  it('lists every bad option at once', () => {
    const error = captured(() =>
      resolveRedisTierOptions({ client: null as never, namespace: '', commandTimeout: 'x', breakerThreshold: -1 }),
    ) as InvalidCacheConfigError;
    expect(error.problems.map((p) => p.option)).toEqual(['client', 'namespace', 'commandTimeout', 'breakerThreshold']);
  });
});

describe('redisTierModule()', () => {
  it('validates at once, before any container resolves it', () => {
    expect(() => redisTierModule({ client: offline, namespace: 'bad ns' })).toThrow(InvalidCacheConfigError);
  });
});

describeWithService('redisTierModule() against REDIS_URL', REDIS_URL, 6379, () => {
  const namespace = uniqueNamespace('module');
  let client: Redis;

  beforeAll(async () => {
    client = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    await client.ping();
  });

  afterAll(async () => {
    await deleteNamespace(client, namespace);
    await client.quit();
  });

  it('binds SharedTier to one RedisSharedTier and Serializer to the serializer given, and closes the tier on unbind', async () => {
    const container = createCacheContainer();
    const serializer = new JsonSerializer();
    container.load(redisTierModule({ client, namespace, serializer }));
    const tier = container.get(SharedTier);
    expect(tier).toBeInstanceOf(RedisSharedTier);
    expect(container.get(SharedTier)).toBe(tier);
    expect(container.get(Serializer)).toBe(serializer);
    expect((tier as RedisSharedTier).options.serializer).toBe(serializer);
    // (Closed while its subscriber is still connecting, ioredis would keep a 2 s timer of its own.)
    await (tier as RedisSharedTier).whenSubscribed();
    await container.unbindAllAsync();
    expect(tier.available).toBe(false);
    expect(client.status).toBe('ready');
  });

  it('takes, renews and fills a lease whose lockTimeout is no whole number of milliseconds', async () => {
    const container = createCacheContainer();
    container.load(redisTierModule({ client, namespace, lockTimeout: Duration.fromObject({ seconds: 1 / 3 }) }));
    const tier = container.get(SharedTier) as RedisSharedTier;
    try {
      const key = `${namespace}:fraction:1:{x}`;
      const lease = await tier.acquireLease(key);
      expect(lease).not.toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 400)); // past the lease: renewed meanwhile
      expect(lease!.held).toBe(true);
      await lease!.fill({ value: 1, createdAt: Date.now(), freshUntil: Infinity, usableUntil: Infinity, tags: [] });
      await expect(tier.read(key)).resolves.toMatchObject({ value: 1 });
    } finally {
      await tier.whenSubscribed();
      await container.unbindAllAsync();
    }
  });

  it('uses a rebound Serializer and the container’s Clock', async () => {
    class FixedClock extends Clock {
      override now(): number {
        return 1_000;
      }
    }
    const container = createCacheContainer();
    container.load(redisTierModule({ client, namespace }));
    container.rebind(Serializer).toConstantValue(new JsonSerializer());
    container.rebind(Clock).toConstantValue(new FixedClock());
    const tier = container.get(SharedTier) as RedisSharedTier;
    expect(tier.options.serializer).toBeInstanceOf(JsonSerializer);
    // At the fixed time 1000, a record usable until 2000 is written with a 1 s TTL.
    const key = `${namespace}:clock:1:{x}`;
    await tier.write(key, { value: 1, createdAt: 500, freshUntil: 2_000, usableUntil: 2_000, tags: [] });
    expect(await client.pttl(key)).toBeGreaterThan(900);
    await tier.whenSubscribed();
    await container.unbindAllAsync();
  });
});
