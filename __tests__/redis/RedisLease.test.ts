import { SharedRecordCodec, SharedTierError, V8Serializer } from '../../src';
import { ConsecutiveFailureBreaker } from '../../src/redis/ConsecutiveFailureBreaker';
import { RedisCommandRunner } from '../../src/redis/RedisCommandRunner';
import type { RedisConnection } from '../../src/redis/RedisConnection';
import { RedisLease } from '../../src/redis/RedisLease';
import type { RedisTierContext } from '../../src/redis/RedisTierContext';
import { useFakeTimeAtT0 } from '../support/fakeTime';

/** A connection whose scripts answer what the test says; renewals and releases are told apart by their arguments. */
function harness(threshold = 5) {
  const evalsha = jest.fn<Promise<unknown>, [string, number, ...Array<string | number | Buffer>]>(() =>
    Promise.resolve(1),
  );
  const connection = { evalsha } as unknown as RedisConnection;
  const faults: SharedTierError[] = [];
  const context: RedisTierContext = {
    connection,
    runner: new RedisCommandRunner(new ConsecutiveFailureBreaker(threshold, 60_000, () => Date.now()), 250),
    codec: new SharedRecordCodec(new V8Serializer()),
    now: () => Date.now(),
    lockTimeoutMs: 1_000,
    fillChannel: 'cachewright:ns:fill',
    fault: (error) => faults.push(error),
  };
  const settled: RedisLease[] = [];
  const lease = new RedisLease('ns:f:1:{k}', 'token', context, (l) => settled.push(l));
  /** The renewal calls so far: `PEXPIRE` scripts carry the token and the lease time. */
  const renewals = (): number => evalsha.mock.calls.filter((call) => call[4] === 1_000).length;
  return { lease, evalsha, faults, settled, renewals };
}

describe(RedisLease.name, () => {
  useFakeTimeAtT0();

  describe('renewal', () => {
    it('renews every half lease (compare-and-PEXPIRE with its token) while held', async () => {
      const { lease, evalsha, renewals } = harness();
      await jest.advanceTimersByTimeAsync(499);
      expect(renewals()).toBe(0);
      await jest.advanceTimersByTimeAsync(1);
      expect(renewals()).toBe(1);
      expect(evalsha.mock.calls[0].slice(1)).toEqual([1, 'ns:f:1:{k}:lease', 'token', 1_000]);
      await jest.advanceTimersByTimeAsync(5_000);
      expect(renewals()).toBe(11);
      expect(lease.held).toBe(true);
    });

    it('stops renewing once released, and releases by compare-and-delete', async () => {
      const { lease, evalsha, renewals, settled } = harness();
      await jest.advanceTimersByTimeAsync(500);
      await expect(lease.release()).resolves.toBe(true);
      expect(evalsha.mock.calls.at(-1)!.slice(1)).toEqual([1, 'ns:f:1:{k}:lease', 'token']);
      expect(settled).toEqual([lease]);
      await jest.advanceTimersByTimeAsync(5_000);
      expect(renewals()).toBe(1);
      expect(lease.held).toBe(false);
      await expect(lease.release()).resolves.toBe(false); // settled once
    });

    it('reports a lost lease (token changed) once as a shared-lock fault and stops', async () => {
      const { lease, evalsha, faults, renewals } = harness();
      evalsha.mockResolvedValueOnce(0);
      await jest.advanceTimersByTimeAsync(500);
      expect(lease.held).toBe(false);
      expect(faults).toEqual([expect.objectContaining({ operation: 'shared-lock', command: 'EVALSHA renew' })]);
      await jest.advanceTimersByTimeAsync(5_000);
      expect(renewals()).toBe(1);
    });

    it('reports a failed renewal and retries at half the time left, keeping the lease', async () => {
      const { lease, evalsha, faults, renewals } = harness();
      evalsha.mockRejectedValueOnce(new Error('ECONNRESET'));
      await jest.advanceTimersByTimeAsync(500);
      expect(faults).toEqual([expect.objectContaining({ operation: 'shared-lock', cause: new Error('ECONNRESET') })]);
      await jest.advanceTimersByTimeAsync(249);
      expect(renewals()).toBe(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(renewals()).toBe(2);
      expect(lease.held).toBe(true);
    });

    it('lets the lease lapse (held turns false) when renewals keep timing out, without reporting skipped ones', async () => {
      const { lease, evalsha, faults } = harness(2);
      evalsha.mockImplementation(() => new Promise(() => undefined));
      await jest.advanceTimersByTimeAsync(1_000);
      expect(lease.held).toBe(false);
      await jest.advanceTimersByTimeAsync(5_000);
      expect(faults.every((f) => f.code === 'E_SHARED_TIMEOUT')).toBe(true);
      expect(faults.length).toBeLessThanOrEqual(2);
    });
  });

  describe('fill()', () => {
    it('writes, releases and notifies in one script, with PX usableUntil − now', async () => {
      const { lease, evalsha } = harness();
      await lease.fill({
        value: 'v',
        createdAt: Date.now(),
        freshUntil: Date.now() + 10,
        usableUntil: Date.now() + 2_000,
        tags: [],
      });
      const [, keys, record, leaseKey, bytes, ttl, token, channel, message] = evalsha.mock.calls[0];
      expect([keys, record, leaseKey, ttl, token, channel, message]).toEqual([
        2,
        'ns:f:1:{k}',
        'ns:f:1:{k}:lease',
        2_000,
        'token',
        'cachewright:ns:fill',
        '1ns:f:1:{k}',
      ]);
      expect(Buffer.isBuffer(bytes)).toBe(true);
      expect(lease.held).toBe(false);
    });

    it('writes nothing and tells the waiters it failed when the record is already unusable', async () => {
      const { lease, evalsha } = harness();
      await lease.fill({
        value: 'v',
        createdAt: Date.now(),
        freshUntil: Date.now(),
        usableUntil: Date.now(),
        tags: [],
      });
      const call = evalsha.mock.calls[0];
      expect([call[5], call[8]]).toEqual([-1, '0ns:f:1:{k}']);
    });

    it('rejects a value it cannot encode with shared-write, after telling the waiters it failed', async () => {
      const { lease, evalsha } = harness();
      const error = await lease
        .fill({ value: Symbol('x'), createdAt: Date.now(), freshUntil: Infinity, usableUntil: Infinity, tags: [] })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ operation: 'shared-write', command: 'serialize' });
      expect((error as Error).cause).toMatchObject({ code: 'E_SERIALIZE' });
      expect(evalsha.mock.calls[0][8]).toBe('0ns:f:1:{k}');
    });
  });
});
