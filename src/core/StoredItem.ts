import { DateTime } from 'luxon';
import type { CachedItem } from '../contracts/CachedItem';

/**
 * A `CachedItem` whose luxon `lastFetched` is built only when read.
 * @internal
 */
export class StoredItem implements CachedItem {
  readonly value: unknown;
  readonly lastFetchedMs: number;
  readonly isError: boolean;
  #lastFetched: DateTime | undefined;

  constructor(value: unknown, lastFetchedMs: number, isError: boolean) {
    this.value = value;
    this.lastFetchedMs = lastFetchedMs;
    this.isError = isError;
  }

  /** When the value was stored, UTC. */
  get lastFetched(): DateTime {
    return (this.#lastFetched ??= DateTime.fromMillis(this.lastFetchedMs, { zone: 'utc' }));
  }
}
