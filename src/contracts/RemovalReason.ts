/**
 * Why an entry left the cache (reported to `ResourceLifecycle.dispose`, counted in
 * `cacheStats().evictions`): `'replaced'` by a newer value, `'expired'` by a sweep, `'evicted'` by
 * the size or weight bound, `'cleared'` by `clearCache`/`clearAll`, `'unbound'` by `close()` or a
 * container unbind, `'failed'` when a refetch failed and nothing was stored, `'invalidated'` by
 * `invalidate`, `invalidateTags` or `@CacheEvict`.
 */
export type RemovalReason = 'replaced' | 'expired' | 'evicted' | 'cleared' | 'unbound' | 'failed' | 'invalidated';
/** Every `RemovalReason`, as an exhaustive map. */
export const REMOVAL_REASONS: { readonly [K in RemovalReason]: K } = Object.freeze({
  replaced: 'replaced',
  expired: 'expired',
  evicted: 'evicted',
  cleared: 'cleared',
  unbound: 'unbound',
  failed: 'failed',
  invalidated: 'invalidated',
});
