/**
 * Type tests of the shared tier (checked by `npm run test:types`, never run): a custom `SharedTier`,
 * `SharedLease` and `Serializer` implement the tokens with `override` and nothing of a client's
 * types; `cachewright/redis` takes an ioredis 5 `Redis` or `Cluster`. (ioredis 6 clients, including
 * one with `replyMapping: 'resp3'`, are checked by `ioredis6/redis6.types.ts` with `ioredis` mapped
 * to ioredis 6.)
 */
import { expectTypeOf } from 'expect-type';
import { Cluster, Redis } from 'ioredis';
import { ContainerModule } from 'inversify';
import {
  createCacheContainer,
  JsonSerializer,
  Serializer,
  SharedLease,
  SharedTier,
  SharedTierError,
  type ReceivedBusMessage,
  type SharedBusMessage,
  type SharedFillOutcome,
  type SharedFillWaitOptions,
  type SharedRecord,
  type SharedTierListener,
  type SharedTierOperation,
} from '../../src';
import { redisTierModule, RedisSharedTier, type RedisTierOptions } from '../../src/redis';

class MemoryLease extends SharedLease {
  override readonly key = 'k';
  override readonly held = true;
  override async fill(_record: SharedRecord): Promise<void> {}
  override async fail(): Promise<void> {}
  override async release(): Promise<boolean> {
    return true;
  }
}

class MemoryTier extends SharedTier {
  override readonly origin = 'me';
  override readonly namespace = 'memory';
  override readonly available = true;
  override async read(_key: string): Promise<SharedRecord | undefined> {
    return undefined;
  }
  override async write(_key: string, _record: SharedRecord): Promise<boolean> {
    return true;
  }
  override async delete(keys: readonly string[]): Promise<number> {
    return keys.length;
  }
  override async deletePrefix(_prefix: string): Promise<number> {
    return 0;
  }
  override async acquireLease(_key: string): Promise<SharedLease | null> {
    return new MemoryLease();
  }
  override async waitForFill(_key: string, _options?: SharedFillWaitOptions): Promise<SharedFillOutcome> {
    return { kind: 'vacant' };
  }
  override async publish(_message: SharedBusMessage): Promise<void> {}
  override listen(_listener: SharedTierListener): () => void {
    return () => undefined;
  }
  override async raiseTagTimes(_tags: readonly string[], _at: number, _keepMs: number): Promise<void> {}
  override async readTagTimes(tags: readonly string[]): Promise<number[]> {
    return tags.map(() => 0);
  }
  override async close(): Promise<void> {}
}

class Base64Serializer extends Serializer {
  override serialize(value: unknown): Buffer {
    return Buffer.from(String(value), 'base64');
  }
  override deserialize(buffer: Buffer): unknown {
    return buffer.toString('base64');
  }
}

const container = createCacheContainer();
container.bind(SharedTier).to(MemoryTier).inSingletonScope();
container.bind(Serializer).to(Base64Serializer);

// The fill outcomes narrow on `kind`; only `filled` carries a record.
declare const outcome: SharedFillOutcome;
if (outcome.kind === 'filled') expectTypeOf(outcome.record).toEqualTypeOf<SharedRecord>();
// @ts-expect-error a vacant wait has no record
void (outcome.kind === 'vacant' && outcome.record);

// Bus messages: keys for invalidate/replace, a prefix for clear, tags and a time for tags.
const messages: SharedBusMessage[] = [
  { type: 'invalidate', keys: ['k'] },
  { type: 'replace', keys: ['k'] },
  { type: 'clear', prefix: 'ns:f:1:' },
  { type: 'tags', tags: ['t'], at: 1 },
];
// @ts-expect-error a clear message names a prefix, not keys
messages.push({ type: 'clear', keys: ['k'] });
declare const received: ReceivedBusMessage;
expectTypeOf(received.origin).toEqualTypeOf<string>();

// Errors carry the operation the cache reports with.
declare const error: SharedTierError;
expectTypeOf(error.operation).toEqualTypeOf<SharedTierOperation>();
expectTypeOf<SharedTierOperation>().toEqualTypeOf<'shared-read' | 'shared-write' | 'shared-lock' | 'shared-bus'>();

// cachewright/redis with ioredis 5 clients.
const client = new Redis({ lazyConnect: true });
expectTypeOf(redisTierModule({ client, namespace: 'orders' })).toEqualTypeOf<ContainerModule>();
redisTierModule({
  client: new Cluster([{ host: '127.0.0.1', port: 7000 }]),
  namespace: 'orders',
  serializer: new JsonSerializer(),
  commandTimeout: '250 ms'.length > 0 ? 0.25 : '1 second',
  lockTimeout: '5 seconds',
  breakerThreshold: 5,
  breakerDuration: 5,
});
const tier: SharedTier = new RedisSharedTier({ client, namespace: 'orders', subscriber: client.duplicate() });
void tier;
// @ts-expect-error a URL is not a client: pass an ioredis instance
redisTierModule({ client: 'redis://localhost', namespace: 'orders' });
// @ts-expect-error the namespace is required
const missing: RedisTierOptions = { client };
void missing;
