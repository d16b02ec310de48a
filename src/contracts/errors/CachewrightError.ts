/**
 * Base class of every error cachewright throws or rejects with. `code` is a stable `E_…` string
 * to branch on; `name` is the subclass name; `cause` carries the underlying error where there is one.
 */
export abstract class CachewrightError extends Error {
  /** A stable machine-readable code, e.g. `E_INVALID_CONFIG`. */
  abstract readonly code: `E_${string}`;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
