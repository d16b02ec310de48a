import { KeyEncodingError } from '../contracts/errors/KeyEncodingError';
import { encodeKey } from './encoding/encodeKey';
import { KeyStrategy, type KeyCall } from '../contracts/KeyStrategy';
import { compileTemplate, type TemplateField, type TemplatePart } from './templates/compileTemplate';
import { parameterNames } from './templates/parameterNames';
import { originalFunction } from '../util/originalFunction';

/**
 * `key: 'env:{environment.id}:id:{user[id]}'`: a Python `str.format` template (DESIGN.md §4),
 * compiled once at wrap time against the parameter names read from the function's source.
 *
 * - `{}` is auto-numbered, `{0}` positional (mixing the two is an error, as in Python); `{name}` a
 *   parameter; `{this}` the instance (decorated methods only); each followed by any chain of
 *   `.attr` and `[key]` (`[0]` is an index; on a `Map`, `[key]` is `map.get(key)`).
 * - A rest parameter `...ids` is `{ids}` (the array) and `{ids[0]}`; a destructured parameter only
 *   by position (`{0.id}`, `{0[id]}`).
 * - `{{` and `}}` are literal braces.
 * - A value renders as `String(value)` when primitive (an omitted argument is `'undefined'`), and
 *   with the default-key encoding (`encodeKey`, a `'\u0000'`-prefixed string) when an object or
 *   function, so two different objects never share a key by accident.
 * - Reading a property that is missing (or of `null`/`undefined`) renders `'undefined'` rather
 *   than failing the call (Python would raise): the template still gives a key.
 *
 * Like Python, `'{0}'` renders `1` and `'1'` alike: the template decides what is distinct.
 * @throws {@link InvalidCacheConfigError} from the constructor (option `key`) when the template is
 *   malformed, a field names no parameter, or a position lies past a function's last parameter.
 * @throws {@link KeyEncodingError} from `keyFor` when a getter throws or a rendered object is cyclic.
 * @example
 * ```ts
 * function getUser(env: { id: string }, user: { id: number }) { … }
 * new TemplateKeyStrategy('env:{env.id}:id:{user[id]}', getUser, { isMethod: false })
 *   .keyFor({ thisArg: undefined, args: [{ id: 'prod' }, { id: 7 }] }); // 'env:prod:id:7'
 * ```
 */
export class TemplateKeyStrategy extends KeyStrategy {
  readonly #parts: readonly TemplatePart[];

  /**
   * @param template - the `str.format` template.
   * @param fn - the wrapped function or decorated method, whose source names its parameters (for a
   *   method that cachewright's decorators replaced, the source of the method they replaced).
   * @param options - `isMethod`: true for a decorated method (enables `{this…}`).
   */
  constructor(template: string, fn: (...args: never[]) => unknown, options: { readonly isMethod: boolean }) {
    super();
    const source = originalFunction(fn);
    this.#parts = compileTemplate(template, {
      parameters: parameterNames(source),
      isMethod: options.isMethod,
      name: fn.name || 'the function',
    });
  }

  /** {@inheritDoc KeyStrategy.keyFor} */
  override keyFor(call: KeyCall): string {
    const parts = this.#parts;
    let out = '';
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      out += typeof part === 'string' ? part : render(part, call);
    }
    return out;
  }
}

function render(field: TemplateField, call: KeyCall): string {
  let value: unknown =
    field.source === 'argument'
      ? call.args[field.index]
      : field.source === 'this'
        ? call.thisArg
        : call.args.slice(field.index);
  const { path } = field;
  for (let i = 0; i < path.length; i++) {
    if (value === null || value === undefined) return 'undefined';
    const { attribute, key } = path[i];
    try {
      if (!attribute && value instanceof Map) {
        value = value.has(key) || typeof key !== 'number' ? value.get(key) : value.get(String(key));
      } else {
        value = (value as Record<PropertyKey, unknown>)[key];
      }
    } catch (error) {
      throw new KeyEncodingError(field.index, `reading ${field.text} threw ${describeError(error)}`, { cause: error });
    }
  }
  return (typeof value === 'object' && value !== null) || typeof value === 'function'
    ? (encodeKey(value, field.index) as string)
    : String(value);
}

function describeError(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    return `a ${typeof error}`;
  }
}
