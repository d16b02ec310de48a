'use strict';
/** The targets table of DESIGN.md §1.2, checked against one run's medians. */

function find(report, scenarioId) {
  const s = report.scenarios.find((x) => x.id === scenarioId);
  if (!s) return null;
  const row = (id) => s.rows.find((r) => r.id === id && r.status === 'ok');
  const best = (pred) =>
    s.rows
      .filter((r) => r.status === 'ok' && pred(r))
      .reduce((b, r) => (b === null || (s.metric === 'ops' ? r.median > b.median : r.median < b.median) ? r : b), null);
  return { s, row, best };
}

const x = (v) => (v === null || v === undefined ? 'n/a' : `×${v.toFixed(2)}`);
const M = (v) => `${(v / 1e6).toFixed(2)}M`;

function evaluateTargets(report) {
  const out = [];
  const add = (scenario, row, requirement, met, detail) => out.push({ scenario, row, requirement, met: !!met, detail });

  for (const [id, label] of [
    ['A', 'A sync hit'],
    ['As', 'As sync hit (string ids)'],
    ['B', 'B async hit'],
    ['Bs', 'Bs async hit (string ids)'],
  ]) {
    const f = find(report, id);
    if (!f) continue;
    const memo = f.row('memo');
    const memoizer = f.best((r) => r.kind === 'peer' && r.memoizer);
    for (const [rowId, name, limit] of [
      ['cw-wrap', 'wrap', 1.5],
      ['cw-cacheable', '@Cacheable', 2],
    ]) {
      const r = f.row(rowId);
      if (!r || !memo) {
        add(label, name, `≤ ${limit}× memo`, false, 'not measured');
        continue;
      }
      const cost = memo.median / r.median;
      add(label, name, `≤ ${limit}× memo`, cost <= limit, `${M(r.median)} vs memo ${M(memo.median)}: ${x(cost)}`);
      if (memoizer) {
        add(
          label,
          name,
          '≥ fastest memoizing peer',
          r.median >= memoizer.median,
          `${M(r.median)} vs ${memoizer.name} ${M(memoizer.median)}`,
        );
      }
    }
  }

  {
    const f = find(report, 'C');
    const r = f?.row('cw-wrap');
    const memo = f?.row('memo');
    if (r && memo) {
      add(
        'C stampede',
        'wrap',
        'exactly 1 loader call',
        r.extra.loaderCalls === 1,
        `${r.extra.loaderCalls} loader call(s)`,
      );
      const cost = r.median / memo.median;
      add(
        'C stampede',
        'wrap',
        'wall ≤ 1.1× memo',
        cost <= 1.1,
        `${r.median.toFixed(1)} ms vs memo ${memo.median.toFixed(1)} ms: ${x(cost)}`,
      );
    }
  }

  for (const [id, label] of [
    ['D', 'D churn'],
    ['Ds', 'Ds churn (string ids)'],
  ]) {
    const f = find(report, id);
    const r = f?.row('cw-wrap');
    const lru = f?.row('lru-cache');
    const memo = f?.row('memo');
    if (r && lru) {
      add(label, 'wrap', '≥ lru-cache as memo (ops/s)', r.median >= lru.median, `${M(r.median)} vs ${M(lru.median)}`);
    }
    if (r && memo) {
      const same = Math.abs(r.extra.hitRatio - memo.extra.hitRatio) < 1e-9;
      add(
        label,
        'wrap',
        'exact-LRU hit ratio',
        same,
        `${(r.extra.hitRatio * 100).toFixed(3)}% vs exact LRU ${(memo.extra.hitRatio * 100).toFixed(3)}%`,
      );
    }
  }

  {
    // design/eviction.md: W-TinyLFU at least as fast as lru-cache used as a memo, 5 points above exact LRU.
    const f = find(report, 'D');
    const r = f?.row('cw-tinylfu');
    const lru = f?.row('lru-cache');
    const memo = f?.row('memo');
    if (r && lru) {
      add(
        'D churn',
        'wrap, w-tinylfu',
        '≥ lru-cache as memo (ops/s)',
        r.median >= lru.median,
        `${M(r.median)} vs ${M(lru.median)}`,
      );
    }
    if (r && memo) {
      const gain = (r.extra.hitRatio - memo.extra.hitRatio) * 100;
      add(
        'D churn',
        'wrap, w-tinylfu',
        'hit ratio ≥ exact LRU + 5 points',
        gain >= 5,
        `${(r.extra.hitRatio * 100).toFixed(2)}% vs exact LRU ${(memo.extra.hitRatio * 100).toFixed(2)}%: +${gain.toFixed(2)}`,
      );
    }
  }

  {
    const f = find(report, 'E');
    const r = f?.row('cw-tinylfu');
    const lru = f?.row('lru-cache');
    if (r && lru) {
      const cost = r.median / lru.median;
      add(
        'E bytes/entry',
        'wrap, w-tinylfu',
        '≤ 1.5× lru-cache',
        cost <= 1.5,
        `${r.median.toFixed(1)} B vs ${lru.median.toFixed(1)} B: ${x(cost)}`,
      );
    }
  }

  {
    // DESIGN.md §1.2 round 2: every row users write, against lru-cache (with `ttl` for a TTL row).
    const f = find(report, 'E');
    for (const [rowId, name, peerId] of [
      ['cw-wrap', 'wrap', 'lru-cache'],
      ['cw-cacheable', '@Cacheable', 'lru-cache'],
      ['cw-expiring', 'wrap, expiration + maxsize', 'lru-cache-ttl'],
    ]) {
      const r = f?.row(rowId);
      const lru = f?.row(peerId);
      if (r && lru) {
        const cost = r.median / lru.median;
        add(
          'E bytes/entry',
          name,
          `≤ 1.5× ${lru.name}`,
          cost <= 1.5,
          `${r.median.toFixed(1)} B vs ${lru.median.toFixed(1)} B: ${x(cost)}`,
        );
      }
    }
  }

  for (const [id, label] of [
    ['Fs', 'F TTL sync'],
    ['Fa', 'F TTL async'],
    ['Fss', 'F TTL sync (string ids)'],
    ['Fas', 'F TTL async (string ids)'],
  ]) {
    const f = find(report, id);
    if (!f) continue;
    const memo = f.row('memo');
    const lruCache = f.row('lru-cache');
    const coarseMemo = f.row('memo-coarse');
    const peer = f.best((r) => r.kind === 'peer');
    const wrap = f.row('cw-wrap');
    const coarse = f.row('cw-coarse');
    if (wrap && memo) {
      const cost = memo.median / wrap.median;
      add(
        label,
        'wrap (SystemClock)',
        '≤ 1.5× memo with Date.now()',
        cost <= 1.5,
        `${M(wrap.median)} vs ${M(memo.median)}: ${x(cost)}`,
      );
    }
    if (wrap && lruCache) {
      // Round 2: the exact default clock (one Date.now() per check) against lru-cache's 1 ms-coarse TTL.
      add(
        label,
        'wrap (SystemClock)',
        '≥ lru-cache with ttl (round 2)',
        wrap.median >= lruCache.median,
        `${M(wrap.median)} vs ${M(lruCache.median)}`,
      );
    }
    if (coarse && peer) {
      add(
        label,
        'wrap + CoarseClock',
        '≥ fastest peer',
        coarse.median >= peer.median,
        `${M(coarse.median)} vs ${peer.name} ${M(peer.median)}`,
      );
    }
    if (coarse && coarseMemo) {
      const cost = coarseMemo.median / coarse.median;
      add(
        label,
        'wrap + CoarseClock',
        '≤ 1.5× memo with coarse clock',
        cost <= 1.5,
        `${M(coarse.median)} vs ${M(coarseMemo.median)}: ${x(cost)}`,
      );
    }
  }

  // Observability (design/observability.md): instrumentCacheMetrics costs nothing on a hit; a
  // cachewright:fetch subscriber (and the metrics' load histogram) costs on the churn path: reported.
  for (const [id, label] of [
    ['A', 'A sync hit'],
    ['B', 'B async hit'],
    ['Fs', 'F TTL sync'],
    ['Fa', 'F TTL async'],
  ]) {
    const f = find(report, id);
    const wrap = f?.row('cw-wrap');
    const metrics = f?.row('cw-metrics');
    if (wrap && metrics) {
      const cost = wrap.median / metrics.median;
      add(
        label,
        'wrap + instrumentCacheMetrics',
        'unchanged within noise (≤ 1.1× wrap)',
        cost <= 1.1,
        `${M(metrics.median)} vs ${M(wrap.median)}: ${x(cost)}`,
      );
    }
  }
  {
    const f = find(report, 'D');
    const wrap = f?.row('cw-wrap');
    for (const [rowId, name] of [
      ['cw-fetch-subscriber', 'wrap + a fetch subscriber'],
      ['cw-metrics', 'wrap + instrumentCacheMetrics'],
    ]) {
      const r = f?.row(rowId);
      if (wrap && r) {
        add(
          'D churn',
          name,
          'reported (informational)',
          true,
          `${M(r.median)} vs ${M(wrap.median)}: ${x(wrap.median / r.median)}`,
        );
      }
    }
  }

  // entries-and-tags.md: a tagged cache's hit costs ≤ 1.1× the same cache without tags.
  for (const [id, label] of [
    ['A', 'A sync hit'],
    ['As', 'As sync hit (string ids)'],
    ['B', 'B async hit'],
    ['Fs', 'F TTL sync'],
    ['Fa', 'F TTL async'],
  ]) {
    const f = find(report, id);
    const tagged = f?.row('cw-tagged');
    const wrap = f?.row('cw-wrap');
    if (tagged && wrap) {
      const cost = wrap.median / tagged.median;
      add(
        label,
        'wrap + tags',
        '≤ 1.1× the same cache without tags',
        cost <= 1.1,
        `${M(tagged.median)} vs ${M(wrap.median)}: ${x(cost)}`,
      );
    }
  }

  {
    // Round 2: 20 caches of different option sets in one process hit at ≤ 1.3× each set alone.
    const f = find(report, 'M');
    const mixed = f?.row('cw-many');
    const alone = f?.row('cw-many-alone');
    if (mixed && alone) {
      const cost = alone.median / mixed.median;
      add(
        'M many caches',
        '20 option sets',
        '≤ 1.3× each set alone',
        cost <= 1.3,
        `${M(mixed.median)} vs alone ${M(alone.median)}: ${x(cost)}`,
      );
    }
  }

  {
    const f = find(report, 'G');
    const r = f?.row('cw-wrap');
    const memo = f?.row('memo');
    if (r && memo) {
      const cost = memo.median / r.median;
      add(
        'G 2 args',
        'wrap',
        '≤ 2× memo keyed by JSON.stringify(args)',
        cost <= 2,
        `${M(r.median)} vs ${M(memo.median)}: ${x(cost)}`,
      );
    }
  }
  for (const [id, label] of [
    ['Hs', 'H stale hit sync'],
    ['Ha', 'H stale hit async'],
  ]) {
    const f = find(report, id);
    if (!f) continue;
    for (const [rowId, name] of [
      ['cw-wrap', 'wrap'],
      ['cw-cacheable', '@Cacheable'],
    ]) {
      const r = f.row(rowId);
      if (!r) continue;
      const cost = r.extra.costVsFresh;
      add(
        label,
        name,
        '≤ 1.2× a fresh hit of the same cache',
        cost <= 1.2,
        `${r.extra.nsPerOp.toFixed(1)} ns vs fresh ${r.extra.freshNsPerOp.toFixed(1)} ns: ${x(cost)}`,
      );
    }
  }

  {
    const f = find(report, 'I');
    for (const [rowId, name] of [
      ['cw-wrap', 'wrap'],
      ['cw-cacheable', '@Cacheable'],
    ]) {
      const r = f?.row(rowId);
      if (!r) continue;
      add(
        'I hit in withCacheScope',
        name,
        'reported: cost against a hit before any scope (one AsyncLocalStorage read more)',
        true,
        `${r.extra.nsPerOp.toFixed(1)} ns vs ${r.extra.plainNsPerOp.toFixed(1)} ns: ${x(r.extra.costVsPlain)}`,
      );
    }
  }
  return out;
}

module.exports = { evaluateTargets };
