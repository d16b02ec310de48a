import { injectable } from 'inversify';
import { CacheErrorHandler, type CacheErrorContext } from '../../contracts/CacheErrorHandler';
import { formatValue } from '../../contracts/errors/formatValue';

/**
 * The default `CacheErrorHandler`: reports through `process.emitWarning` (code
 * `CACHEWRIGHT_DISPOSAL`), wrapping values that are neither an `Error` nor a string first
 * (`emitWarning` throws on them).
 */
@injectable()
export class WarningCacheErrorHandler extends CacheErrorHandler {
  /** {@inheritDoc CacheErrorHandler.handle} */
  override handle(error: unknown, context: CacheErrorContext): void {
    const detail = `cachewright: ${context.operation} of key ${formatValue(context.key)} (${context.reason}) failed`;
    const warning =
      error instanceof Error
        ? error
        : new Error(typeof error === 'string' ? error : formatValue(error), { cause: error });
    process.emitWarning(warning, { code: 'CACHEWRIGHT_DISPOSAL', detail });
  }
}
