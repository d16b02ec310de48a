/**
 * "Processes" for the shared-cache unit tests: each is a container with its own `CacheManager` and
 * its own `MemorySharedTier`, all on one `MemoryTierHub` (one Redis, as far as they can tell), with a
 * `CacheErrorHandler` that records what it is given.
 *
 * @packageDocumentation
 */
import type { Container } from 'inversify';
import {
  CacheErrorHandler,
  CacheManager,
  createCacheContainer,
  SharedTier,
  type CacheErrorContext,
} from '../../../src';
import { MemorySharedTier, type MemoryTierHub } from '../../support/memorySharedTier';

/** One report the handler received. */
export type Report = CacheErrorContext & { readonly error: unknown };

/** A `CacheErrorHandler` that keeps every report. */
export class RecordingErrorHandler extends CacheErrorHandler {
  readonly reports: Report[] = [];
  override handle(error: unknown, context: CacheErrorContext): void {
    this.reports.push({ error, ...context });
  }
}

/** One simulated process. */
export interface SimulatedProcess {
  readonly tier: MemorySharedTier;
  readonly container: Container;
  readonly manager: CacheManager;
  readonly reports: Report[];
}

/** A new "process" on `hub`: its own container, manager, tier and recorded reports. */
export function startProcess(
  hub: MemoryTierHub,
  options: { namespace?: string; lockTimeoutMs?: number } = {},
): SimulatedProcess {
  const tier = new MemorySharedTier(hub, {
    namespace: options.namespace ?? 'ns',
    lockTimeoutMs: options.lockTimeoutMs,
  });
  const container = createCacheContainer();
  const handler = new RecordingErrorHandler();
  container.bind(SharedTier).toConstantValue(tier);
  container.rebind(CacheErrorHandler).toConstantValue(handler);
  return { tier, container, manager: container.get(CacheManager), reports: handler.reports };
}

/**
 * A loader that takes `delayMs` (a timer: fake timers move it; 0: a promise job only) and answers `{ id, by, n }`, `n`
 * counting its calls, so every answer says which process fetched it and when.
 */
export function loader(
  by: string,
  delayMs = 100,
): { fn: (id: string) => Promise<{ id: string; by: string; n: number }>; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    fn: async (id: string) => {
      calls.push(id);
      const n = calls.length;
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      else await Promise.resolve();
      return { id, by, n };
    },
  };
}

/** Lets promise jobs and due timers (bus deliveries are timers of 0 ms) run. */
export async function settle(ms = 0): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms);
}
