/**
 * Faults on a private `redis-server` this test starts on a free port (never the shared one):
 * stopped (SIGSTOP, then SIGCONT), killed (SIGKILL), restarted on the same port. Every command
 * is bounded by `commandTimeout`, nothing hangs or rejects unhandled, the breaker skips a dead
 * server cheaply, and a reconnect is reported and closes the breaker at once.
 */
import type { Redis } from 'ioredis';
import {
  SharedTierError,
  SharedTierTimeoutError,
  SharedTierUnavailableError,
  sharedLeaseKey,
  sharedRecordKey,
  type SharedTierListener,
} from '../../src';
import { RedisSharedTier, type RedisTierOptions } from '../../src/redis';
import { recordOf } from '../policies/shared/describeSharedTierContract';
import { PrivateRedisServer, describeWithRedisBinaries, redisCli, waitFor } from '../support/redisServers';
import { IOREDIS_VERSIONS } from './redisTestSupport';

/** Runs `call` and resolves what it settled with and how long it took, never rejecting. */
async function timed<T>(call: () => Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const started = Date.now();
  try {
    const value = await call();
    return { ms: Date.now() - started, value };
  } catch (error) {
    return { ms: Date.now() - started, error };
  }
}

describeWithRedisBinaries('RedisSharedTier faults on a private redis-server', () => {
  describe.each(IOREDIS_VERSIONS)('%s', (_, ioredis) => {
    const COMMAND_TIMEOUT_MS = 100;
    /** Scheduling slack on a shared 2-core machine. */
    const SLACK_MS = 400;
    let server: PrivateRedisServer;
    const clients: Redis[] = [];
    const tiers: RedisSharedTier[] = [];
    const namespace = 'faults';
    const key = (args: string): string => sharedRecordKey(namespace, 'f', 1, args);

    const client = (): Redis => {
      // Reconnect every 50 ms, so the restart test heals well within its 2 s bound.
      const created = new ioredis.Redis(server.url, { retryStrategy: () => 50, maxRetriesPerRequest: 1 });
      created.on('error', () => undefined); // the user's client: its errors are the user's to log
      clients.push(created);
      return created;
    };
    const tier = async (options: Partial<RedisTierOptions> = {}): Promise<RedisSharedTier> => {
      const created = new RedisSharedTier({
        client: client(),
        namespace,
        commandTimeout: COMMAND_TIMEOUT_MS / 1000,
        breakerThreshold: 3,
        ...options,
      });
      tiers.push(created);
      await created.whenSubscribed();
      return created;
    };

    beforeAll(async () => {
      server = await PrivateRedisServer.start();
    });

    afterEach(async () => {
      try {
        server.signal('SIGCONT');
        await Promise.all(tiers.splice(0).map((t) => t.close()));
      } finally {
        for (const c of clients.splice(0)) c.disconnect();
      }
      if (server.pid === undefined) await server.restart();
      redisCli(server.port, 'FLUSHALL'); // the private server only
    });

    afterAll(async () => {
      await server.kill();
    });

    it('times out every command at commandTimeout while the server is stopped, then skips it, then heals', async () => {
      const t = await tier({ breakerDuration: 1 });
      await t.write(key('stopped'), recordOf('before'));
      server.signal('SIGSTOP');

      const read = await timed(() => t.read(key('stopped')));
      expect(read.error).toBeInstanceOf(SharedTierTimeoutError);
      expect(read.error).toMatchObject({ operation: 'shared-read', command: 'GET' });
      expect(read.ms).toBeGreaterThanOrEqual(COMMAND_TIMEOUT_MS - 5);
      expect(read.ms).toBeLessThan(COMMAND_TIMEOUT_MS + SLACK_MS);

      const [lease, wait] = await Promise.all([
        timed(() => t.acquireLease(key('stopped-lease'))),
        timed(() => t.waitForFill(key('stopped-wait'))),
      ]);
      expect(lease.error).toMatchObject({ code: 'E_SHARED_TIMEOUT', operation: 'shared-lock' });
      expect(wait.error).toMatchObject({ code: 'E_SHARED_TIMEOUT', operation: 'shared-read' });
      expect(Math.max(lease.ms, wait.ms)).toBeLessThan(COMMAND_TIMEOUT_MS + SLACK_MS);

      // Three failures in a row: the tier is skipped, without a timeout per call.
      expect(t.available).toBe(false);
      const skipped = await timed(() => t.write(key('stopped'), recordOf('during')));
      expect(skipped.error).toBeInstanceOf(SharedTierUnavailableError);
      expect(skipped.ms).toBeLessThan(50);

      server.signal('SIGCONT');
      // The breaker lets calls through again after breakerDuration (1 s): the server answers them.
      await waitFor('the tier is available again', () => t.available);
      await expect(t.read(key('stopped'))).resolves.toMatchObject({ value: 'before' });
      // The lease the stopped server granted late, after its caller gave up, was given back.
      await waitFor(
        'the late lease is released',
        async () => (await clients[0].exists(sharedLeaseKey(key('stopped-lease')))) === 0,
      );
    });

    it('fails fast once the killed server has opened the breaker, reports the bus drop once, and heals on restart', async () => {
      const t = await tier({ breakerDuration: 60 });
      const holder = await tier();
      const events: string[] = [];
      const faults: SharedTierError[] = [];
      const listener: SharedTierListener = {
        reconnect: () => events.push('reconnect'),
        fault: (error) => {
          faults.push(error);
          events.push(`fault ${error.operation}`);
        },
      };
      t.listen(listener);
      const lease = (await holder.acquireLease(key('killed')))!;
      const waiting = t.waitForFill(key('killed'));
      await new Promise((resolve) => setTimeout(resolve, 50));

      await server.kill();
      await expect(waiting).resolves.toEqual({ kind: 'lost' });
      await waitFor('the bus drop is reported', () => faults.length > 0);
      expect(faults[0]).toMatchObject({ operation: 'shared-bus', command: 'SUBSCRIBE' });

      const failures = [];
      for (let i = 0; i < 3; i++) failures.push(await timed(() => t.read(key('killed'))));
      for (const failure of failures) {
        expect(failure.error).toBeInstanceOf(SharedTierError);
        expect(failure.ms).toBeLessThan(COMMAND_TIMEOUT_MS + SLACK_MS);
      }
      expect(t.available).toBe(false);
      const skipped = await timed(() => t.publish({ type: 'invalidate', keys: [key('killed')] }));
      expect(skipped.error).toMatchObject({ code: 'E_SHARED_UNAVAILABLE', operation: 'shared-bus' });
      expect(skipped.ms).toBeLessThan(50);
      await expect(lease.release()).rejects.toBeInstanceOf(SharedTierError);

      // Several reconnect attempts fail while the server is down; the drop is still reported once.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(faults).toHaveLength(1);

      await server.restart();
      await waitFor('the reconnect is reported', () => events.includes('reconnect'));
      expect(events).toEqual(['fault shared-bus', 'reconnect']);
      // The reconnect above is the subscriber's; the breaker is closed by the client's own `ready`,
      // which may come a retry (50 ms) later: wait for it, well within the breaker's 60 s.
      await waitFor('the client’s reconnect closes the breaker', () => t.available);
      // The holder's client reconnects on its own schedule too: its GET must not wait in the offline
      // queue past the 100 ms command timeout.
      await waitFor('the holder’s client is ready again', () => holder.options.client.status === 'ready');
      await t.write(key('killed'), recordOf('after'));
      await expect(holder.read(key('killed'))).resolves.toMatchObject({ value: 'after' });
      const seen: unknown[] = [];
      t.listen({ message: (m) => seen.push(m) });
      await waitFor('the holder’s bus is back', async () => (await holder.whenSubscribed()) === true);
      await holder.publish({ type: 'invalidate', keys: [key('killed')] });
      await waitFor('the bus delivers again', () => seen.length === 1);
    });

    it('reports a reconnect after a first subscription that came after a record was read', async () => {
      const reader = client();
      const subscriber = client();
      await reader.ping();
      const writer = await tier();
      await writer.write(key('early'), recordOf('early'));
      const original = subscriber.subscribe.bind(subscriber);
      jest
        .spyOn(subscriber, 'subscribe')
        .mockImplementationOnce(((...channels: string[]) =>
          new Promise((resolve) => setTimeout(resolve, 200)).then(() => original(...channels))) as never);
      const t = new RedisSharedTier({ client: reader, subscriber, namespace });
      tiers.push(t);
      const reconnects: number[] = [];
      t.listen({ reconnect: () => reconnects.push(Date.now()) });
      await expect(t.read(key('early'))).resolves.toMatchObject({ value: 'early' });
      await t.whenSubscribed();
      expect(reconnects).toHaveLength(1);
    });
  });
});
