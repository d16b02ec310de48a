import { injectable } from 'inversify';
import { EvictionPolicy } from '../../contracts/EvictionPolicy';
import type { EvictionTable } from '../../contracts/EvictionTable';
import { UnboundedTable } from './UnboundedTable';

/**
 * Never evicts: every table is an `UnboundedTable`, whatever `maxsize` says. Bind it to let
 * caches grow without bound (entries then leave only by expiry sweeps and `clearCache()`).
 *
 * @example
 * ```ts
 * container.rebind(EvictionPolicy).to(UnboundedEviction);
 * ```
 */
@injectable()
export class UnboundedEviction extends EvictionPolicy {
  /** A new empty `UnboundedTable`; `maxsize` is ignored. */
  override createTable<K, V>(_maxsize: number | null): EvictionTable<K, V> {
    return new UnboundedTable<K, V>();
  }
}
