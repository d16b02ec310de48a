/**
 * The conformance suite every `SharedTier` implementation runs (bentocache-style): records, leases,
 * fill notifications, the bus, tag times and closing, seen from several tiers of one namespace,
 * each standing for another process. Real time, every wait bounded.
 *
 * @packageDocumentation
 */
import {
  SerializationError,
  SharedTierError,
  SharedTierUnavailableError,
  sharedKeyPrefix,
  sharedRecordKey,
  type ReceivedBusMessage,
  type SharedRecord,
  type SharedTier,
} from '../../../src';

/** What an implementation's test gives the suite. */
export interface SharedTierHarness {
  /** The namespace every tier of this run shares (unique per run). */
  readonly namespace: string;
  /**
   * A new tier of the namespace, on connections of its own (another process, as far as the tier
   * can tell). The suite closes it after each test.
   */
  create(options?: { lockTimeoutMs?: number }): SharedTier | Promise<SharedTier>;
  /** Resolves once `tier` hears bus messages (a fresh subscriber may still be connecting). */
  ready(tier: SharedTier): Promise<void>;
  /** Makes the lease on `key` lapse at once, as if its holder had stopped renewing it. */
  expireLease(key: string): Promise<void>;
}

/** Polls `check` every 10 ms for at most 2 s. */
async function eventually(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after 2000 ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A record created now, fresh for `freshMs` and usable for `usableMs`. */
export function recordOf(value: unknown, freshMs = 60_000, usableMs = freshMs, tags: string[] = []): SharedRecord {
  const now = Date.now();
  return { value, createdAt: now, freshUntil: now + freshMs, usableUntil: now + usableMs, tags };
}

export function describeSharedTierContract(name: string, harness: () => SharedTierHarness): void {
  describe(`${name} (SharedTier contract)`, () => {
    const tiers: SharedTier[] = [];
    let cache = 0;
    /** A fresh cache name per test, so tests never share keys. */
    let names: { prefix: string; key: (args: string) => string };

    const tier = async (options?: { lockTimeoutMs?: number }): Promise<SharedTier> => {
      const created = await harness().create(options);
      tiers.push(created);
      await harness().ready(created);
      return created;
    };

    beforeEach(() => {
      const { namespace } = harness();
      const cacheName = `contract${++cache}`;
      names = {
        prefix: sharedKeyPrefix(namespace, cacheName, 1),
        key: (args) => sharedRecordKey(namespace, cacheName, 1, args),
      };
    });

    afterEach(async () => {
      await Promise.all(tiers.splice(0).map((t) => t.close()));
    });

    describe('read() / write()', () => {
      it('reads a missing key as undefined', async () => {
        await expect((await tier()).read(names.key('missing'))).resolves.toBeUndefined();
      });

      it('round-trips a record written by another tier: value, times and tags', async () => {
        const [a, b] = [await tier(), await tier()];
        const record = recordOf({ id: 7, at: new Date(5) }, 10_000, 20_000, ['user:7', 'users']);
        await expect(a.write(names.key('7'), record)).resolves.toBe(true);
        await expect(b.read(names.key('7'))).resolves.toEqual(record);
      });

      it('stores a record usable forever without expiry', async () => {
        const t = await tier();
        const record = { ...recordOf('forever'), freshUntil: Infinity, usableUntil: Infinity };
        await t.write(names.key('f'), record);
        await expect(t.read(names.key('f'))).resolves.toEqual(record);
      });

      it('writes nothing for a record that is no longer usable', async () => {
        const t = await tier();
        await expect(t.write(names.key('old'), recordOf('old', -10, -1))).resolves.toBe(false);
        await expect(t.read(names.key('old'))).resolves.toBeUndefined();
      });

      it('reads a record as missing once its usable-until has passed', async () => {
        const t = await tier();
        await t.write(names.key('short'), recordOf('short', 20, 40));
        await expect(t.read(names.key('short'))).resolves.toMatchObject({ value: 'short' });
        await eventually('the record reads as missing', async () => (await t.read(names.key('short'))) === undefined);
      });

      it('rejects a value the serializer cannot encode with a shared-write error caused by SerializationError', async () => {
        const t = await tier();
        const error = await t
          .write(
            names.key('fn'),
            recordOf(() => 1),
          )
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SharedTierError);
        expect(error).toMatchObject({ operation: 'shared-write', code: 'E_SHARED_TIER' });
        expect((error as Error).cause).toBeInstanceOf(SerializationError);
        expect(t.available).toBe(true);
      });
    });

    describe('delete() / deletePrefix()', () => {
      it('deletes the keys given and counts those that existed', async () => {
        const t = await tier();
        await t.write(names.key('a'), recordOf('a'));
        await t.write(names.key('b'), recordOf('b'));
        await expect(t.delete([names.key('a'), names.key('nope')])).resolves.toBe(1);
        await expect(t.read(names.key('a'))).resolves.toBeUndefined();
        await expect(t.read(names.key('b'))).resolves.toMatchObject({ value: 'b' });
      });

      it('deletes every key under a prefix, past one scan step, and nothing outside it', async () => {
        const t = await tier();
        const { namespace } = harness();
        const cacheName = `prefix${cache}`;
        const inside = Array.from({ length: 1_200 }, (_, i) => sharedRecordKey(namespace, cacheName, 1, String(i)));
        const otherVersion = sharedRecordKey(namespace, cacheName, 2, '0');
        const otherName = sharedRecordKey(namespace, `${cacheName}x`, 1, '0');
        const all = [...inside, otherVersion, otherName];
        // In batches: 1,200 writes at once could outlast the command timeout on a loaded machine.
        for (let i = 0; i < all.length; i += 100) {
          await Promise.all(all.slice(i, i + 100).map((key) => t.write(key, recordOf(key))));
        }
        await expect(t.deletePrefix(sharedKeyPrefix(namespace, cacheName, 1))).resolves.toBe(1_200);
        await expect(t.read(inside[0])).resolves.toBeUndefined();
        await expect(t.read(inside[1_199])).resolves.toBeUndefined();
        await expect(t.read(otherVersion)).resolves.toMatchObject({ value: otherVersion });
        await expect(t.read(otherName)).resolves.toMatchObject({ value: otherName });
        await t.delete([otherVersion, otherName]);
      });

      it('refuses a prefix outside its namespace', async () => {
        const t = await tier();
        await expect(t.deletePrefix('')).rejects.toBeInstanceOf(SharedTierError);
        await expect(t.deletePrefix('elsewhere:f:1:')).rejects.toMatchObject({ operation: 'shared-write' });
      });
    });

    describe('acquireLease()', () => {
      it('grants a key to one holder at a time, across tiers', async () => {
        const [a, b] = [await tier(), await tier()];
        const key = names.key('lease');
        const results = await Promise.all([a.acquireLease(key), b.acquireLease(key), a.acquireLease(key)]);
        expect(results.filter((lease) => lease !== null)).toHaveLength(1);
        const held = results.find((lease) => lease !== null)!;
        expect(held.held).toBe(true);
        expect(held.key).toBe(key);
        await expect(held.release()).resolves.toBe(true);
        expect(held.held).toBe(false);
        const next = await b.acquireLease(key);
        expect(next).not.toBeNull();
        await next!.release();
      });

      it('releases only its own lease: one taken by another after this one lapsed stays', async () => {
        const [a, b] = [await tier({ lockTimeoutMs: 300 }), await tier()];
        const faults: SharedTierError[] = [];
        a.listen({ fault: (error) => faults.push(error) });
        const key = names.key('lapsed');
        const first = (await a.acquireLease(key))!;
        await harness().expireLease(key);
        const second = (await b.acquireLease(key))!;
        expect(second).not.toBeNull();
        // The first lease's next renewal (at half its 300 ms) finds the token changed.
        await eventually('the first lease knows it is lost', () => !first.held);
        expect(faults).toEqual([expect.objectContaining({ operation: 'shared-lock' })]);
        await expect(first.release()).resolves.toBe(false);
        await expect(a.acquireLease(key)).resolves.toBeNull();
        await expect(second.release()).resolves.toBe(true);
      });

      it('renews itself while held: nobody else gets it past its lock timeout', async () => {
        const [a, b] = [await tier({ lockTimeoutMs: 500 }), await tier()];
        const key = names.key('renewed');
        const lease = (await a.acquireLease(key))!;
        await new Promise((resolve) => setTimeout(resolve, 1_200)); // two lease times and more
        expect(lease.held).toBe(true);
        await expect(b.acquireLease(key)).resolves.toBeNull();
        await lease.release();
        const after = await b.acquireLease(key);
        expect(after).not.toBeNull();
        await after!.release();
      });
    });

    describe('waitForFill()', () => {
      it('wakes a waiter of another tier with the record as soon as the holder fills it', async () => {
        const [holder, waiter] = [await tier(), await tier()];
        const key = names.key('fill');
        const lease = (await holder.acquireLease(key))!;
        await expect(waiter.acquireLease(key)).resolves.toBeNull();
        const waiting = waiter.waitForFill(key);
        await new Promise((resolve) => setTimeout(resolve, 50));
        const filledAt = Date.now();
        await lease.fill(recordOf({ answer: 42 }));
        const outcome = await waiting;
        const wokeAfterMs = Date.now() - filledAt;
        expect(outcome).toMatchObject({ kind: 'filled', record: { value: { answer: 42 } } });
        expect(wokeAfterMs).toBeLessThan(1_000); // the lock timeout is 5 s
        expect(lease.held).toBe(false);
        const next = await waiter.acquireLease(key);
        expect(next).not.toBeNull(); // the fill released the lease
        await next!.release();
      });

      it('tells the waiters when the holder failed', async () => {
        const [holder, waiter] = [await tier(), await tier()];
        const key = names.key('failed');
        const lease = (await holder.acquireLease(key))!;
        const waiting = waiter.waitForFill(key);
        await new Promise((resolve) => setTimeout(resolve, 50));
        await lease.fail();
        await expect(waiting).resolves.toEqual({ kind: 'failed' });
        await expect(waiter.read(key)).resolves.toBeUndefined();
      });

      it('sees a fill that happened before the wait was registered (no lost notification)', async () => {
        const [holder, waiter] = [await tier(), await tier()];
        const key = names.key('early');
        const lease = (await holder.acquireLease(key))!;
        await lease.fill(recordOf('early'));
        await expect(waiter.waitForFill(key)).resolves.toMatchObject({ kind: 'filled', record: { value: 'early' } });
      });

      it('ignores a record not newer than newerThan: the wait ends with the fill that replaces it', async () => {
        const [holder, waiter] = [await tier(), await tier()];
        const key = names.key('newer');
        const seen = recordOf('stale', -1_000, 60_000);
        await holder.write(key, seen);
        const lease = (await holder.acquireLease(key))!;
        const waiting = waiter.waitForFill(key, { newerThan: seen.createdAt });
        await new Promise((resolve) => setTimeout(resolve, 50));
        const next = { ...recordOf('fresh'), createdAt: seen.createdAt + 1 };
        await lease.fill(next);
        await expect(waiting).resolves.toEqual({ kind: 'filled', record: next });
        const vacant = waiter.waitForFill(key, { newerThan: next.createdAt });
        await expect(vacant).resolves.toEqual({ kind: 'vacant' }); // nothing newer, and no lease
      });

      it('ends vacant when there is neither a record nor a lease', async () => {
        const [holder, waiter] = [await tier(), await tier()];
        const key = names.key('vacant');
        const lease = (await holder.acquireLease(key))!;
        await lease.release();
        await expect(waiter.waitForFill(key)).resolves.toEqual({ kind: 'vacant' });
      });

      it('ends with a timeout after timeoutMs when nobody fills', async () => {
        const [holder, waiter] = [await tier(), await tier()];
        const key = names.key('slow');
        const lease = (await holder.acquireLease(key))!;
        const started = Date.now();
        await expect(waiter.waitForFill(key, { timeoutMs: 100 })).resolves.toEqual({ kind: 'timeout' });
        expect(Date.now() - started).toBeGreaterThanOrEqual(95);
        await lease.release();
      });

      it('ends when its signal is aborted, with the reason', async () => {
        const [holder, waiter] = [await tier(), await tier()];
        const key = names.key('aborted');
        const lease = (await holder.acquireLease(key))!;
        const controller = new AbortController();
        const waiting = waiter.waitForFill(key, { signal: controller.signal });
        controller.abort('caller gave up');
        await expect(waiting).resolves.toEqual({ kind: 'aborted', reason: 'caller gave up' });
        await expect(waiter.waitForFill(key, { signal: controller.signal })).resolves.toMatchObject({
          kind: 'aborted',
        });
        await lease.release();
      });
    });

    describe('publish() / listen()', () => {
      it('delivers a message to the other tiers with its origin, never back to its sender', async () => {
        const [a, b] = [await tier(), await tier()];
        const atA: ReceivedBusMessage[] = [];
        const atB: ReceivedBusMessage[] = [];
        a.listen({ message: (m) => atA.push(m) });
        b.listen({ message: (m) => atB.push(m) });
        await a.publish({ type: 'invalidate', keys: [names.key('1')] });
        await a.publish({ type: 'clear', prefix: names.prefix });
        await a.publish({ type: 'tags', tags: ['t'], at: 1_000 });
        await a.publish({ type: 'replace', keys: [names.key('2')] });
        await eventually('b received four messages', () => atB.length === 4);
        // In any order: on a Redis Cluster, messages sent through different nodes may overtake each other.
        expect(atB).toHaveLength(4);
        expect(atB).toEqual(
          expect.arrayContaining([
            { type: 'invalidate', keys: [names.key('1')], origin: a.origin },
            { type: 'clear', prefix: names.prefix, origin: a.origin },
            { type: 'tags', tags: ['t'], at: 1_000, origin: a.origin },
            { type: 'replace', keys: [names.key('2')], origin: a.origin },
          ]),
        );
        await b.publish({ type: 'invalidate', keys: ['x'] });
        await eventually('a received b’s message', () => atA.length === 1);
        expect(atA[0].origin).toBe(b.origin);
        expect(a.origin).not.toBe(b.origin);
      });

      it('stops delivering to a listener once removed', async () => {
        const [a, b] = [await tier(), await tier()];
        const seen: ReceivedBusMessage[] = [];
        const stop = b.listen({ message: (m) => seen.push(m) });
        const other: ReceivedBusMessage[] = [];
        b.listen({ message: (m) => other.push(m) });
        stop();
        await a.publish({ type: 'invalidate', keys: ['k'] });
        await eventually('the remaining listener got it', () => other.length === 1);
        expect(seen).toEqual([]);
      });

      it('rejects a malformed message with a shared-bus error', async () => {
        const t = await tier();
        await expect(t.publish({ type: 'clear', prefix: '' })).rejects.toMatchObject({ operation: 'shared-bus' });
        await expect(t.publish({ type: 'nope' } as never)).rejects.toBeInstanceOf(SharedTierError);
      });
    });

    describe('raiseTagTimes() / readTagTimes()', () => {
      it('raises tag times, never lowers them, and reads 0 for a tag never invalidated', async () => {
        const [a, b] = [await tier(), await tier()];
        const tag = (t: string): string => `${names.prefix}${t}`;
        await a.raiseTagTimes([tag('x'), tag('y')], 2_000, 60_000);
        await b.raiseTagTimes([tag('x')], 1_000, 60_000); // a late writer with an older time
        await b.raiseTagTimes([tag('y')], 3_000, 60_000);
        await expect(a.readTagTimes([tag('x'), tag('y'), tag('z')])).resolves.toEqual([2_000, 3_000, 0]);
        await expect(a.readTagTimes([])).resolves.toEqual([]);
      });

      it('rejects impossible times with a shared-write error', async () => {
        const t = await tier();
        await expect(t.raiseTagTimes(['t'], Number.NaN, 1_000)).rejects.toMatchObject({ operation: 'shared-write' });
        await expect(t.raiseTagTimes(['t'], 1_000, 0)).rejects.toBeInstanceOf(SharedTierError);
      });
    });

    describe('close()', () => {
      it('ends pending waits as lost, turns unavailable and fails later calls fast', async () => {
        const [holder, waiter] = [await tier(), await tier()];
        const key = names.key('closing');
        const lease = (await holder.acquireLease(key))!;
        const waiting = waiter.waitForFill(key);
        await new Promise((resolve) => setTimeout(resolve, 50));
        await waiter.close();
        await waiter.close(); // idempotent
        await expect(waiting).resolves.toEqual({ kind: 'lost' });
        expect(waiter.available).toBe(false);
        await expect(waiter.read(key)).rejects.toBeInstanceOf(SharedTierUnavailableError);
        await expect(waiter.waitForFill(key)).rejects.toBeInstanceOf(SharedTierUnavailableError);
        await lease.release();
      });
    });
  });
}
