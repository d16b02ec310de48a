/**
 * Cached functions for the per-entry control tests: every combination of function kind (sync,
 * async), entry point (`wrap`, `@Cacheable`), key kind (default, template, `Key.SINGLE_KEY`, key
 * function, a custom `KeyStrategy` as option and rebound) and table layout (plain: raw values; rich:
 * `Entry`s, here through an expiration), each behind one small interface.
 *
 * @packageDocumentation
 */
import 'reflect-metadata';
import { injectable, type Container } from 'inversify';
import {
  Cacheable,
  CacheManager,
  Key,
  KeyStrategy,
  createCacheContainer,
  type CacheControls,
  type CacheOptions,
  type KeyCall,
} from '../../../src';

export type FunctionKind = 'sync' | 'async';
/**
 * `@Cacheable` is the first instance a method cache serves (its primary one, keyed as `wrap` keys);
 * `@Cacheable (2nd instance)` another one (keyed with its instance prefix).
 */
export type EntryPoint = 'wrap' | '@Cacheable' | '@Cacheable (2nd instance)';
export type KeyKind =
  'default' | 'template' | 'single key' | 'key function' | 'KeyStrategy option' | 'KeyStrategy rebound';
export type Layout = 'plain' | 'rich';

export const FUNCTION_KINDS: readonly FunctionKind[] = ['sync', 'async'];
export const ENTRY_POINTS: readonly EntryPoint[] = ['wrap', '@Cacheable', '@Cacheable (2nd instance)'];
export const KEY_KINDS: readonly KeyKind[] = [
  'default',
  'template',
  'single key',
  'key function',
  'KeyStrategy option',
  'KeyStrategy rebound',
];
export const LAYOUTS: readonly Layout[] = ['plain', 'rich'];

/** Every combination, for `describe.each`. */
export const ALL_COMBINATIONS: Array<[FunctionKind, EntryPoint, KeyKind, Layout]> = FUNCTION_KINDS.flatMap((kind) =>
  ENTRY_POINTS.flatMap((entry) =>
    KEY_KINDS.flatMap((key) =>
      LAYOUTS.map((layout): [FunctionKind, EntryPoint, KeyKind, Layout] => [kind, entry, key, layout]),
    ),
  ),
);

/** A custom key: `'custom:' + the first argument`. */
export class PrefixKeyStrategy extends KeyStrategy {
  override keyFor(call: KeyCall): unknown {
    return `custom:${String(call.args[0])}`;
  }
}

/** The same, as a class a container can construct (for `rebind(KeyStrategy)`). */
@injectable()
export class BoundPrefixKeyStrategy extends PrefixKeyStrategy {}

/** The controls of one id-keyed cached function. */
export type IdControls = CacheControls<(id: string) => unknown>;

/** One cached function `get(id)` and everything a test needs around it. */
export interface Subject {
  readonly kind: FunctionKind;
  readonly manager: CacheManager;
  /** Calls the cached function. */
  get(id: string): unknown;
  /** The per-entry controls (`wrap`'s function, or `cacheOf(instance, 'get')`). */
  readonly controls: IdControls;
  /** How many times the function ran. */
  readonly loads: number;
  /** What the function returns for `id` on load `n` (1-based): `'id#n'` (settled). */
  readonly resultOf: (id: string, n: number) => string;
  /** True when two different ids share one entry (single key). */
  readonly shared: boolean;
  /** From now on, loads wait until `release()` (async only); returns `release`. */
  hold(): () => void;
  /** From now on, loads fail with `error` (async: reject; sync: throw). `null` stops failing. */
  failWith(error: Error | null): void;
  /** Settles what a call or control returned (awaits for async functions). */
  settle(value: unknown): Promise<unknown>;
}

/** Options for the key kind and layout (the rich layout comes from an expiration of an hour). */
export function optionsFor(key: KeyKind, layout: Layout, extra: CacheOptions = {}): CacheOptions {
  const options: Record<string, unknown> = { ...extra };
  if (layout === 'rich' && options.expiration === undefined) options.expiration = 3600;
  switch (key) {
    case 'template':
      options.key = 'user:{id}';
      break;
    case 'single key':
      options.key = Key.SINGLE_KEY;
      break;
    case 'key function':
      options.key = (id: string) => `fn:${id}`;
      break;
    case 'KeyStrategy option':
      options.key = new PrefixKeyStrategy();
      break;
    default:
      break;
  }
  return options;
}

/**
 * Builds the subject for one combination; `extra` options are added (e.g. `negativeCache`), and
 * `configure` may rebind tokens of the subject's container before its manager is made.
 */
export function makeSubject(
  kind: FunctionKind,
  entry: EntryPoint,
  key: KeyKind,
  layout: Layout,
  extra: CacheOptions = {},
  configure: (container: Container) => void = () => undefined,
): Subject {
  const container = createCacheContainer();
  configure(container);
  if (key === 'KeyStrategy rebound') container.rebind(KeyStrategy).to(BoundPrefixKeyStrategy);
  const manager = container.get(CacheManager);
  const state = { loads: 0, gate: null as Promise<void> | null, error: null as Error | null };
  const resultOf = (id: string, n: number): string => `${id}#${n}`;
  const loadSync = (id: string): string => {
    state.loads++;
    if (state.error !== null) throw state.error;
    return resultOf(id, state.loads);
  };
  const loadAsync = async (id: string): Promise<string> => {
    state.loads++;
    const n = state.loads;
    const error = state.error;
    if (state.gate !== null) await state.gate;
    else await Promise.resolve();
    if (error !== null) throw error;
    return resultOf(id, n);
  };
  const options = optionsFor(key, layout, extra);
  let get: (id: string) => unknown;
  let controls: IdControls;
  if (entry === 'wrap') {
    const cached =
      kind === 'async'
        ? manager.wrap(async (id: string) => loadAsync(id), options as CacheOptions<(id: string) => Promise<string>>)
        : manager.wrap((id: string) => loadSync(id), options as CacheOptions<(id: string) => string>);
    get = (id) => cached(id);
    controls = cached;
  } else if (kind === 'async') {
    @injectable()
    class AsyncService {
      @Cacheable(options)
      async get(id: string): Promise<string> {
        return loadAsync(id);
      }
    }
    container.bind(AsyncService).toSelf();
    if (entry !== '@Cacheable') manager.cacheOf(container.get(AsyncService), 'get');
    const service = container.get(AsyncService);
    get = (id) => service.get(id);
    controls = manager.cacheOf(service, 'get');
  } else {
    @injectable()
    class SyncService {
      @Cacheable(options)
      get(id: string): string {
        return loadSync(id);
      }
    }
    container.bind(SyncService).toSelf();
    if (entry !== '@Cacheable') manager.cacheOf(container.get(SyncService), 'get');
    const service = container.get(SyncService);
    get = (id) => service.get(id);
    controls = manager.cacheOf(service, 'get');
  }
  return {
    kind,
    manager,
    get,
    controls,
    get loads() {
      return state.loads;
    },
    resultOf,
    shared: key === 'single key',
    hold: () => {
      let release!: () => void;
      state.gate = new Promise<void>((resolve) => {
        release = () => {
          state.gate = null;
          resolve();
        };
      });
      return release;
    },
    failWith: (error) => {
      state.error = error;
    },
    settle: async (value) => (kind === 'async' ? await value : value),
  };
}

/** Lets queued promise callbacks run. */
export async function flush(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve();
}
