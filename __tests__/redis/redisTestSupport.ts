/**
 * Shared helpers of the tests that run against the real Redis at `REDIS_URL` (never flushed: every
 * run uses a namespace of its own and deletes its keys afterwards).
 *
 * @packageDocumentation
 */
import * as ioredis5 from 'ioredis';
import type { Cluster, Redis } from 'ioredis';
import * as ioredis6 from 'ioredis6';
import { uniqueName } from '../integration/services';

/** The ioredis majors the peer range declares, each tested: `ioredis` (5.x) and `ioredis6` (6.x). */
export const IOREDIS_VERSIONS: ReadonlyArray<readonly [label: string, module: typeof ioredis5]> = [
  ['ioredis 5', ioredis5],
  // Typed as 5's module: the tests use only what both majors share.
  ['ioredis 6', ioredis6 as unknown as typeof ioredis5],
];

/** A namespace unique to this run (process, time, randomness). */
export function uniqueNamespace(label: string): string {
  return uniqueName(`cw-${label}`).replace(/[^A-Za-z0-9-]/g, '');
}

/** Deletes every key under `namespace:` with SCAN + UNLINK (on every master of a cluster). */
export async function deleteNamespace(client: Redis | Cluster, namespace: string): Promise<void> {
  const nodes = client.isCluster ? (client as Cluster).nodes('master') : [client as Redis];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) await client.unlink(key);
    } while (cursor !== '0');
  }
}
