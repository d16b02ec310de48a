import { CachewrightError } from './CachewrightError';
import { formatValue } from './formatValue';

/** A call re-entered the computation of its own key before that computation settled. */
export class ReentrantCallError extends CachewrightError {
  override readonly code = 'E_REENTRANT' as const;
  /** The cache key being computed. */
  readonly key: unknown;

  constructor(functionName: string, key: unknown) {
    super(
      `${functionName || 'anonymous'} re-entered the computation of its own key ${formatValue(key)}: ` +
        'the call would wait for itself',
    );
    this.key = key;
  }
}
