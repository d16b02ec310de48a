import type { RedisCommandRunner } from './RedisCommandRunner';
import type { RedisConnection } from './RedisConnection';

/** Keys asked for per `SCAN` step; the step's `UNLINK` deletes what it found before the next one. */
const SCAN_COUNT = 500;

/**
 * Deletes keys: given ones with `UNLINK` (one command standalone, one per key on a cluster, whose
 * keys live in different slots), and every key under a prefix with `SCAN MATCH prefix*` (never `KEYS`) and `UNLINK`, one bounded
 * command at a time: on a standalone server the server itself, on a `Cluster` every master node (each
 * scanned separately; keys are unlinked through the cluster client, which routes each to its slot).
 * The client's `keyPrefix` is added to the pattern and taken off the keys found (ioredis adds it to
 * keys but not to patterns).
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
    const keyPrefix = this.#client.options.keyPrefix ?? '';
    const pattern = escapeGlob(keyPrefix + prefix) + '*';
    const nodes = this.#client.isCluster ? (this.#client.nodes?.('master') ?? []) : [this.#client];
    let deleted = 0;
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, found] = await this.#runner.run('shared-write', 'SCAN', pattern, () =>
          node.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT),
        );
        cursor = next;
        const keys = found.map((key) => (key.startsWith(keyPrefix) ? key.slice(keyPrefix.length) : key));
        if (keys.length > 0) deleted += await this.unlink(keys);
      } while (cursor !== '0');
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
