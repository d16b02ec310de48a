/**
 * Shared caches across real processes on the Redis at REDIS_URL (never flushed: a namespace of its
 * own, deleted afterwards): the cross-process single flight with 3 child processes × 1,000 callers,
 * and the invalidation bus between this process (A) and a child (B).
 */
import 'reflect-metadata';
import { Redis } from 'ioredis';
import type { Container } from 'inversify';
import { CacheErrorHandler, CacheManager, createCacheContainer, type CachedFunction } from '../../../src';
import { redisTierModule } from '../../../src/redis';
import { startScript, type ChildSession } from '../../support/childProcess';
import { REDIS_URL, describeWithService, pollUntil } from '../../integration/services';
import { deleteNamespace, uniqueNamespace } from '../../redis/redisTestSupport';
import { RecordingErrorHandler } from './sharedFixtures';

const FIXTURE = '__tests__/fixtures/shared/sharedCacheProcess.ts';
/** Starting a child (ts-node, on a loaded 2-core machine) takes seconds. */
const START_LIMIT_MS = 45_000;

interface Answer {
  id: string;
  by: number;
  n: number;
  token: string;
}

interface Done {
  loads: number;
  stats: { loads: number; shared: { hits: number; notified: number; degraded: number } };
  waitedMs: number;
  distinct: number;
  value: Answer;
  failures: number;
}

describeWithService('shared caches across processes (REDIS_URL)', REDIS_URL, 6379, () => {
  let admin: Redis;

  beforeAll(() => {
    admin = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    await admin.quit();
  });

  describe('the cross-process single flight', () => {
    const namespace = uniqueNamespace('stampede');

    afterAll(async () => {
      await deleteNamespace(admin, namespace);
    });

    it('runs the function once for 3 processes × 1,000 concurrent callers on one cold key; the other two hear the fill', async () => {
      const args = ['--namespace', namespace, '--url', REDIS_URL, '--mode', 'stampede', '--callers', '1000'];
      const children = [0, 1, 2].map(() => startScript(FIXTURE, 90_000, [], args));
      try {
        await Promise.all(children.map((child) => child.waitForLine((line) => line.event === 'ready', START_LIMIT_MS)));
        await admin.publish(`${namespace}:go`, 'go');
        const done = (await Promise.all(
          children.map((child) => child.waitForLine((line) => line.event === 'done', 10_000)),
        )) as unknown as Done[];
        expect(done.map((d) => d.failures)).toEqual([0, 0, 0]);
        expect(done.reduce((sum, d) => sum + d.loads, 0)).toBe(1);
        expect(done.map((d) => d.distinct)).toEqual([1, 1, 1]);
        expect(new Set(done.map((d) => d.value.token)).size).toBe(1);
        const holder = done.find((d) => d.loads === 1)!;
        expect(holder.stats.shared).toEqual({ hits: 0, notified: 0, degraded: 0 });
        const others = done.filter((d) => d !== holder);
        // Answered by the fill notification, not by the lock timeout (5 s) nor a fetch of their own.
        expect(others.map((d) => d.stats.shared)).toEqual([
          { hits: 0, notified: 1, degraded: 0 },
          { hits: 0, notified: 1, degraded: 0 },
        ]);
        for (const d of done) expect(d.waitedMs).toBeLessThanOrEqual(2_000);
        const reports = children.flatMap((child) => child.lines.filter((line) => line.event === 'report'));
        expect(reports).toEqual([]);
        expect((await Promise.all(children.map((child) => child.exited))).map((run) => run.code)).toEqual([0, 0, 0]);
      } finally {
        await Promise.all(children.map((child) => child.kill()));
      }
    }, 120_000);
  });

  describe('the invalidation bus', () => {
    const namespace = uniqueNamespace('bus');
    let b: ChildSession;
    let container: Container;
    let client: Redis;
    let get: CachedFunction<(id: string) => Promise<Answer>>;
    let manager: CacheManager;
    let loadsA = 0;
    const reports = new RecordingErrorHandler().reports;
    let nextId = 0;

    /** Runs `op` in process B and resolves its result. */
    async function inB<T>(op: string, arg?: unknown): Promise<T> {
      const id = ++nextId;
      b.send({ id, op, arg });
      const answer = await b.waitForLine((line) => line.id === id, 10_000);
      if (typeof answer.error === 'string') throw new Error(answer.error);
      return answer.result as T;
    }

    beforeAll(async () => {
      b = startScript(FIXTURE, 240_000, [], ['--namespace', namespace, '--url', REDIS_URL, '--mode', 'serve']);
      client = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
      container = createCacheContainer();
      const handler = new RecordingErrorHandler();
      handler.reports.push = (...items) => reports.push(...items);
      container.rebind(CacheErrorHandler).toConstantValue(handler);
      container.load(redisTierModule({ client, namespace }));
      manager = container.get(CacheManager);
      get = manager.wrap(
        async (id: string) => {
          loadsA++;
          await new Promise((resolve) => setTimeout(resolve, 20));
          return { id, by: process.pid, n: loadsA, token: Math.random().toString(36).slice(2) };
        },
        { shared: { name: 'get' }, tags: ['item:{id}'], expiration: '1 hour' },
      );
      await b.waitForLine((line) => line.event === 'ready', START_LIMIT_MS);
    }, START_LIMIT_MS + 5_000);

    afterAll(async () => {
      try {
        await inB('exit').catch(() => undefined);
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([b.exited, new Promise((resolve) => (timer = setTimeout(resolve, 5_000)))]);
        clearTimeout(timer);
      } finally {
        await b.kill();
        await container.unbindAllAsync();
        await client.quit();
        await deleteNamespace(admin, namespace);
      }
      expect(reports).toEqual([]);
      expect(b.lines.filter((line) => line.event === 'report')).toEqual([]);
    });

    /** A value cached in both processes: fetched by A, read from Redis by B. */
    async function cachedInBoth(id: string): Promise<Answer> {
      const fetched = await get(id);
      await expect(inB('call', id)).resolves.toEqual(fetched);
      await expect(inB('has', id)).resolves.toBe(true);
      return fetched;
    }

    it('answers from Redis in a process whose memory tier is empty (an L2 hit, no fetch)', async () => {
      const before = await inB<{ loads: number; stats: Done['stats'] }>('stats');
      const fetched = await cachedInBoth('l2');
      expect(fetched.by).toBe(process.pid);
      const after = await inB<{ loads: number; stats: Done['stats'] }>('stats');
      expect(after.loads).toBe(before.loads);
      expect(after.stats.shared.hits).toBe(before.stats.shared.hits + 1);
    });

    it('invalidate() in A drops B’s copy: B’s next call fetches', async () => {
      const fetched = await cachedInBoth('inv');
      await expect(get.invalidate('inv')).resolves.toBe(true);
      await pollUntil('B dropped its copy', async () => !(await inB<boolean>('has', 'inv')));
      const again = await inB<Answer>('call', 'inv');
      expect(again.by).not.toBe(process.pid);
      expect(again.token).not.toBe(fetched.token);
    });

    it('invalidateTags() in A drops B’s copy, and the old record in Redis reads as missing', async () => {
      const fetched = await cachedInBoth('tag');
      await expect(manager.invalidateTags(['item:tag'])).resolves.toBe(1);
      await pollUntil('B dropped its copy', async () => !(await inB<boolean>('has', 'tag')));
      const again = await inB<Answer>('call', 'tag');
      expect(again.token).not.toBe(fetched.token);
      expect(again.by).not.toBe(process.pid);
    });

    it('invalidateTags() from a manager that has served no shared cache yet still reaches Redis and B', async () => {
      const fetched = await cachedInBoth('fresh');
      const freshContainer = createCacheContainer();
      freshContainer.load(redisTierModule({ client, namespace }));
      try {
        await expect(freshContainer.get(CacheManager).invalidateTags(['item:fresh'])).resolves.toBe(0);
        // No cache tells how long a record carrying the tag may live: its time is kept forever.
        expect(await admin.pttl(`${namespace}:{${namespace}:tags}:item:fresh`)).toBe(-1);
        await pollUntil('B dropped its copy', async () => !(await inB<boolean>('has', 'fresh')));
        await pollUntil('A dropped its copy', () => !get.has('fresh'));
        const again = await inB<Answer>('call', 'fresh');
        expect(again.token).not.toBe(fetched.token);
      } finally {
        await freshContainer.unbindAllAsync();
      }
    });

    it('clearCache() in A deletes the records and drops B’s copies', async () => {
      await cachedInBoth('c1');
      await cachedInBoth('c2');
      await get.clearCache();
      expect(await admin.keys(`${namespace}:get:1:*`)).toEqual([]); // KEYS only here, in a test, on a tiny namespace
      await pollUntil('B dropped its copies', async () => !(await inB<boolean>('has', 'c1')));
      await expect(inB('has', 'c2')).resolves.toBe(false);
    });

    it('set() in B replaces A’s copy: A’s next call reads the new value from Redis', async () => {
      await cachedInBoth('set');
      const value: Answer = { id: 'set', by: 0, n: 0, token: 'set-by-b' };
      await inB('set', ['set', value]);
      await pollUntil('A dropped its copy', () => !get.has('set'));
      const loads = loadsA;
      await expect(get('set')).resolves.toEqual(value);
      expect(loadsA).toBe(loads);
    });
  });
});
