import type { ObjectConstraints } from 'fast-check';
import { injectable } from 'inversify';
import { CacheManager, Clock, createCacheContainer } from '../../src';
import { type ChildRun, type RunArgs, runScript } from '../support/childProcess';

export type { ChildRun } from '../support/childProcess';
export { newManager } from '../support/managers';

/** A clock that only moves when a test moves it (no timers). */
@injectable()
export class ManualClock extends Clock {
  ms = 1_700_000_000_000;

  /** {@inheritDoc Clock.now} */
  override now(): number {
    return this.ms;
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}

/** A fresh container's manager driven by `clock`. */
export function managerWithClock(clock: ManualClock): CacheManager {
  const container = createCacheContainer();
  container.rebind(Clock).toConstantValue(clock);
  return container.get(CacheManager);
}

/**
 * Runs `__tests__/fixtures/hardening/<name>` in a child node process with {@link runScript} (killed
 * after the limit; each stdout line is JSON).
 */
export function runFixture(name: string, ...args: RunArgs): Promise<ChildRun> {
  return runScript(`__tests__/fixtures/hardening/${name}`, ...args);
}

/**
 * `fc.anything` constraints that also make the unusual values the fuzz tests want: bigints, boxed
 * primitives, dates, maps, sets, null-prototype objects, object strings, sparse and typed arrays.
 */
export const ANYTHING_WITH_ODD_VALUES: ObjectConstraints = {
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
};
