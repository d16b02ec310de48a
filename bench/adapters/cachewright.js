'use strict';
/**
 * cachewright, from ../../dist (run `npm run build` first), measured several ways:
 * `wrap` with the scenario's options; a `@Cacheable` method (legacy decorator call form, plain JS);
 * `wrap` with an expiration + maxsize (the rich entry layout); `wrap(fn)` with no options; for F,
 * a container whose `Clock` is rebound to `CoarseClock`; for D and E, W-TinyLFU eviction; `wrap` with
 * `instrumentCacheMetrics` active (A, B, D, F); and, for D, `wrap` with a `cachewright:fetch` subscriber.
 */

let cw;
function lib() {
  if (cw === undefined) {
    require('reflect-metadata');
    cw = require('../../dist');
  }
  return cw;
}

const managers = new Map();
/**
 * The manager of one setup: `'system'`, `'coarse'` (Clock rebound to CoarseClock), `'metrics'` (the
 * system clock, with `instrumentCacheMetrics` from ../../dist/otel active on a real OpenTelemetry
 * SDK meter whose reader collects every minute), `'subscribed'` (the system clock, with a no-op
 * subscriber on the `cachewright:fetch` tracing channel: every run of every cache is then traced).
 */
function manager(setup = 'system') {
  let m = managers.get(setup);
  if (m === undefined) {
    const { createCacheContainer, CacheManager, CacheErrorHandler, Clock, CoarseClock } = lib();
    const container = createCacheContainer();
    if (setup === 'coarse') container.rebind(Clock).to(CoarseClock).inSingletonScope();
    // H's refreshes fail on purpose (their stale entries stay, under staleIfError): report nothing.
    container.rebind(CacheErrorHandler).toConstantValue(
      new (class extends CacheErrorHandler {
        handle() {}
      })(),
    );
    m = { container, manager: container.get(CacheManager) };
    if (setup === 'metrics') instrumentMetrics(m.manager);
    if (setup === 'subscribed') subscribeToFetches();
    managers.set(setup, m);
  }
  return m;
}

function instrumentMetrics(cacheManager) {
  const { instrumentCacheMetrics } = require('../../dist/otel');
  const {
    AggregationTemporality,
    InMemoryMetricExporter,
    MeterProvider,
    PeriodicExportingMetricReader,
  } = require('@opentelemetry/sdk-metrics');
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({ readers: [reader] });
  instrumentCacheMetrics(cacheManager, { meter: provider.getMeter('bench') });
}

function subscribeToFetches() {
  const noop = () => {};
  require('node:diagnostics_channel')
    .tracingChannel(lib().CHANNELS.fetch)
    .subscribe({ start: noop, end: noop, asyncStart: noop, asyncEnd: noop, error: noop });
}

/**
 * The scenario's options as cachewright options (expiration in seconds: a refresh interval; H's
 * stale windows: staleWhileRevalidate, and staleIfError so that a failed refresh keeps its entry).
 */
function options(opts) {
  const o = {};
  if (opts.maxsize !== null) o.maxsize = opts.maxsize;
  if (opts.ttlMs !== null) o.expiration = opts.ttlMs / 1000;
  if (opts.staleMs !== undefined) {
    o.staleWhileRevalidate = opts.staleMs / 1000;
    o.staleIfError = opts.staleMs / 1000;
  }
  return o;
}

/** Runs `fn` inside a `withCacheScope` that sets nothing (scenario I). */
function inScope(fn) {
  return lib().withCacheScope({}, fn);
}

function wrapWith(optionsOf, clock) {
  const wrap = (fn, opts) => manager(clock).manager.wrap(fn, optionsOf(opts));
  return { sync: wrap, async: wrap, sync2: wrap };
}

let classCount = 0;
/** A class with one `@Cacheable` method `get`, resolved from the container. */
function decorated(kind, fn, opts) {
  return decoratedWith(kind, fn, options(opts));
}

/** `decorated` with cachewright options as they are. */
function decoratedWith(kind, fn, cacheOptions) {
  const { Cacheable } = lib();
  const { injectable } = require('inversify');
  const { container } = manager();
  let Svc;
  if (kind === 'async') {
    Svc = class {
      async get(k) {
        return fn(k);
      }
    };
  } else if (kind === 'sync2') {
    Svc = class {
      get(a, b) {
        return fn(a, b);
      }
    };
  } else {
    Svc = class {
      get(k) {
        return fn(k);
      }
    };
  }
  Object.defineProperty(Svc, 'name', { value: `Svc${++classCount}` });
  const descriptor = Object.getOwnPropertyDescriptor(Svc.prototype, 'get');
  Cacheable(cacheOptions)(Svc.prototype, 'get', descriptor);
  Object.defineProperty(Svc.prototype, 'get', descriptor);
  injectable()(Svc);
  container.bind(Svc).toSelf().inSingletonScope();
  const instance = container.get(Svc);
  if (kind === 'sync2') return (a, b) => instance.get(a, b);
  return (k) => instance.get(k);
}

/**
 * The 20 option sets of scenario M: what a service's cached methods look like (bounds, TTLs,
 * negative caching, retries, names, tags, stale windows, `cacheIf`, `@Cacheable` methods). Long TTLs:
 * every call of the measured loop is a hit.
 */
const MANY_SETS = [
  { wrap: {} },
  { wrap: { maxsize: 10_000 } },
  { wrap: { maxsize: 2_000 } },
  { wrap: { expiration: '1 hour' } },
  { wrap: { expiration: '1 hour', maxsize: 10_000 } },
  { wrap: { expiration: 3600 } },
  { wrap: { negativeCache: true } },
  { wrap: { negativeCache: 'rethrow', maxsize: 5_000 } },
  { wrap: { retryCount: 2 } },
  { wrap: { name: 'named', maxsize: 10_000 } },
  { wrap: { tags: ['tagged'], maxsize: 10_000 } },
  { wrap: { staleWhileRevalidate: '1 minute', expiration: '1 hour' } },
  { wrap: { cacheIf: () => true } },
  { wrap: { expiration: '1 hour', negativeCache: true, maxsize: 10_000 } },
  { wrap: { maxsize: 100_000 } },
  { wrap: { staleIfError: '1 minute', expiration: '1 hour', maxsize: 20_000 } },
  { wrap: { retryCount: 1, backoffInSeconds: 1 } },
  { wrap: { name: 'renamed', expiration: '2 hours' } },
  { method: { maxsize: 10_000 } },
  { method: { expiration: '1 hour' } },
];

/** The tags of the tagged rows: one per key (a template over the argument) and one shared by all. */
const TAGS = ['t:{0}', 'all'];

/**
 * Scenario T: a sync cache of `n` entries, each tagged `t:<key>` and `all`; returns what
 * `invalidateTags` over them takes (a function of the tags, resolving to the count removed).
 */
function taggedEntries(n) {
  const { manager: m } = manager();
  const cached = m.wrap((k) => k.length, { tags: TAGS });
  for (let i = 0; i < n; i++) cached('k' + i);
  return { size: () => cached.cacheInfo().currentSize, invalidate: (tags) => m.invalidateTags(tags) };
}

/** Caches of scenario M: one per option set index, each a function of one key. */
function many(sets, fn) {
  return sets.map((set) => {
    const spec = MANY_SETS[set];
    if (spec.wrap) return manager().manager.wrap((k) => fn(k), spec.wrap);
    return decoratedWith('sync', fn, spec.method);
  });
}

module.exports = [
  {
    id: 'cw-wrap',
    name: 'cachewright wrap',
    kind: 'cachewright',
    order: 1,
    inScope,
    ...wrapWith(options, 'system'),
  },
  {
    id: 'cw-cacheable',
    name: 'cachewright @Cacheable',
    kind: 'cachewright',
    order: 2,
    only: ['A', 'As', 'B', 'E', 'Fs', 'Fa', 'G', 'Hs', 'Ha', 'I'],
    inScope,
    sync: (fn, opts) => decorated('sync', fn, opts),
    async: (fn, opts) => decorated('async', fn, opts),
    sync2: (fn, opts) => decorated('sync2', fn, opts),
  },
  {
    id: 'cw-expiring',
    name: "cachewright wrap, expiration '1 hour' + maxsize",
    kind: 'cachewright',
    order: 3,
    skip: { Fs: 'same as wrap in F', Fa: 'same as wrap in F' },
    ...wrapWith((opts) => ({ maxsize: opts.maxsize ?? 10_000, expiration: '1 hour' }), 'system'),
  },
  {
    id: 'cw-unbounded',
    name: 'cachewright wrap(fn), no options',
    kind: 'cachewright',
    order: 4,
    only: ['A', 'As', 'B', 'E', 'G'],
    ...wrapWith(() => ({}), 'system'),
  },
  {
    id: 'cw-tinylfu',
    name: 'cachewright wrap, w-tinylfu',
    kind: 'cachewright',
    order: 6,
    only: ['D', 'Ds', 'E'],
    ...wrapWith((opts) => ({ ...options(opts), eviction: 'w-tinylfu' }), 'system'),
  },
  {
    id: 'cw-coarse',
    name: 'cachewright wrap + CoarseClock',
    kind: 'cachewright',
    order: 5,
    only: ['Fs', 'Fa'],
    ...wrapWith(options, 'coarse'),
  },
  {
    id: 'cw-tagged',
    name: "cachewright wrap + tags ['t:{0}', 'all']",
    kind: 'cachewright',
    order: 6,
    only: ['A', 'As', 'B', 'Bs', 'Fs', 'Fa', 'Fss', 'Fas', 'T'],
    ...wrapWith((opts) => ({ ...options(opts), tags: TAGS }), 'system'),
    tags: taggedEntries,
  },
  {
    id: 'cw-many',
    name: 'cachewright, 20 caches of different option sets',
    kind: 'cachewright',
    order: 20,
    only: ['M'],
    many,
  },
  {
    id: 'cw-many-alone',
    name: 'cachewright, each option set alone (mean)',
    kind: 'cachewright',
    order: 21,
    only: ['M'],
    alone: true,
    many,
  },
  {
    id: 'cw-metrics',
    name: 'cachewright wrap, instrumentCacheMetrics active',
    kind: 'cachewright',
    order: 6,
    only: ['A', 'B', 'D', 'Fs', 'Fa'],
    ...wrapWith(options, 'metrics'),
  },
  {
    id: 'cw-fetch-subscriber',
    name: 'cachewright wrap, a cachewright:fetch subscriber attached',
    kind: 'cachewright',
    order: 7,
    only: ['D'],
    ...wrapWith(options, 'subscribed'),
  },
];
