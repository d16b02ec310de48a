import { ExtractionError } from '../../contracts/errors/ExtractionError';
import { InvalidExpirationError } from '../../contracts/errors/InvalidExpirationError';
import type { CachedItem } from '../../contracts/CachedItem';
import type { ExpirationValue } from '../../contracts/ExpirationValue';
import { parsePath, readPath, type PathSegment } from '../../util/readPath';
import { ExpirationPolicy } from '../../contracts/ExpirationPolicy';
import type { ExpirationContext, ExpirationPolicyFactory } from './ExpirationPolicyFactory';
import { isExpiredThrough } from './resolveNestedExpiration';

/**
 * Reads the expiration from the stored value itself: `'$.token.expiresAt'` follows plain objects,
 * class instances (getters included), Maps and arrays (`$.items[0]` or `$.items.0`), mixed freely,
 * and the value found is any other expiration value (DESIGN.md §5.1), turned into a policy by
 * `factory`. The manager resolves it once per stored value, right after the fetch; `isExpired`
 * itself (the generic path) resolves it on every check, with the same result.
 * @example
 * new DataPointerExpiration('$.token.expiresAt', factory, { async: true });
 */
export class DataPointerExpiration extends ExpirationPolicy {
  /** The path as written (trimmed). */
  readonly path: string;
  // Plain `private` (not `#`) so a Proxy over a policy still works on the generic path (DESIGN §1.1).
  private readonly segments: readonly PathSegment[];
  private readonly factory: ExpirationPolicyFactory;
  private readonly context: ExpirationContext;

  /**
   * @param path - `'$.a.b[0]'`-style path into the stored value.
   * @param factory - Turns the value found into a policy.
   * @param context - The wrapped function's kind, passed on to `factory`.
   * @throws {@link InvalidExpirationError} when `path` is malformed (the `ExtractionError` is its cause).
   */
  constructor(path: string, factory: ExpirationPolicyFactory, context: ExpirationContext) {
    super();
    this.path = path.trim();
    try {
      this.segments = parsePath(this.path);
    } catch (error) {
      throw new InvalidExpirationError(
        path,
        `a data pointer such as '$.token.expiresAt' or '$.items[0]' (${(error as Error).message})`,
        { cause: error },
      );
    }
    this.factory = factory;
    this.context = context;
  }

  /**
   * {@inheritDoc ExpirationPolicy.isExpired}
   * @throws {@link ExtractionError} when the path finds nothing in `item.value`.
   * @throws {@link InvalidExpirationError} when the value found is not an expiration value.
   */
  override isExpired(item: CachedItem, now: number): boolean {
    return isExpiredThrough(this.factory, this.context, this.resolveValue(item), item, now);
  }

  /**
   * The expiration value the path finds in `item.value` (the per-value resolver the manager uses).
   * @throws {@link ExtractionError} naming the path when it finds nothing.
   * @internal
   */
  resolveValue(item: CachedItem): ExpirationValue {
    const result = readPath(item.value, this.segments);
    if (!result.found) throw new ExtractionError(this.path, `no expiration found: ${result.reason}`);
    return result.value as ExpirationValue;
  }
}
