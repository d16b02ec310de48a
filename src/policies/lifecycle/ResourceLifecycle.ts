import type { RemovalReason } from '../../contracts/RemovalReason';

/**
 * Recognises and disposes the resources a cached value owns (`wrapAsyncExitStack`). Rebind it for a
 * custom protocol.
 */
export abstract class ResourceLifecycle {
  /** True when `value` can be disposed by `dispose`. */
  abstract isDisposable(value: unknown): boolean;
  /** Releases `value`'s resources; `reason` says why its entry went away. */
  abstract dispose(value: unknown, reason: RemovalReason): void | Promise<void>;
}
