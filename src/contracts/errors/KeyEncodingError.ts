import { CachewrightError } from './CachewrightError';

/**
 * An argument cannot be turned into a cache key (a cyclic structure, a getter that throws). The call
 * fails with it; the function does not run and nothing is stored.
 */
export class KeyEncodingError extends CachewrightError {
  override readonly code = 'E_KEY' as const;
  /** Zero-based position of the argument that failed (`-1` for `this` or a computed key). */
  readonly position: number;

  constructor(position: number, reason: string, options?: ErrorOptions) {
    super(
      `cannot build a cache key from ${position < 0 ? 'the key value' : `argument ${position}`}: ${reason}`,
      options,
    );
    this.position = position;
  }
}
