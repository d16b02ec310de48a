/**
 * The in-memory tier the core's unit tests use (`__tests__/support/memorySharedTier.ts`) passes the
 * same conformance suite as `RedisSharedTier`, so what the core is tested against is a SharedTier.
 */
import { MemorySharedTier, MemoryTierHub } from '../../support/memorySharedTier';
import { describeSharedTierContract } from './describeSharedTierContract';

const hub = new MemoryTierHub();

describeSharedTierContract('MemorySharedTier', () => ({
  namespace: 'memory',
  create: ({ lockTimeoutMs } = {}) => new MemorySharedTier(hub, { lockTimeoutMs }),
  ready: async () => undefined,
  expireLease: async (key) => void hub.delete(`${key}:lease`),
}));
