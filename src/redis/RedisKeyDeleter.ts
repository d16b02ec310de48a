import { SharedTierError } from '../contracts/errors/SharedTierError';
import type { RedisCommandRunner } from './RedisCommandRunner';
import type { RedisConnection } from './RedisConnection';

/** Keys asked for per `SCAN` step; the step's `UNLINK` deletes what it found before the next one. */
const SCAN_COUNT = 500;

/**
 * Deletes keys. Given keys: one `UNLINK` on a standalone server, one per key on a cluster (their
 * slots differ). A prefix: `SCAN MATCH prefix*` (never `KEYS`), one bounded step at a time, on the
 * standalone server or on every master of a `Cluster` (each scanned separately), each step's keys
 * unlinked before the next step (on a cluster node, in one pipeline of single-key `UNLINK`s). The
 * client's `keyPrefix` is added to the pattern and taken off the keys found (ioredis adds it to key
 * arguments, not to patterns nor to the keys `SCAN` returns).
 * @internal
 */
export class RedisKeyDeleter {
  readonly #client: RedisConnection;
  readonly #runner: RedisCommandRunner;

  constructor(client: RedisConnection, runner: RedisCommandRunner) {
    this.#client = client;
    this.#runner = runner;
  }

  /** Deletes the keys starting with `prefix` (without the client's `keyPrefix`); resolves how many. */
  async deletePrefix(prefix: string): Promise<number> {
    const pattern = escapeGlob((this.#client.options.keyPrefix ?? '') + prefix) + '*';
    const nodes = this.#client.isCluster ? (this.#client.nodes?.('master') ?? []) : [this.#client];
    let deleted = 0;
    for (const node of nodes) {
      // What the node's own connection adds to key arguments (scanned keys come back whole).
      const nodePrefix = node.options.keyPrefix ?? '';
      let cursor = '0';
      do {
        const [next, found] = await this.#runner.run('shared-write', 'SCAN', pattern, () =>
          node.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT),
        );
        cursor = next;
        const keys = found.map((key) => (key.startsWith(nodePrefix) ? key.slice(nodePrefix.length) : key));
        if (keys.length > 0) deleted += await this.#unlinkOn(node, keys);
      } while (cursor !== '0');
    }
    return deleted;
  }

  /**
   * `UNLINK`s keys one node holds, in one round trip: one command on a standalone server, a
   * pipeline of single-key `UNLINK`s on a cluster node (its keys may lie in different slots).
   */
  async #unlinkOn(node: RedisConnection, keys: readonly string[]): Promise<number> {
    if (!this.#client.isCluster) return this.unlink(keys);
    const replies = await this.#runner.run('shared-write', 'UNLINK', keys[0], async () => {
      const pipeline = node.pipeline();
      for (const key of keys) pipeline.unlink(key);
      return (await pipeline.exec()) ?? [];
    });
    let deleted = 0;
    for (const [error, count] of replies) {
      if (error) throw new SharedTierError('shared-write', 'UNLINK', error.message, { key: keys[0], cause: error });
      deleted += Number(count);
    }
    return deleted;
  }

  /** `UNLINK`s `keys` (without `keyPrefix`): in one command standalone, one per key on a cluster. */
  async unlink(keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return 0;
    if (!this.#client.isCluster) {
      return this.#runner.run('shared-write', 'UNLINK', keys[0], () => this.#client.unlink(...keys));
    }
    const counts = await Promise.all(
      keys.map((key) => this.#runner.run('shared-write', 'UNLINK', key, () => this.#client.unlink(key))),
    );
    return counts.reduce((sum, count) => sum + count, 0);
  }
}

/** Escapes the glob characters of Redis `MATCH` patterns. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
