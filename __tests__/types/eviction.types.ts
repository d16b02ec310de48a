/**
 * Type tests for the eviction options (design/eviction.md): `eviction`, `maxWeight` and `weigh`,
 * `WindowTinyLfuEviction`'s options and `cacheInfo().currentWeight` (checked by `npm run test:types`,
 * never run).
 */
import { expectTypeOf } from 'expect-type';
import {
  Cacheable,
  CacheManager,
  createCacheContainer,
  EvictionPolicy,
  LeastRecentlyUsedEviction,
  WindowTinyLfuEviction,
} from '../../src';
import type { CacheParameters, EvictionOption, WeighFunction, WindowTinyLfuOptions } from '../../src';

declare function loadPage(url: string, lang: 'en' | 'cs'): Promise<{ body: string }>;
declare function render(template: string): string;

const manager = createCacheContainer().get(CacheManager);

// --- eviction: the two names or any EvictionPolicy instance ------------------------------------
expectTypeOf<EvictionOption>().toEqualTypeOf<'lru' | 'w-tinylfu' | EvictionPolicy>();
manager.wrap(render, { maxsize: 100, eviction: 'lru' });
manager.wrap(render, { maxsize: 100, eviction: 'w-tinylfu' });
manager.wrap(render, { maxsize: 100, eviction: new WindowTinyLfuEviction({ random: () => 0.5 }) });
manager.wrap(render, { maxsize: 100, eviction: new LeastRecentlyUsedEviction() });
manager.wrap(render, { maxsize: 100, eviction: null });
// @ts-expect-error no such policy name
manager.wrap(render, { maxsize: 100, eviction: 'fifo' });
// @ts-expect-error a policy class is no policy instance
manager.wrap(render, { maxsize: 100, eviction: WindowTinyLfuEviction });

// WindowTinyLfuEviction's options.
expectTypeOf<WindowTinyLfuOptions>().toEqualTypeOf<{
  readonly random?: () => number;
  readonly adaptiveWindow?: boolean;
}>();
new WindowTinyLfuEviction();
new WindowTinyLfuEviction({ adaptiveWindow: false });
// @ts-expect-error random is a function
new WindowTinyLfuEviction({ random: 0.5 });
// @ts-expect-error adaptiveWindow is a boolean
new WindowTinyLfuEviction({ adaptiveWindow: 'no' });

// --- maxWeight and weigh: weigh gets the settled result and the call's arguments ---------------
manager.wrap(loadPage, {
  maxWeight: 1_000_000,
  weigh: (page, url, lang) => {
    expectTypeOf(page).toEqualTypeOf<{ body: string }>();
    expectTypeOf(url).toEqualTypeOf<string>();
    expectTypeOf(lang).toEqualTypeOf<'en' | 'cs'>();
    return page.body.length;
  },
});
manager.wrap(render, { maxWeight: 64, weigh: (html) => html.length, maxsize: 10, eviction: 'w-tinylfu' });
manager.wrap(render, { maxWeight: null, weigh: null });
// @ts-expect-error weigh receives the settled result, not the promise
manager.wrap(loadPage, { maxWeight: 10, weigh: (page: Promise<{ body: string }>) => (page === null ? 0 : 1) });
// @ts-expect-error weigh returns a number
manager.wrap(render, { maxWeight: 10, weigh: (html) => html });
// @ts-expect-error maxWeight is a number
manager.wrap(render, { maxWeight: '10', weigh: (html) => html.length });

// --- the parameters and cacheInfo() show them --------------------------------------------------
const pages = manager.wrap(loadPage, { maxWeight: 10, weigh: (page) => page.body.length });
expectTypeOf(pages.cacheInfo().currentWeight).toEqualTypeOf<number | null>();
expectTypeOf<CacheParameters['eviction']>().toEqualTypeOf<EvictionOption | null>();
expectTypeOf<CacheParameters['maxWeight']>().toEqualTypeOf<number | null>();
expectTypeOf<CacheParameters['weigh']>().toEqualTypeOf<WeighFunction | null>();

// --- @Cacheable: a weigh over the method's own types --------------------------------------------
export class PageService {
  @Cacheable({
    maxWeight: 1024,
    weigh: (html: string, name: string) => html.length + name.length,
    eviction: 'w-tinylfu',
  })
  render(name: string): string {
    return name;
  }

  @Cacheable({ maxsize: 10, eviction: 'lru' })
  async load(url: string): Promise<string> {
    return Promise.resolve(url);
  }
}
