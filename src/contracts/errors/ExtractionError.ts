import { CachewrightError } from './CachewrightError';

/**
 * A path into a cached value (a data-pointer expiration, a `wrapAsyncExitStack` path) found nothing
 * usable. Rejects the call that stored the value; the entry is dropped.
 */
export class ExtractionError extends CachewrightError {
  override readonly code = 'E_EXTRACTION' as const;
  /** The path that failed, as the user wrote it. */
  readonly path: string;

  constructor(path: string, message: string, options?: ErrorOptions) {
    super(`${JSON.stringify(path)}: ${message}`, options);
    this.path = path;
  }
}
