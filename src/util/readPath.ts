import { ExtractionError } from '../contracts/errors/ExtractionError';

/** One step of a parsed path: a property name or an index. */
export type PathSegment = string | number;

/** The outcome of `readPath`. */
export type PathReadResult =
  { readonly found: true; readonly value: unknown } | { readonly found: false; readonly reason: string };

const SEGMENT = /^(?:\.?([^.[\]]+)|\[(\d+)\]|\[(["']?)([^\]"']+)\3\])/;

/**
 * Parses `'$.token.expiration'`, `'clients.http'`, `'$.items[0]'`, `'$.items.0'`, `"$.m['a b']"` into
 * segments (a leading `$` is optional; all-digit segments are indices). Runs once, at wrap time.
 * @throws {@link ExtractionError} when the path is empty or malformed.
 * @internal
 */
export function parsePath(path: string): readonly PathSegment[] {
  let rest = path.trim();
  if (rest.startsWith('$')) rest = rest.slice(1);
  const segments: PathSegment[] = [];
  while (rest.length > 0) {
    const match = SEGMENT.exec(rest);
    if (match === null) throw new ExtractionError(path, `malformed path at ${JSON.stringify(rest)}`);
    const name = match[1] ?? match[4];
    const index = match[2];
    if (index !== undefined) segments.push(Number(index));
    else if (name !== undefined) segments.push(/^\d+$/.test(name) ? Number(name) : name);
    rest = rest.slice(match[0].length);
  }
  if (segments.length === 0) throw new ExtractionError(path, 'the path names no property');
  return segments;
}

/**
 * Follows `segments` through plain objects, class instances (own and inherited properties), Maps
 * (by key, numbers also tried as strings) and arrays, in any mix. Getters that throw are reported,
 * never thrown.
 * @internal
 */
export function readPath(root: unknown, segments: readonly PathSegment[]): PathReadResult {
  let current: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (current === null || current === undefined) {
      return { found: false, reason: `${describe(segments, i)} is ${String(current)}` };
    }
    try {
      if (current instanceof Map) {
        if (current.has(segment)) current = current.get(segment);
        else if (typeof segment === 'number' && current.has(String(segment))) current = current.get(String(segment));
        else return { found: false, reason: `${describe(segments, i + 1)} is missing` };
        continue;
      }
      if (typeof current !== 'object' && typeof current !== 'function') {
        return { found: false, reason: `${describe(segments, i)} is a ${typeof current}, not an object` };
      }
      const holder = current as Record<PathSegment, unknown>;
      if (!(segment in holder)) return { found: false, reason: `${describe(segments, i + 1)} is missing` };
      current = holder[segment];
    } catch (error) {
      return { found: false, reason: `reading ${describe(segments, i + 1)} threw: ${String(error)}` };
    }
  }
  return { found: true, value: current };
}

function describe(segments: readonly PathSegment[], upTo: number): string {
  let text = '$';
  for (let i = 0; i < upTo; i++) {
    const s = segments[i];
    text += typeof s === 'number' ? `[${s}]` : `.${s}`;
  }
  return text;
}
