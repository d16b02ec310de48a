import { Container } from 'inversify';
import { CacheModule } from './CacheModule';

/**
 * A new Inversify `Container` with `CacheModule` loaded: every default binding, ready to `rebind`.
 * @example
 * ```ts
 * const container = createCacheContainer();
 * container.rebind(RetryPolicy).to(MyRetry);
 * const manager = container.get(CacheManager);
 * ```
 */
export function createCacheContainer(): Container {
  const container = new Container();
  container.load(CacheModule);
  return container;
}
