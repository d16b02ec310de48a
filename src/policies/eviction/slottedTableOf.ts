import { types } from 'node:util';
import type { EvictionTable } from '../../contracts/EvictionTable';
import { LeastRecentlyUsedTable } from './LeastRecentlyUsedTable';
import type { SlottedTable } from './SlottedTable';
import { WindowTinyLfuTable } from './WindowTinyLfuTable';

/**
 * `table` as a {@link SlottedTable} when it is one of the built-in bounded tables — by exact class
 * and not a Proxy (DESIGN.md §1.1): a subclass or a Proxy over a built-in goes through the
 * `EvictionTable` methods, which behave identically — else `null`.
 * @internal
 */
export function slottedTableOf<K, V>(table: EvictionTable<K, V>): SlottedTable<K, V> | null {
  const kind: unknown = table.constructor;
  if (kind !== LeastRecentlyUsedTable && kind !== WindowTinyLfuTable) return null;
  return types.isProxy(table) ? null : (table as SlottedTable<K, V>);
}
