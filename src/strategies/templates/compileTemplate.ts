import { InvalidCacheConfigError } from '../../contracts/errors/InvalidCacheConfigError';
import type { ParameterNames } from './parameterNames';

/** One `.name` (attribute) or `[key]` (item) step of a template field. */
export interface TemplateAccessor {
  /** True for `.name`; false for `[key]` (which reads a `Map` by key). */
  readonly attribute: boolean;
  /** The property name; a number for an all-digit `[0]`. */
  readonly key: string | number;
}

/** A compiled `{…}` field. */
export interface TemplateField {
  /** The field as written, braces included, for error messages. */
  readonly text: string;
  /** Where the root value comes from: one argument, the rest arguments as an array, or `this`. */
  readonly source: 'argument' | 'rest' | 'this';
  /** The argument's position (`argument`), the rest parameter's position (`rest`), `-1` (`this`). */
  readonly index: number;
  /** The accessors applied to the root value, in order. */
  readonly path: readonly TemplateAccessor[];
}

/** A literal piece of the key, or a field to render. */
export type TemplatePart = string | TemplateField;

/** What the compiler needs to know of the wrapped function. */
export interface TemplateTarget {
  /** The function's parameters, read from its source. */
  readonly parameters: ParameterNames;
  /** True for a decorated method: `{this…}` is allowed. */
  readonly isMethod: boolean;
  /** The function's name, for messages. */
  readonly name: string;
}

/**
 * Compiles a Python `str.format` template into literal parts and fields, once, at wrap time.
 * Fields: `{}` (auto-numbered), `{0}`, `{name}`, `{this}` (methods), each followed by any chain of
 * `.attr` and `[key]`; `{{` and `}}` are literal braces. Conversions (`{0!r}`) and format specs
 * (`{0:>5}`) are not supported.
 * @throws {@link InvalidCacheConfigError} (option `key`) for a malformed template, a field naming
 *   no parameter (or a name bound by destructuring), a position past a function without rest
 *   parameter's last parameter, `{this}` outside a method, or a mix of `{}` and `{0}`.
 * @internal
 */
export function compileTemplate(template: string, target: TemplateTarget): TemplatePart[] {
  const fail = (problem: string): never => {
    throw new InvalidCacheConfigError([
      { option: 'key', value: template, expected: `a str.format template (${problem})` },
    ]);
  };
  const parts: TemplatePart[] = [];
  let literal = '';
  let numbering: 'auto' | 'manual' | null = null;
  let nextAuto = 0;
  for (let i = 0; i < template.length;) {
    const c = template[i];
    if (c === '}') {
      if (template[i + 1] !== '}') fail(`single '}' at ${i}: write '}}' for a literal brace`);
      literal += '}';
      i += 2;
      continue;
    }
    if (c !== '{') {
      literal += c;
      i++;
      continue;
    }
    if (template[i + 1] === '{') {
      literal += '{';
      i += 2;
      continue;
    }
    const end = template.indexOf('}', i + 1);
    const nested = template.indexOf('{', i + 1);
    if (end === -1) fail(`single '{' at ${i}: write '{{' for a literal brace`);
    if (nested !== -1 && nested < end) fail(`'{' inside the field at ${i}`);
    const text = template.slice(i, end + 1);
    const { argument, path } = parseFieldName(text, fail);
    let field: TemplateField;
    if (argument === '' || /^\d+$/.test(argument)) {
      const auto = argument === '';
      if (numbering !== null && numbering !== (auto ? 'auto' : 'manual')) {
        fail(`${text}: cannot mix automatic '{}' and manual '{0}' field numbering`);
      }
      numbering = auto ? 'auto' : 'manual';
      const index = auto ? nextAuto++ : Number(argument);
      field = positionalField(text, index, path, target, fail);
    } else if (argument === 'this') {
      if (!target.isMethod) fail(`${text}: '{this…}' is only available in a decorated method`);
      field = { text, source: 'this', index: -1, path };
    } else {
      field = namedField(text, argument, path, target, fail);
    }
    if (literal !== '') parts.push(literal);
    literal = '';
    parts.push(field);
    i = end + 1;
  }
  if (literal !== '') parts.push(literal);
  return parts;
}

function positionalField(
  text: string,
  index: number,
  path: readonly TemplateAccessor[],
  target: TemplateTarget,
  fail: (problem: string) => never,
): TemplateField {
  const { parameters } = target;
  if (!parameters.hasRest && !parameters.opaque && index >= parameters.names.length) {
    const count = parameters.names.length;
    fail(
      `${text}: ${target.name} takes ${count} parameter${count === 1 ? '' : 's'}, so positions run 0 to ${count - 1}`,
    );
  }
  return { text, source: 'argument', index, path };
}

function namedField(
  text: string,
  name: string,
  path: readonly TemplateAccessor[],
  target: TemplateTarget,
  fail: (problem: string) => never,
): TemplateField {
  const { parameters } = target;
  const index = parameters.names.indexOf(name);
  if (index !== -1) return { text, source: 'argument', index, path };
  if (parameters.rest === name) {
    const restIndex = parameters.names.length;
    const first = path[0];
    // {ids[0]} is argument restIndex + 0: no array to build at call time.
    if (first !== undefined && !first.attribute && typeof first.key === 'number') {
      return { text, source: 'argument', index: restIndex + first.key, path: path.slice(1) };
    }
    return { text, source: 'rest', index: restIndex, path };
  }
  const known = [
    ...parameters.names.filter((n): n is string => n !== null),
    ...(parameters.rest ? [parameters.rest] : []),
  ];
  fail(
    parameters.opaque
      ? `${text}: the source of ${target.name} shows no parameter names (a bound or native function); use positions such as {0}`
      : `${text} names no parameter of ${target.name}; its parameters: ${known.length ? known.join(', ') : 'none'} ` +
          '(a destructured parameter is addressed by position, e.g. {0.id})',
  );
}

/** Splits `{user.address[city]}` into the argument name and its accessors. */
function parseFieldName(
  text: string,
  fail: (problem: string) => never,
): { argument: string; path: TemplateAccessor[] } {
  const body = text.slice(1, -1);
  const argumentEnd = body.search(/[.[]/);
  const argument = argumentEnd === -1 ? body : body.slice(0, argumentEnd);
  const path: TemplateAccessor[] = [];
  let i = argumentEnd === -1 ? body.length : argumentEnd;
  if (/[!:]/.test(argument)) fail(`${text}: conversions ('!r') and format specs (':>5') are not supported`);
  while (i < body.length) {
    if (body[i] === '.') {
      const next = body.slice(i + 1).search(/[.[]/);
      const name = next === -1 ? body.slice(i + 1) : body.slice(i + 1, i + 1 + next);
      if (name === '') fail(`${text}: empty attribute after '.'`);
      if (/[!:]/.test(name)) fail(`${text}: conversions ('!r') and format specs (':>5') are not supported`);
      if (name.includes(']')) fail(`${text}: unexpected ']' in attribute ${JSON.stringify(name)}`);
      path.push({ attribute: true, key: name });
      i += 1 + name.length;
    } else if (body[i] === '[') {
      const close = body.indexOf(']', i + 1);
      if (close === -1) fail(`${text}: missing ']'`);
      const key = body.slice(i + 1, close);
      if (key === '') fail(`${text}: empty '[]'`);
      path.push({ attribute: false, key: /^\d+$/.test(key) ? Number(key) : key });
      i = close + 1;
      if (i < body.length && body[i] !== '.' && body[i] !== '[') {
        fail(`${text}: only '.' or '[' may follow ']'`);
      }
    } else {
      fail(`${text}: unexpected ${JSON.stringify(body[i])}`);
    }
  }
  return { argument, path };
}
