/**
 * Type test of `cachewright/redis` as an ioredis 6 user compiles it: `tsconfig.types.ioredis6.json`
 * maps `ioredis` to ioredis 6 (the `ioredis6` dev dependency) for this file and for `src/`, so the
 * options name ioredis 6's `Redis` and `Cluster`. (Outside tsconfig.json, which maps `ioredis` to 5.)
 */
import { Cluster, Redis } from 'ioredis';
import { redisTierModule, RedisSharedTier } from '../../../src/redis';

const legacy = new Redis({ lazyConnect: true });
const resp3 = new Redis({ lazyConnect: true, protocol: 3, replyMapping: 'resp3' });
const cluster = new Cluster([{ host: '127.0.0.1', port: 7000 }], { lazyConnect: true });
redisTierModule({ client: legacy, namespace: 'n' });
redisTierModule({ client: resp3, namespace: 'n' });
redisTierModule({ client: cluster, namespace: 'n', subscriber: cluster.duplicate() });
void new RedisSharedTier({ client: legacy, namespace: 'n', subscriber: resp3 });
// @ts-expect-error a URL is not a client
redisTierModule({ client: 'redis://localhost', namespace: 'n' });
