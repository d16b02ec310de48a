import type { SharedParameters } from '../../contracts/CacheOptions';
import type { ExpirationPolicy } from '../../contracts/ExpirationPolicy';
import { InvalidCacheConfigError, type InvalidOption } from '../../contracts/errors/InvalidCacheConfigError';
import { expiresAtOf, perValueResolverOf } from '../../policies/expiration/inlineExpiry';
import { sharedKeySegment } from '../../policies/shared/sharedKeys';

/** The `shared` option once validated: the record-key segments of the cache. @internal */
export interface ResolvedShared {
  /** The name segment (`shared.name`, else the `name` option, else `Class.method`). */
  readonly name: string;
  /** The version segment, as a string (`1` by default). */
  readonly version: string;
}

/** What `resolveSharedOption` reads besides the option itself. @internal */
export interface SharedOptionContext {
  /** The wrapped function's kind. */
  readonly async: boolean;
  /** `Class.method` for a decorated method, else the function's name. */
  readonly where: string;
  /** True for a decorated method (its name defaults to `Class.method`). */
  readonly isMethod: boolean;
  /** The `name` option as given. */
  readonly name: unknown;
  /** The `wrapAsyncExitStack` option as given. */
  readonly wrapAsyncExitStack: unknown;
  /** The `expiration` option as given, and its policy when it could be built. */
  readonly expiration: unknown;
  readonly expirationPolicy: ExpirationPolicy | undefined;
}

const SHARED_FORM = 'true, false, or { name?: string; version?: string | number }';
const DEFAULT_VERSION = 1;

/**
 * Validates the `shared` option (design/shared-tier.md "Option shared") and pushes every problem to
 * `problems`: its form; async functions only; not with `wrapAsyncExitStack` (a value that owns
 * resources cannot live in another process); a name and version that are valid key segments (`wrap`
 * requires a name: `shared.name` or the `name` option); an expiration that resolves to a time (a
 * custom `ExpirationPolicy` has no expiry instant to store in a record).
 * @returns the parameters `cacheParameters()` shows and the resolved segments (`null` when off or invalid).
 * @internal
 */
export function resolveSharedOption(
  value: unknown,
  context: SharedOptionContext,
  problems: InvalidOption[],
): { readonly parameters: SharedParameters; readonly resolved: ResolvedShared | null } {
  const off = { parameters: false as const, resolved: null };
  if (value === undefined || value === null || value === false) return off;
  const bad = (option: string, given: unknown, expected: string): typeof off => {
    problems.push({ option, value: given, expected });
    return off;
  };
  const form = readForm(value);
  if (form === undefined) return bad('shared', value, SHARED_FORM);
  const before = problems.length;
  if (!context.async) {
    bad('shared', value, 'false: a shared cache needs an async function (the shared tier answers asynchronously)');
  }
  const stack = context.wrapAsyncExitStack;
  if (stack !== undefined && stack !== null && stack !== false) {
    bad(
      'shared',
      value,
      'false with wrapAsyncExitStack: a value that owns resources (connections, handles) cannot be shared with another process',
    );
  }
  const name = resolveName(value, form.name, context, problems);
  const version = segment(
    'shared.version',
    'version',
    form.version === undefined ? DEFAULT_VERSION : form.version,
    problems,
  );
  const policy = context.expirationPolicy;
  if (policy !== undefined && expiresAtOf(policy) === null && perValueResolverOf(policy) === null) {
    bad(
      'expiration',
      context.expiration,
      'a duration, deadline, time of day, callback or data pointer: a shared cache stores the instant its value ' +
        'expires, which a custom ExpirationPolicy cannot give',
    );
  }
  if (problems.length > before || name === undefined || version === undefined) return off;
  return {
    parameters: Object.freeze({
      name,
      version: (form.version === undefined ? DEFAULT_VERSION : form.version) as string | number,
    }),
    resolved: Object.freeze({ name, version }),
  };
}

/** The `{ name, version }` of `true` or an object form; `undefined` for anything else. */
function readForm(value: unknown): { name?: unknown; version?: unknown } | undefined {
  if (value === true) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const keys = Object.keys(value);
  if (!keys.every((key) => key === 'name' || key === 'version')) return undefined;
  const { name, version } = value as { name?: unknown; version?: unknown };
  return { name, version };
}

/** The name segment: `shared.name`, else the `name` option, else `Class.method` for a method. */
function resolveName(
  shared: unknown,
  given: unknown,
  context: SharedOptionContext,
  problems: InvalidOption[],
): string | undefined {
  if (given !== undefined) return segment('shared.name', 'name', given, problems);
  if (typeof context.name === 'string' && context.name.length > 0)
    return segment('name', 'name', context.name, problems);
  if (context.isMethod) {
    try {
      return sharedKeySegment('name', context.where);
    } catch {
      problems.push({
        option: 'shared.name',
        value: undefined,
        expected: `a name that is a valid key segment (the default, ${JSON.stringify(context.where)}, is not one)`,
      });
      return undefined;
    }
  }
  problems.push({
    option: 'shared',
    value: shared,
    expected:
      "{ name: '…' } or a name option: a wrapped function's shared cache needs a name that is the same in every " +
      'process (function names are not stable across builds)',
  });
  return undefined;
}

/** One key segment, validated by `sharedKeySegment`; its problem is reported under `option`. */
function segment(
  option: string,
  kind: 'name' | 'version',
  value: unknown,
  problems: InvalidOption[],
): string | undefined {
  try {
    return sharedKeySegment(kind, value);
  } catch (error) {
    const expected =
      error instanceof InvalidCacheConfigError && error.problems[0] !== undefined
        ? error.problems[0].expected
        : 'a valid key segment';
    problems.push({ option, value, expected });
    return undefined;
  }
}
