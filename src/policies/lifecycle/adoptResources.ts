import { ExtractionError } from '../../contracts/errors/ExtractionError';
import { InvalidCacheConfigError } from '../../contracts/errors/InvalidCacheConfigError';
import { formatValue } from '../../contracts/errors/formatValue';
import { parsePath, readPath, type PathSegment } from '../../util/readPath';
import type { ResourceLifecycle } from './ResourceLifecycle';

/**
 * What `wrapAsyncExitStack` adopts (DESIGN.md §7): `true` the whole value, `'*'` each disposable
 * element of an array or own enumerable property value of an object, or a list of paths
 * (`'$.clients.http'` or `'clients.http'`; suffix `':ignore_missing'` skips a path that is absent).
 * `false`/`null` (no adoption) never reach {@link compileAdoption}.
 */
export type AdoptionSpec = true | '*' | readonly string[];

/** Lists the parts of a stored value to adopt, checked against `lifecycle`. */
export type AdoptionFunction = (value: unknown, lifecycle: ResourceLifecycle, adopted?: unknown[]) => unknown[];

const IGNORE_MISSING = ':ignore_missing';
const EXPECTED_SPEC =
  "true, '*' or an array of paths such as '$.clients.http' (suffix ':ignore_missing' to skip an absent one)";

interface CompiledPath {
  readonly path: string;
  readonly segments: readonly PathSegment[];
  readonly ignoreMissing: boolean;
}

/**
 * Compiles `spec` once, at wrap time, into a function that lists the parts of a value to adopt
 * (each part once, in spec order):
 * - `true` → `[value]`; the value must be disposable.
 * - `'*'` → the disposable elements of an array, or the disposable own enumerable property values
 *   of an object; the others are skipped (none, or a primitive value: `[]`).
 * - paths → the part at each path, which must be disposable. A path that is missing (absent, or
 *   holding `null`/`undefined`) fails unless it ends in `':ignore_missing'`, which skips it. An
 *   empty list adopts nothing.
 *
 * The returned function throws {@link ExtractionError} naming the path (`'$'` for `true`) when a
 * required part is missing or not disposable by `lifecycle`.
 * @throws {@link InvalidCacheConfigError} (option `wrapAsyncExitStack`) when `spec` is none of the
 *   forms above or a path does not parse.
 * @example
 * ```ts
 * const adopt = compileAdoption(['$.clients.http', 'clients.redis:ignore_missing']);
 * adopt({ clients: { http: agent } }, lifecycle); // [agent]
 * ```
 */
export function compileAdoption(spec: AdoptionSpec): AdoptionFunction {
  if (spec === true) return adoptWhole;
  if (spec === '*') return adoptEach;
  if (!Array.isArray(spec)) throw invalidSpec(spec);
  // An index loop, not map(): map skips holes, and a hole must be rejected like any non-string.
  const paths: CompiledPath[] = [];
  for (let i = 0; i < spec.length; i++) paths.push(compilePath((spec as readonly unknown[])[i], spec));
  if (paths.length === 0) return adoptNothing;
  return (value, lifecycle, parts: unknown[] = []) => {
    for (const { path, segments, ignoreMissing } of paths) {
      const read = readPath(value, segments);
      if (!read.found || read.value === null || read.value === undefined) {
        if (ignoreMissing) continue;
        throw new ExtractionError(path, read.found ? `the resource is ${String(read.value)}` : read.reason);
      }
      if (!lifecycle.isDisposable(read.value)) throw notDisposable(path, read.value);
      if (!parts.includes(read.value)) parts.push(read.value);
    }
    return parts;
  };
}

function compilePath(entry: unknown, spec: unknown): CompiledPath {
  if (typeof entry !== 'string') throw invalidSpec(spec);
  const ignoreMissing = entry.endsWith(IGNORE_MISSING);
  const path = ignoreMissing ? entry.slice(0, -IGNORE_MISSING.length) : entry;
  try {
    return { path: entry, segments: parsePath(path), ignoreMissing };
  } catch (error) {
    throw new InvalidCacheConfigError(
      [
        {
          option: 'wrapAsyncExitStack',
          value: spec,
          expected: `${EXPECTED_SPEC}; ${formatValue(entry)} does not parse`,
        },
      ],
      { cause: error },
    );
  }
}

function adoptWhole(value: unknown, lifecycle: ResourceLifecycle): unknown[] {
  if (!lifecycle.isDisposable(value)) throw notDisposable('$', value);
  return [value];
}

function adoptEach(value: unknown, lifecycle: ResourceLifecycle): unknown[] {
  if (value === null || typeof value !== 'object') return [];
  const candidates: readonly unknown[] = Array.isArray(value) ? value : Object.values(value);
  const parts: unknown[] = [];
  for (const candidate of candidates) {
    if (lifecycle.isDisposable(candidate) && !parts.includes(candidate)) parts.push(candidate);
  }
  return parts;
}

function adoptNothing(): unknown[] {
  return [];
}

function notDisposable(path: string, value: unknown): ExtractionError {
  return new ExtractionError(
    path,
    `${formatValue(value)} is not disposable: expected Symbol.asyncDispose, Symbol.dispose or a ` +
      'close/quit/end/destroy/disconnect method (or what the bound ResourceLifecycle accepts)',
  );
}

function invalidSpec(spec: unknown): InvalidCacheConfigError {
  return new InvalidCacheConfigError([{ option: 'wrapAsyncExitStack', value: spec, expected: EXPECTED_SPEC }]);
}
