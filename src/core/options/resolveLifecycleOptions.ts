import { InvalidCacheConfigError } from '../../contracts/errors/InvalidCacheConfigError';
import { compileAdoption, type AdoptionFunction } from '../../policies/lifecycle/adoptResources';
import { DURATION_FORM, durationToMs } from './resolveDuration';
import type { OptionReader } from './OptionReader';

/** The resource-lifecycle options once validated. @internal */
export interface ResolvedLifecycleOptions {
  /** What `wrapAsyncExitStack` adopts from a result, or `null` when it adopts nothing. */
  readonly adoption: AdoptionFunction | null;
  /** `exitStackCloseDelay` in milliseconds, or `null`. */
  readonly closeDelayMs: number | null;
}

/**
 * Validates `wrapAsyncExitStack` and `exitStackCloseDelay` (DESIGN.md §6): both need an async
 * function; the adoption paths are compiled once here. Problems go to `reader`.
 * @internal
 */
export function resolveLifecycleOptions(
  reader: OptionReader,
  context: { readonly async: boolean },
): ResolvedLifecycleOptions {
  const stack = reader.orNull('wrapAsyncExitStack');
  let adoption: AdoptionFunction | null = null;
  if (stack !== null && stack !== false) {
    if (!context.async) {
      reader.bad('wrapAsyncExitStack', stack, 'null or false: resource adoption needs an async function');
    } else {
      try {
        adoption = compileAdoption(stack);
      } catch (error) {
        const expected =
          error instanceof InvalidCacheConfigError && error.problems[0] !== undefined
            ? error.problems[0].expected
            : "true, '*' or a list of paths";
        reader.bad('wrapAsyncExitStack', stack, expected);
      }
    }
  }

  const delay = reader.orNull('exitStackCloseDelay');
  let closeDelayMs: number | null = null;
  if (delay !== null) {
    const ms = durationToMs(delay);
    if (!context.async) reader.bad('exitStackCloseDelay', delay, 'null: a close delay needs an async function');
    else if (ms === undefined) reader.bad('exitStackCloseDelay', delay, DURATION_FORM);
    else closeDelayMs = ms;
  }
  return { adoption, closeDelayMs };
}
