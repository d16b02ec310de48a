/** What {@link parameterNames} read from a function's source. */
export interface ParameterNames {
  /**
   * The parameters before any rest parameter, in order: a name, or `null` for a destructured
   * parameter (`{ id }`, `[a, b]`), which only a position can address.
   */
  readonly names: readonly (string | null)[];
  /** The rest parameter's name (`...ids` → `'ids'`); `null` when there is none or it is destructured. */
  readonly rest: string | null;
  /** True when the function has a rest parameter (named or destructured). */
  readonly hasRest: boolean;
  /**
   * True when the source shows no parameter list to read: native and bound functions
   * (`function () { [native code] }`) and classes. `names` is then empty and says nothing.
   */
  readonly opaque: boolean;
}

const IDENTIFIER = /[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*/uy;
const NATIVE = /\{\s*\[native code\]\s*\}\s*$/;
/** Characters after which a `/` starts a regular expression rather than a division. */
const BEFORE_REGEX = '(,=:[!&|?{};+-*%<>~^';
const OPENERS = '([{';
const CLOSERS = ')]}';

/**
 * Reads the parameter names of `fn` from `fn.toString()`, once, at wrap time. Understands function
 * declarations and expressions, generators, arrow functions with and without parentheses, async
 * functions, methods (`getUser(id) {`, computed or quoted names, getters, private `#m(a)`), class
 * methods compiled by TypeScript, default values holding commas, brackets, strings, template
 * literals, regular expressions and comments, destructured parameters (`null`) and rest parameters.
 * Never throws: a source it cannot read (native or bound functions, classes) gives `opaque: true`.
 * @example
 * ```ts
 * parameterNames(function (id, { name } = {}, ...tags) {});
 * // { names: ['id', null], rest: 'tags', hasRest: true, opaque: false }
 * parameterNames(async (user) => user);  // { names: ['user'], rest: null, hasRest: false, opaque: false }
 * ```
 */
export function parameterNames(fn: (...args: never[]) => unknown): ParameterNames {
  let source: string;
  try {
    source = Function.prototype.toString.call(fn);
  } catch {
    return OPAQUE;
  }
  if (NATIVE.test(source)) return OPAQUE;
  try {
    return readParameters(source);
  } catch {
    return OPAQUE;
  }
}

const OPAQUE: ParameterNames = Object.freeze({ names: Object.freeze([]), rest: null, hasRest: false, opaque: true });

function readParameters(src: string): ParameterNames {
  // The header: everything before the parameter list ('async', 'function', '*', the name …).
  let i = skipTrivia(src, 0);
  if (/^class[\s{]/.test(src.slice(i, i + 6))) return OPAQUE; // a class, not a method named `class`
  let lastIdentifier: string | null = null;
  while (i < src.length) {
    const c = src[i];
    if (c === '(') break;
    if (c === '=' && src[i + 1] === '>') {
      // `a => …` / `async a => …`: one parameter, no parentheses.
      return lastIdentifier === null ? OPAQUE : { names: [lastIdentifier], rest: null, hasRest: false, opaque: false };
    }
    if (c === '{') return OPAQUE; // a class body: no parameter list of its own
    const identifier = readIdentifier(src, i);
    if (identifier !== null) {
      lastIdentifier = identifier;
      i += identifier.length;
    } else {
      lastIdentifier = null;
      if (c === '[')
        i = scanUntil(src, i + 1, ']') + 1; // computed method name
      else if (c === '"' || c === "'") i = skipString(src, i);
      else i++;
    }
    i = skipTrivia(src, i);
  }
  if (i >= src.length) return OPAQUE;

  const names: (string | null)[] = [];
  let rest: string | null = null;
  let hasRest = false;
  i++; // past '('
  for (;;) {
    i = skipTrivia(src, i);
    if (i >= src.length || src[i] === ')') break;
    const end = scanUntil(src, i, ',)');
    if (src.startsWith('...', i)) {
      hasRest = true;
      rest = readIdentifier(src, skipTrivia(src, i + 3));
    } else {
      names.push(readIdentifier(src, i));
    }
    if (src[end] !== ',') break;
    i = end + 1;
  }
  return { names, rest, hasRest, opaque: false };
}

function readIdentifier(src: string, i: number): string | null {
  IDENTIFIER.lastIndex = i;
  const match = IDENTIFIER.exec(src);
  return match === null ? null : match[0];
}

/** Skips white space and comments from `i`. */
function skipTrivia(src: string, i: number): number {
  while (i < src.length) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '/') {
      const end = src.indexOf('\n', i + 2);
      i = end === -1 ? src.length : end + 1;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end === -1 ? src.length : end + 2;
    } else if (/\s/.test(c)) {
      i++;
    } else {
      break;
    }
  }
  return i;
}

/** `i` is at a quote; returns the index after the closing quote. */
function skipString(src: string, i: number): number {
  const quote = src[i];
  for (i++; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === quote) return i + 1;
  }
  return src.length;
}

/** `i` is at a backtick; returns the index after the closing one, skipping `${…}` as code. */
function skipTemplate(src: string, i: number): number {
  for (i++; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === '`') return i + 1;
    else if (c === '$' && src[i + 1] === '{') i = scanUntil(src, i + 2, '}');
  }
  return src.length;
}

/** `i` is at the `/` opening a regular expression; returns the index after its flags. */
function skipRegex(src: string, i: number): number {
  let inClass = false;
  for (i++; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      i++;
      while (i < src.length && /[a-z]/i.test(src[i])) i++;
      return i;
    } else if (c === '\n') return i;
  }
  return src.length;
}

/**
 * Scans code from `i` and returns the index of the first character of `stops` found outside
 * brackets, strings, template literals, regular expressions and comments (`src.length` if none).
 */
function scanUntil(src: string, i: number, stops: string): number {
  let depth = 0;
  let previous = '(';
  while (i < src.length) {
    const c = src[i];
    if (depth === 0 && stops.includes(c)) return i;
    if (c === '/' && (src[i + 1] === '/' || src[i + 1] === '*')) {
      i = skipTrivia(src, i);
      continue;
    }
    if (c === '"' || c === "'") i = skipString(src, i);
    else if (c === '`') i = skipTemplate(src, i);
    else if (c === '/' && BEFORE_REGEX.includes(previous)) i = skipRegex(src, i);
    else {
      if (OPENERS.includes(c)) depth++;
      else if (CLOSERS.includes(c)) depth--;
      i++;
    }
    if (!/\s/.test(c)) previous = c;
  }
  return src.length;
}
