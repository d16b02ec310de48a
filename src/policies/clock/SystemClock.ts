import { injectable } from 'inversify';
import { Clock } from '../../contracts/Clock';

/**
 * The default clock: reads `Date.now()` on every call, so jest's modern fake timers and
 * `jest.setSystemTime` drive it exactly.
 */
@injectable()
export class SystemClock extends Clock {
  /** {@inheritDoc Clock.now} */
  override now(): number {
    return Date.now();
  }
}
