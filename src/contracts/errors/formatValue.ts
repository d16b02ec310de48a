import { inspect } from 'node:util';

/**
 * Renders a user-supplied value for an error message: strings quoted, objects inspected shallowly,
 * never throwing (a value whose inspection throws is described by its type).
 * @internal
 */
export function formatValue(value: unknown): string {
  try {
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
    return inspect(value, { depth: 1, breakLength: Infinity, maxArrayLength: 5, maxStringLength: 80 });
  } catch {
    return `[${typeof value}]`;
  }
}
