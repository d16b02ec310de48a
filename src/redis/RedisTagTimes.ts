import { SharedTierError } from '../contracts/errors/SharedTierError';
import type { RedisCommandRunner } from './RedisCommandRunner';
import type { RedisConnection } from './RedisConnection';
import { RAISE_TAGS_SCRIPT } from './scripts';

/**
 * Tag invalidation times under `namespace:{namespace:tags}:<tag>`: one hash slot per namespace (the
 * namespace is in the hash tag, so namespaces spread over a cluster's slots), so one Lua
 * script raises several (compare and `MAX`, never lowering, TTL only extended) and one `MGET`
 * reads several, on a cluster too.
 * @internal
 */
export class RedisTagTimes {
  readonly #client: RedisConnection;
  readonly #runner: RedisCommandRunner;
  readonly #prefix: string;

  constructor(client: RedisConnection, runner: RedisCommandRunner, namespace: string) {
    this.#client = client;
    this.#runner = runner;
    this.#prefix = `${namespace}:{${namespace}:tags}:`;
  }

  /** {@inheritDoc SharedTier.raiseTagTimes} */
  async raise(tags: readonly string[], at: number, keepMs: number): Promise<void> {
    if (!(at > 0 && at !== Infinity) || !(keepMs > 0)) {
      throw new SharedTierError(
        'shared-write',
        'EVALSHA raise-tags',
        `expected at > 0 (finite) and keepMs > 0, got at = ${at}, keepMs = ${keepMs}`,
      );
    }
    if (tags.length === 0) return;
    const keys = tags.map((tag) => this.#prefix + tag);
    const keep = keepMs === Infinity ? 0 : Math.ceil(keepMs);
    await this.#runner.run('shared-write', 'EVALSHA raise-tags', keys[0], () =>
      RAISE_TAGS_SCRIPT.run(this.#client, keys, [Math.floor(at), keep]),
    );
  }

  /** {@inheritDoc SharedTier.readTagTimes} */
  async read(tags: readonly string[]): Promise<number[]> {
    if (tags.length === 0) return [];
    const keys = tags.map((tag) => this.#prefix + tag);
    const values = await this.#runner.run('shared-read', 'MGET', keys[0], () => this.#client.mget(...keys));
    return values.map((value) => (value === null ? 0 : Number(value) || 0));
  }
}
