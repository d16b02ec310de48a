/**
 * The SharedTier contract (leases, fill notifications, bus, prefix deletion and the rest) on a local
 * 3-master Redis Cluster this test starts on free ports and stops afterwards, for ioredis 5 and 6.
 */
import type { Cluster } from 'ioredis';
import { sharedKeyPrefix, sharedLeaseKey, sharedRecordKey } from '../../src';
import { RedisSharedTier } from '../../src/redis';
import { describeSharedTierContract, recordOf } from '../policies/shared/describeSharedTierContract';
import { PrivateRedisCluster, describeWithRedisBinaries } from '../support/redisServers';
import { IOREDIS_VERSIONS, uniqueNamespace } from './redisTestSupport';

describeWithRedisBinaries('RedisSharedTier on a 3-node Redis Cluster', () => {
  let cluster: PrivateRedisCluster;

  beforeAll(async () => {
    cluster = await PrivateRedisCluster.start();
  }, 30_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  describe.each(IOREDIS_VERSIONS)('%s', (label, ioredis) => {
    const namespace = uniqueNamespace(`cluster${label.slice(-1)}`);
    const clients: Cluster[] = [];
    let admin: Cluster;

    const client = (): Cluster => {
      const created = new ioredis.Cluster(cluster.nodes, { redisOptions: { maxRetriesPerRequest: 1 } });
      clients.push(created);
      return created;
    };

    beforeAll(() => {
      admin = client();
    });

    afterAll(async () => {
      await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
    });

    describeSharedTierContract(`RedisSharedTier on a Cluster (${label})`, () => ({
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

    it('spreads one cache’s records over every master, and deletes them all by prefix', async () => {
      const tier = new RedisSharedTier({ client: client(), namespace });
      const keys = Array.from({ length: 60 }, (_, i) => sharedRecordKey(namespace, 'spread', 1, `id-${i}`));
      await Promise.all(keys.map((key) => tier.write(key, recordOf(key))));
      const perNode = await Promise.all(admin.nodes('master').map((node) => node.dbsize()));
      expect(perNode.filter((size) => size > 0)).toHaveLength(3);
      await expect(tier.deletePrefix(sharedKeyPrefix(namespace, 'spread', 1))).resolves.toBe(60);
      await tier.close();
    });

    it.each([
      ['the cluster options', { keyPrefix: 'pfx:' }],
      ['the node options', { redisOptions: { keyPrefix: 'pfx:' } }],
    ])('deletes by prefix through a client whose keyPrefix is set in %s', async (_, options) => {
      const prefixed = new ioredis.Cluster(cluster.nodes, options);
      clients.push(prefixed);
      const tier = new RedisSharedTier({ client: prefixed, namespace });
      const keys = Array.from({ length: 30 }, (_, i) => sharedRecordKey(namespace, 'prefixed', 1, `id-${i}`));
      await Promise.all(keys.map((key) => tier.write(key, recordOf(key))));
      expect(await admin.exists(`pfx:${keys[0]}`)).toBe(1);
      await expect(tier.deletePrefix(sharedKeyPrefix(namespace, 'prefixed', 1))).resolves.toBe(30);
      expect(await admin.exists(`pfx:${keys[0]}`)).toBe(0);
      await tier.close();
    });

    it('keeps a record and its lease in one slot, so the fill script runs on one node', async () => {
      const key = sharedRecordKey(namespace, 'slot', 1, 'x}y');
      const slots = await Promise.all([key, sharedLeaseKey(key)].map((k) => admin.cluster('KEYSLOT', k)));
      expect(slots[0]).toBe(slots[1]);
    });
  });
});
