/**
 * Shared caches on a local 3-master Redis Cluster this test starts on free ports and stops afterwards:
 * the cross-process single flight (3 child processes × 1,000 callers), the invalidation bus and
 * `clearCache` over records spread across every master.
 */
import 'reflect-metadata';
import { Cluster } from 'ioredis';
import type { Container } from 'inversify';
import { CacheErrorHandler, CacheManager, createCacheContainer, SharedTier, type CachedFunction } from '../../../src';
import { RedisSharedTier, redisTierModule } from '../../../src/redis';
import { startScript } from '../../support/childProcess';
import { pollUntil } from '../../integration/services';
import { PrivateRedisCluster, describeWithRedisBinaries } from '../../support/redisServers';
import { uniqueNamespace } from '../../redis/redisTestSupport';
import { RecordingErrorHandler, type Report } from './sharedFixtures';

const FIXTURE = '__tests__/fixtures/shared/sharedCacheProcess.ts';

interface Done {
  loads: number;
  stats: { shared: { hits: number; notified: number; degraded: number } };
  waitedMs: number;
  distinct: number;
  value: { token: string };
  failures: number;
}

describeWithRedisBinaries('shared caches on a 3-node Redis Cluster', () => {
  let cluster: PrivateRedisCluster;

  beforeAll(async () => {
    cluster = await PrivateRedisCluster.start();
  }, 30_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('runs the function once for 3 processes × 1,000 concurrent callers on one cold key; the others hear the fill', async () => {
    const namespace = uniqueNamespace('cstampede');
    const nodes = cluster.nodes.map((node) => `${node.host}:${node.port}`).join(',');
    const args = ['--namespace', namespace, '--cluster', nodes, '--mode', 'stampede', '--callers', '1000'];
    const children = [0, 1, 2].map(() => startScript(FIXTURE, 90_000, [], args));
    const admin = new Cluster(cluster.nodes, { redisOptions: { maxRetriesPerRequest: 1 } });
    try {
      await Promise.all(children.map((child) => child.waitForLine((line) => line.event === 'ready', 45_000)));
      await admin.publish(`${namespace}:go`, 'go');
      const done = (await Promise.all(
        children.map((child) => child.waitForLine((line) => line.event === 'done', 10_000)),
      )) as unknown as Done[];
      expect(done.map((d) => d.failures)).toEqual([0, 0, 0]);
      expect(done.reduce((sum, d) => sum + d.loads, 0)).toBe(1);
      expect(new Set(done.map((d) => d.value.token)).size).toBe(1);
      const others = done.filter((d) => d.loads === 0);
      expect(others.map((d) => d.stats.shared)).toEqual([
        { hits: 0, notified: 1, degraded: 0 },
        { hits: 0, notified: 1, degraded: 0 },
      ]);
      for (const d of done) expect(d.waitedMs).toBeLessThanOrEqual(2_000);
      expect(children.flatMap((child) => child.lines.filter((line) => line.event === 'report'))).toEqual([]);
    } finally {
      await Promise.all(children.map((child) => child.kill()));
      await admin.quit();
    }
  }, 120_000);

  describe('the invalidation bus and clearCache', () => {
    const namespace = uniqueNamespace('cbus');
    const processes: Array<{
      container: Container;
      client: Cluster;
      get: CachedFunction<(id: string) => Promise<string>>;
      reports: Report[];
    }> = [];
    let admin: Cluster;

    beforeAll(async () => {
      admin = new Cluster(cluster.nodes, { redisOptions: { maxRetriesPerRequest: 1 } });
      for (const name of ['a', 'b']) {
        const client = new Cluster(cluster.nodes, { redisOptions: { maxRetriesPerRequest: 1 } });
        const container = createCacheContainer();
        const handler = new RecordingErrorHandler();
        container.rebind(CacheErrorHandler).toConstantValue(handler);
        container.load(redisTierModule({ client, namespace }));
        const get = container.get(CacheManager).wrap(async (id: string) => Promise.resolve(`${id} by ${name}`), {
          shared: { name: 'get' },
          expiration: '1 hour',
        });
        await (container.get(SharedTier) as RedisSharedTier).whenSubscribed();
        processes.push({ container, client, get, reports: handler.reports });
      }
    }, 30_000);

    afterAll(async () => {
      for (const { container, client, reports } of processes) {
        await container.unbindAllAsync();
        await client.quit();
        expect(reports).toEqual([]);
      }
      await admin.quit();
    });

    /** Records of the cache on each master. */
    async function recordsPerMaster(): Promise<number[]> {
      return Promise.all(
        admin.nodes('master').map(async (node) => (await node.keys(`${namespace}:get:1:*`)).length), // a tiny test namespace
      );
    }

    it('drops the other process’s copy on invalidate, and clears records on every master', async () => {
      const [a, b] = processes;
      const ids = Array.from({ length: 30 }, (_, i) => `id-${i}`);
      for (const id of ids) await a.get(id);
      await expect(Promise.all(ids.map((id) => b.get(id)))).resolves.toEqual(ids.map((id) => `${id} by a`));
      expect((await recordsPerMaster()).every((count) => count > 0)).toBe(true);

      await a.get.invalidate('id-0');
      await pollUntil('B dropped id-0', () => !b.get.has('id-0'));
      await expect(b.get('id-0')).resolves.toBe('id-0 by b');

      await a.get.clearCache();
      expect(await recordsPerMaster()).toEqual([0, 0, 0]);
      await pollUntil('B cleared its memory tier', () => b.get.cacheInfo().currentSize === 0);
      await expect(b.get('id-5')).resolves.toBe('id-5 by b');
    });
  });
});
