/**
 * Type tests for the `shared` option (checked by `npm run test:types`, never run): its forms,
 * `cacheParameters().shared`, and `cacheStats().shared`.
 */
import { expectTypeOf } from 'expect-type';
import { Cacheable, CacheManager, createCacheContainer } from '../../src';
import type { CacheOptions, SharedCacheStats, SharedOption, SharedParameters } from '../../src';

declare function load(id: string): Promise<{ id: string }>;

const manager = createCacheContainer().get(CacheManager);

const forms: CacheOptions[] = [
  { shared: true },
  { shared: false },
  { shared: null },
  { shared: { name: 'orders' } },
  { shared: { name: 'orders', version: 2 } },
  { shared: { version: 'v2' }, name: 'orders' },
];
expectTypeOf(forms).toBeArray();
expectTypeOf<SharedOption>().toEqualTypeOf<{ readonly name?: string; readonly version?: string | number }>();

// @ts-expect-error shared takes a boolean or an object
const badForm: CacheOptions = { shared: 'yes' };
// @ts-expect-error version is a string or a number
const badVersion: CacheOptions = { shared: { name: 'n', version: true } };
// @ts-expect-error no other member
const badMember: CacheOptions = { shared: { nme: 'typo' } };
void [badForm, badVersion, badMember];

const rates = manager.wrap(load, { shared: { name: 'rates' }, expiration: '1 hour' });
expectTypeOf(rates.cacheParameters().shared).toEqualTypeOf<SharedParameters>();
expectTypeOf(rates.cacheStats().shared).toEqualTypeOf<SharedCacheStats | undefined>();
expectTypeOf<SharedCacheStats>().toEqualTypeOf<{
  readonly hits: number;
  readonly notified: number;
  readonly degraded: number;
}>();
const shown = rates.cacheParameters().shared;
if (shown !== false) expectTypeOf(shown.name).toBeString();

class Orders {
  @Cacheable({ shared: true, expiration: '10 minutes' })
  async getOrder(id: string): Promise<string> {
    return Promise.resolve(id);
  }
}
expectTypeOf(new Orders().getOrder).toEqualTypeOf<(id: string) => Promise<string>>();
