import { injectable } from 'inversify';
import { Clock } from '../../contracts/Clock';

/**
 * An opt-in fast clock for hot TTL paths: reuses one `Date.now()` reading until an unref'd 1 ms
 * timer clears it (lru-cache's `ttlResolution` trick).
 *
 * Timers cannot fire inside synchronous code, so during a long synchronous stretch a reading can be
 * older than 1 ms: a value may then be served up to that stretch's length past its expiry. Bind it
 * with `container.rebind(Clock).to(CoarseClock)` only where that is acceptable. Never the default.
 */
@injectable()
export class CoarseClock extends Clock {
  #reading = -1;
  readonly #clear = (): void => {
    this.#reading = -1;
  };

  /** {@inheritDoc Clock.now} */
  override now(): number {
    const reading = this.#reading;
    if (reading !== -1) return reading;
    const fresh = Date.now();
    this.#reading = fresh;
    const timer = setTimeout(this.#clear, 1);
    timer.unref();
    return fresh;
  }
}
