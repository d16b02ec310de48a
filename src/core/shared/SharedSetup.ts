import type { SharedTier } from '../../policies/shared/SharedTier';
import type { SharedLink } from './SharedLink';

/** What the manager gives a shared cache: its tier, the manager's link to it and its key prefix. @internal */
export interface SharedSetup {
  /** The `SharedTier` bound in the manager's container. */
  readonly tier: SharedTier;
  /** The manager's link to `tier` (bus routing, tag times). */
  readonly link: SharedLink;
  /** `namespace:name:version:`, validated. */
  readonly prefix: string;
}
