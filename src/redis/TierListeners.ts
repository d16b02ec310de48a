import { SharedTierError } from '../contracts/errors/SharedTierError';
import type { SharedTierListener } from '../policies/shared/types';

/**
 * The listeners of one tier. Each event reaches every listener; a listener that throws is reported
 * to the others' `fault` as a `'shared-bus'` fault (a throwing `fault` has nowhere left to go and is
 * ignored), so one listener's bug never stops the others or the tier.
 * @internal
 */
export class TierListeners {
  readonly #listeners = new Set<SharedTierListener>();

  /** Adds `listener`; returns its removal. */
  add(listener: SharedTierListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Drops every listener. */
  clear(): void {
    this.#listeners.clear();
  }

  /** Calls `event` on every listener that has it. */
  emit<E extends keyof SharedTierListener>(event: E, ...args: Parameters<NonNullable<SharedTierListener[E]>>): void {
    for (const listener of [...this.#listeners]) {
      try {
        (listener[event] as ((...a: typeof args) => void) | undefined)?.call(listener, ...args);
      } catch (error) {
        if (event !== 'fault') {
          this.#faultOthers(
            new SharedTierError('shared-bus', `listener.${event}`, 'a listener threw', { cause: error }),
          );
        }
      }
    }
  }

  #faultOthers(failure: SharedTierError): void {
    for (const listener of this.#listeners) {
      try {
        listener.fault?.(failure);
      } catch {
        // A throwing fault listener has nowhere left to report to: it is ignored.
      }
    }
  }
}
