/**
 * The part of an ioredis `Redis` or `Cluster` the tier uses, typed loosely enough for ioredis 5 and 6
 * and both client kinds (their overloads differ by version and reply mapping). The tier casts the
 * user's client to it once; nothing here loads ioredis.
 * @internal
 */
export interface RedisConnection {
  readonly isCluster: boolean;
  readonly status: string;
  readonly options: { readonly keyPrefix?: string };
  getBuffer(key: string): Promise<Buffer | null>;
  set(key: string, value: Buffer | string, ...args: Array<string | number>): Promise<string | null>;
  mget(...keys: string[]): Promise<Array<string | null>>;
  get(key: string): Promise<string | null>;
  unlink(...keys: string[]): Promise<number>;
  scan(cursor: string, ...args: Array<string | number>): Promise<[cursor: string, keys: string[]]>;
  publish(channel: string, message: string): Promise<number>;
  evalsha(sha: string, numberOfKeys: number, ...keysAndArgs: Array<string | Buffer | number>): Promise<unknown>;
  eval(script: string, numberOfKeys: number, ...keysAndArgs: Array<string | Buffer | number>): Promise<unknown>;
  evalshaBuffer(sha: string, numberOfKeys: number, ...keysAndArgs: Array<string | Buffer | number>): Promise<unknown>;
  evalBuffer(script: string, numberOfKeys: number, ...keysAndArgs: Array<string | Buffer | number>): Promise<unknown>;
  subscribe(...channels: string[]): Promise<unknown>;
  unsubscribe(...channels: string[]): Promise<unknown>;
  duplicate(): RedisConnection;
  /** Cluster only: the node connections of one role. */
  nodes?(role: 'master' | 'slave' | 'all'): RedisConnection[];
  pipeline(): { unlink(key: string): unknown; exec(): Promise<Array<[Error | null, unknown]> | null> };
  quit(): Promise<unknown>;
  disconnect(): void;
  /** A standalone client's socket (none on a `Cluster`, or before it connects). */
  readonly stream?: { readonly destroyed: boolean; destroy(): void; emit(event: 'close'): boolean };
  on(event: string, listener: (...args: never[]) => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
}
