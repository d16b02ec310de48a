import { InvalidCacheConfigError, type InvalidOption } from '../../contracts/errors/InvalidCacheConfigError';
import { TemplateKeyStrategy } from '../../strategies/TemplateKeyStrategy';

/** The tags of one call, from the instance (methods) and the arguments. @internal */
export type TagsOf = (thisArg: unknown, args: ArrayLike<unknown>) => readonly string[];

const EXPECTED =
  "an array of tags (fixed strings or key templates such as 'user:{id}'), or a function of the arguments returning one";

/**
 * Compiles the `tags` option once, at wrap or decoration time: fixed strings stay as they are,
 * strings with fields become key templates over `fn`'s parameters (DESIGN.md §4's syntax), a
 * function is called with the call's arguments (and the instance as `this`). Reports problems into
 * `bad` (option `tags`) and returns `null` for them.
 * @internal
 */
export function compileTags(
  tags: unknown,
  fn: (...args: never[]) => unknown,
  isMethod: boolean,
  bad: (problem: InvalidOption) => void,
): TagsOf | null {
  if (typeof tags === 'function') {
    const produce = tags as (...args: unknown[]) => unknown;
    return (thisArg, args) => checkedTags(produce.apply(thisArg, Array.prototype.slice.call(args) as unknown[]));
  }
  if (!Array.isArray(tags)) {
    bad({ option: 'tags', value: tags, expected: EXPECTED });
    return null;
  }
  const renderers: Array<string | TemplateKeyStrategy> = [];
  let ok = true;
  for (const tag of tags as unknown[]) {
    if (typeof tag !== 'string') {
      bad({ option: 'tags', value: tag, expected: `a string tag or key template, in ${EXPECTED}` });
      ok = false;
      continue;
    }
    if (!/[{}]/.test(tag)) {
      renderers.push(tag);
      continue;
    }
    try {
      renderers.push(new TemplateKeyStrategy(tag, fn, { isMethod }));
    } catch (error) {
      if (!(error instanceof InvalidCacheConfigError)) throw error;
      bad({ option: 'tags', value: tag, expected: error.problems[0]?.expected ?? 'a valid key template' });
      ok = false;
    }
  }
  if (!ok) return null;
  if (renderers.every((tag) => typeof tag === 'string')) {
    const fixed = Object.freeze(renderers.slice());
    return () => fixed;
  }
  return (thisArg, args) => {
    const call = { thisArg, args: Array.prototype.slice.call(args) as unknown[] };
    return renderers.map((tag) => (typeof tag === 'string' ? tag : tag.keyFor(call)));
  };
}

/** A tags function's result, checked: an array of strings. */
function checkedTags(produced: unknown): readonly string[] {
  if (Array.isArray(produced) && produced.every((tag) => typeof tag === 'string')) return produced;
  throw new InvalidCacheConfigError([
    { option: 'tags', value: produced, expected: 'the tags function to return an array of strings' },
  ]);
}
