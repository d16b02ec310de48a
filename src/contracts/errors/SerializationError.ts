import { CachewrightError } from './CachewrightError';
import { formatValue } from './formatValue';

/**
 * A `Serializer` cannot encode a value (a function, a symbol, a cyclic value for JSON, …) or decode
 * bytes. A value that cannot be encoded is still returned and kept in the memory tier; the shared
 * write is rejected with a `SharedTierError` (operation `'shared-write'`) whose `cause` is this error.
 */
export class SerializationError extends CachewrightError {
  override readonly code = 'E_SERIALIZE' as const;
  /** Which way it failed. */
  readonly direction: 'serialize' | 'deserialize';
  /** The serializer's name, e.g. `V8Serializer`. */
  readonly serializer: string;

  constructor(
    serializer: string,
    direction: 'serialize' | 'deserialize',
    subject: unknown,
    expected: string,
    options?: ErrorOptions,
  ) {
    const what =
      direction === 'serialize'
        ? `cannot serialize ${describe(subject)}`
        : `cannot deserialize ${Buffer.isBuffer(subject) ? `${subject.length} bytes` : describe(subject)}`;
    const reason = options?.cause instanceof Error ? ` (${options.cause.message})` : '';
    super(`${serializer}: ${what}${reason}: expected ${expected}`, options);
    this.direction = direction;
    this.serializer = serializer;
  }
}

function describe(value: unknown): string {
  if (value !== null && typeof value === 'object') {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
    return `${name ?? 'Object'} ${formatValue(value)}`;
  }
  return formatValue(value);
}
