/** Why an entry left the cache (reported to `ResourceLifecycle.dispose`). */
export type RemovalReason = 'replaced' | 'expired' | 'evicted' | 'cleared' | 'unbound' | 'failed';
/** Every `RemovalReason`, as an exhaustive map. */
export const REMOVAL_REASONS: { readonly [K in RemovalReason]: K } = Object.freeze({
  replaced: 'replaced',
  expired: 'expired',
  evicted: 'evicted',
  cleared: 'cleared',
  unbound: 'unbound',
  failed: 'failed',
});
