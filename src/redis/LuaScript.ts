import { createHash } from 'node:crypto';
import type { RedisConnection } from './RedisConnection';

type Argument = string | Buffer | number;

/**
 * A Lua script run by its SHA-1 (`EVALSHA`), sent in full (`EVAL`) only when the server does not
 * know it yet (`NOSCRIPT`: first use, a restart, a failover). The user's client is not modified
 * (no `defineCommand`). Keys go through the client's `keyPrefix` like any command's.
 * @internal
 */
export class LuaScript {
  readonly #source: string;
  readonly #sha: string;

  constructor(source: string) {
    this.#source = source;
    this.#sha = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script with string replies. */
  async run(connection: RedisConnection, keys: readonly string[], args: readonly Argument[]): Promise<unknown> {
    try {
      return await connection.evalsha(this.#sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      return connection.eval(this.#source, keys.length, ...keys, ...args);
    }
  }

  /** Runs the script with bulk replies as `Buffer`s. */
  async runBuffer(connection: RedisConnection, keys: readonly string[], args: readonly Argument[]): Promise<unknown> {
    try {
      return await connection.evalshaBuffer(this.#sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      return connection.evalBuffer(this.#source, keys.length, ...keys, ...args);
    }
  }
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}
