import type { Redis } from 'ioredis';
import {
  SharedRecordCodec,
  SharedTierError,
  V8Serializer,
  sharedLeaseKey,
  sharedRecordKey,
  type SharedTierListener,
} from '../../src';
import { RedisSharedTier, type RedisTierOptions } from '../../src/redis';
import { REDIS_URL, describeWithService, pollUntil } from '../integration/services';
import { describeSharedTierContract, recordOf } from '../policies/shared/describeSharedTierContract';
import { IOREDIS_VERSIONS, deleteNamespace, uniqueNamespace } from './redisTestSupport';

describeWithService('RedisSharedTier against REDIS_URL', REDIS_URL, 6379, () => {
  describe.each(IOREDIS_VERSIONS)('%s', (label, ioredis) => {
    const IORedis = ioredis.Redis;
    const namespace = uniqueNamespace(label.replace(' ', ''));
    const clients: Redis[] = [];
    let admin: Redis;

    const client = (options: Record<string, unknown> = {}): Redis => {
      const created = new IORedis(REDIS_URL, { maxRetriesPerRequest: 1, ...options });
      clients.push(created);
      return created;
    };

    beforeAll(() => {
      admin = client();
    });

    afterAll(async () => {
      await deleteNamespace(admin, namespace);
      await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
    });

    describeSharedTierContract(`RedisSharedTier (${label})`, () => ({
      namespace,
      create: ({ lockTimeoutMs } = {}) =>
        new RedisSharedTier({
          client: client(),
          namespace,
          lockTimeout: lockTimeoutMs === undefined ? undefined : lockTimeoutMs / 1000,
        }),
      ready: async (created) => void (await (created as RedisSharedTier).whenSubscribed()),
      expireLease: async (key) => void (await admin.del(sharedLeaseKey(key))),
    }));

    describe('RedisSharedTier specifics', () => {
      const tiers: RedisSharedTier[] = [];
      const tier = (options: Partial<RedisTierOptions> = {}): RedisSharedTier => {
        const created = new RedisSharedTier({ client: client(), namespace, ...options });
        tiers.push(created);
        return created;
      };
      const key = (args: string): string => sharedRecordKey(namespace, 'specifics', 1, args);

      afterEach(async () => {
        await Promise.all(tiers.splice(0).map((t) => t.close()));
      });

      it('reads foreign bytes, another format version and an undecodable payload as missing', async () => {
        const t = tier();
        const valid = new SharedRecordCodec(new V8Serializer()).encode(recordOf('ok'));
        const otherVersion = Buffer.from(valid);
        otherVersion[2] = 99;
        const badPayload = Buffer.concat([valid.subarray(0, 32), Buffer.from([0xff, 0x0f, 0x00])]);
        await admin.set(key('foreign'), 'plain text from another program');
        await admin.set(key('version'), otherVersion);
        await admin.set(key('payload'), badPayload);
        await admin.set(key('valid'), valid);
        await expect(t.read(key('foreign'))).resolves.toBeUndefined();
        await expect(t.read(key('version'))).resolves.toBeUndefined();
        await expect(t.read(key('payload'))).resolves.toBeUndefined();
        await expect(t.read(key('valid'))).resolves.toMatchObject({ value: 'ok' });
      });

      it('stores a record with PX usableUntil − now', async () => {
        const t = tier();
        await t.write(key('ttl'), recordOf('v', 1_000, 30_000));
        const ttl = await admin.pttl(key('ttl'));
        expect(ttl).toBeGreaterThan(28_000);
        expect(ttl).toBeLessThanOrEqual(30_000);
      });

      it('keeps a tag time at least keepMs, never shortens a longer TTL, and persists for Infinity', async () => {
        const t = tier();
        const tagKey = (tag: string): string => `${namespace}:{${namespace}:tags}:${tag}`;
        await t.raiseTagTimes(['keep'], 5_000, 60_000);
        await t.raiseTagTimes(['keep'], 4_000, 1_000); // older and shorter: neither time nor TTL lowered
        expect(await admin.get(tagKey('keep'))).toBe('5000');
        expect(await admin.pttl(tagKey('keep'))).toBeGreaterThan(58_000);
        await t.raiseTagTimes(['keep'], 4_000, 120_000); // older but longer: the TTL grows
        expect(await admin.pttl(tagKey('keep'))).toBeGreaterThan(118_000);
        await t.raiseTagTimes(['keep'], 6_000, Infinity);
        expect(await admin.pttl(tagKey('keep'))).toBe(-1);
        expect(await admin.get(tagKey('keep'))).toBe('6000');
      });

      it('wakes a waiter with one re-read after registering and one read after the notification (no polling)', async () => {
        const holder = tier();
        const waiterClient = client();
        const waiter = tier({ client: waiterClient });
        const k = key('no-polling');
        const lease = (await holder.acquireLease(k))!;
        await waiter.read(k); // connected, scripts aside
        const sent = jest.spyOn(waiterClient, 'sendCommand');
        const waiting = waiter.waitForFill(k);
        await pollUntil('the wait has read the record and lease once', () => sent.mock.calls.length === 1);
        await new Promise((resolve) => setTimeout(resolve, 300)); // … and nothing more while it waits
        expect(sent.mock.calls.map(([command]) => (command as { name: string }).name)).toEqual(['evalsha']);
        await lease.fill(recordOf('filled'));
        await expect(waiting).resolves.toMatchObject({ kind: 'filled' });
        expect(sent.mock.calls.map(([command]) => (command as { name: string }).name)).toEqual(['evalsha', 'get']);
      });

      it('gives back a lease acquired by a command that answered after its timeout', async () => {
        const slowClient = client();
        const t = tier({ client: slowClient, commandTimeout: 0.05 });
        const k = key('late-lease');
        const original = slowClient.set.bind(slowClient);
        let landed = false;
        jest
          .spyOn(slowClient, 'set')
          .mockImplementationOnce((...args: Parameters<Redis['set']>) =>
            new Promise((resolve) => setTimeout(resolve, 150))
              .then(() => original(...args))
              .finally(() => (landed = true)),
          );
        await expect(t.acquireLease(k)).rejects.toMatchObject({ code: 'E_SHARED_TIMEOUT', operation: 'shared-lock' });
        await pollUntil('the late SET NX has landed', () => landed);
        await pollUntil('the late lease is given back', async () => (await admin.exists(sharedLeaseKey(k))) === 0);
      });

      it('works through a client with a keyPrefix: keys, prefix deletion and channels', async () => {
        const prefixed = client({ keyPrefix: 'pfx:' });
        const [a, b] = [tier({ client: prefixed }), tier({ client: client({ keyPrefix: 'pfx:' }) })];
        const seen: unknown[] = [];
        b.listen({ message: (m) => seen.push(m) });
        await b.whenSubscribed();
        await a.write(key('p1'), recordOf('p1'));
        expect(await admin.exists(`pfx:${key('p1')}`)).toBe(1);
        await expect(b.read(key('p1'))).resolves.toMatchObject({ value: 'p1' });
        await expect(a.deletePrefix(sharedRecordKey(namespace, 'specifics', 1, '').slice(0, -4))).resolves.toBe(1);
        expect(await admin.exists(`pfx:${key('p1')}`)).toBe(0);
        await a.publish({ type: 'invalidate', keys: ['x'] });
        await pollUntil('b hears a', () => seen.length === 1);
      });

      it('reports an undecodable bus message and a throwing listener as shared-bus faults', async () => {
        const t = tier();
        await t.whenSubscribed();
        const faults: SharedTierError[] = [];
        const listener: SharedTierListener = { fault: (error) => faults.push(error) };
        t.listen(listener);
        t.listen({
          message: () => {
            throw new Error('listener bug');
          },
        });
        await admin.publish(`cachewright:${namespace}:bus`, 'not json');
        await admin.publish(
          `cachewright:${namespace}:bus`,
          JSON.stringify({ v: 1, o: 'other', m: { type: 'clear', prefix: 'p' } }),
        );
        await pollUntil('both faults are reported', () => faults.length === 2);
        expect(faults.map((f) => [f.operation, f.command])).toEqual([
          ['shared-bus', 'message'],
          ['shared-bus', 'listener.message'],
        ]);
      });

      it('closes the subscriber it duplicated, and only unsubscribes one it was given', async () => {
        const own = tier();
        const given = client();
        const shared = tier({ subscriber: given });
        await Promise.all([own.whenSubscribed(), shared.whenSubscribed()]);
        const before = await admin.pubsub('NUMSUB', `cachewright:${namespace}:bus`);
        await own.close();
        await shared.close();
        const after = await admin.pubsub('NUMSUB', `cachewright:${namespace}:bus`);
        expect(Number(before[1]) - Number(after[1])).toBe(2);
        expect(given.status).toBe('ready');
        expect(tiers[0].options.client.status).toBe('ready'); // the user's client is never closed
      });
    });
  });
});
