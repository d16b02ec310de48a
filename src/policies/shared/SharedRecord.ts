/**
 * One value as the shared tier stores it: the value and the times the fetching process decided
 * (design/shared-tier.md: expiration is decided once, by the process that fetched). Times are epoch
 * milliseconds; `Infinity` means never.
 */
export interface SharedRecord {
  /** The cached value (what the `Serializer` encodes). Errors are never shared. */
  readonly value: unknown;
  /** When the value was fetched; compared with tag invalidation times. Finite. */
  readonly createdAt: number;
  /** Until when the value is fresh (served without a refetch). */
  readonly freshUntil: number;
  /**
   * Until when the value may be served at all (stale-while-revalidate / stale-if-error windows);
   * `≥ freshUntil`. The Redis TTL is `usableUntil − now`; a record read at or after it reads as missing.
   */
  readonly usableUntil: number;
  /** The record's tags (`invalidateTags`), possibly none. */
  readonly tags: readonly string[];
}
