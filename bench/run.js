'use strict';
/**
 * The benchmark runner:
 *   node bench/run.js [--quick] [--scenarios=A,B] [--adapters=memo,cw-wrap] [--runs=N] [--peer-runs=N]
 *   node bench/run.js --report   (re-renders bench/RESULTS.md from results/latest.json, e.g. after
 *                                 editing bench/gaps.md; measures nothing)
 * --quick: 2 processes per floor/cachewright cell, 1 per peer cell, shorter samples (< 60 s in all);
 *          writes only results/<date>-quick.json (latest.json and RESULTS.md stay the full run's).
 * Each scenario × adapter runs in a fresh child process (bench/worker.js), `runs` times; reports the
 * median with min–max, prints a table, writes bench/results/<date>.json and latest.json, and
 * regenerates bench/RESULTS.md (machine, date, medians, min–max, ratios, targets of DESIGN §1.2).
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { SCENARIOS, loadAdapters, skipReason } = require('./scenarios');
const { median } = require('./lib/timing');
const { evaluateTargets } = require('./targets');

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const arg = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const runs = Number(arg('runs') ?? (quick ? 2 : 5));
/** Peers do not change while cachewright is being tuned: quick mode gives them one process each. */
const peerRuns = Number(arg('peer-runs') ?? (quick ? 1 : runs));
const scenarioFilter = arg('scenarios')?.split(',');
const adapterFilter = arg('adapters')?.split(',');
const WORKER = path.join(__dirname, 'worker.js');

function runWorker(scenario, adapter) {
  const nodeArgs = scenario.gc ? ['--expose-gc'] : [];
  const child = spawnSync(
    process.execPath,
    [...nodeArgs, WORKER, scenario.id, adapter.id, ...(quick ? ['--quick'] : [])],
    {
      encoding: 'utf8',
      timeout: quick ? 30_000 : 120_000,
      cwd: path.join(__dirname, '..'),
    },
  );
  if (child.error) return { ok: false, error: String(child.error.message) };
  const line = (child.stdout || '').trim().split('\n').filter(Boolean).pop();
  try {
    return JSON.parse(line);
  } catch {
    return {
      ok: false,
      error: `exit ${child.status}: ${(child.stderr || child.stdout || '').trim().split('\n').slice(0, 3).join(' | ')}`,
    };
  }
}

function aggregate(outcomes) {
  const ok = outcomes.filter((o) => o.ok);
  if (ok.length === 0) return { status: 'error', error: outcomes[0].error };
  const values = ok.map((o) => o.value);
  const extra = {};
  for (const o of ok) {
    for (const [k, v] of Object.entries(o.extra ?? {})) {
      if (k === 'loaderCalls') extra[k] = Math.max(extra[k] ?? 0, v);
      else if (!(k in extra)) extra[k] = v;
    }
  }
  if (ok.length < outcomes.length) extra.failedRuns = outcomes.length - ok.length;
  return {
    status: 'ok',
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    runs: values,
    extra,
  };
}

/** Cost ratio of `x` against `ref` (> 1: x is worse), by metric direction. */
function costRatio(metric, x, ref) {
  if (x === undefined || ref === undefined) return null;
  return metric === 'ops' ? ref / x : x / ref;
}

function better(metric, a, b) {
  return metric === 'ops' ? a > b : a < b;
}

function fmtValue(metric, v) {
  if (v === undefined || v === null) return '—';
  if (metric === 'ops') return v >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : `${(v / 1e3).toFixed(1)}k`;
  if (metric === 'wall') return `${v.toFixed(1)} ms`;
  return `${v.toFixed(1)} B`;
}

const unit = { ops: 'ops/s', wall: 'wall', bytes: 'bytes/entry' };

function main() {
  if (argv.includes('--report')) {
    const report = JSON.parse(fs.readFileSync(path.join(__dirname, 'results', 'latest.json'), 'utf8'));
    fs.writeFileSync(path.join(__dirname, 'RESULTS.md'), renderMarkdown(report));
    process.stdout.write(`bench/RESULTS.md re-rendered from the run of ${report.date}\n`);
    return;
  }
  const started = Date.now();
  const adapters = loadAdapters().filter((a) => !adapterFilter || adapterFilter.includes(a.id));
  const scenarios = SCENARIOS.filter((s) => !scenarioFilter || scenarioFilter.includes(s.id));
  const results = [];
  for (const scenario of scenarios) {
    const rows = [];
    for (const adapter of adapters) {
      const row = { id: adapter.id, name: adapter.name, kind: adapter.kind, memoizer: !!adapter.memoizer };
      const reason = skipReason(adapter, scenario);
      if (reason) {
        rows.push({ ...row, status: 'skipped', note: reason });
        continue;
      }
      process.stderr.write(`${scenario.id} ${adapter.id} `);
      const outcomes = [];
      const t0 = Date.now();
      const cellRuns = adapter.kind === 'peer' ? peerRuns : runs;
      for (let r = 0; r < cellRuns; r++) {
        outcomes.push(runWorker(scenario, adapter));
        process.stderr.write(outcomes[r].ok ? '.' : 'x');
      }
      const seconds = (Date.now() - t0) / 1000;
      process.stderr.write(` ${seconds.toFixed(1)} s\n`);
      rows.push({ ...row, ...aggregate(outcomes), seconds });
    }
    addRatios(scenario, rows);
    results.push({ id: scenario.id, title: scenario.title, metric: scenario.metric, rows });
  }
  const report = {
    date: new Date().toISOString(),
    quick,
    runsPerCell: runs,
    peerRunsPerCell: peerRuns,
    seconds: (Date.now() - started) / 1000,
    machine: machine(),
    scenarios: results,
  };
  report.targets = evaluateTargets(report);
  printTables(report);
  writeOutputs(report);
}

function addRatios(scenario, rows) {
  const ok = rows.filter((r) => r.status === 'ok');
  const floor = ok.find((r) => r.id === 'memo');
  const best = (list) =>
    list.reduce((b, r) => (b === null || better(scenario.metric, r.median, b.median) ? r : b), null);
  const bestPeer = best(ok.filter((r) => r.kind === 'peer'));
  const bestMemoizer = best(ok.filter((r) => r.kind === 'peer' && r.memoizer));
  for (const r of ok) {
    r.vsFloor = costRatio(scenario.metric, r.median, floor?.median);
    r.vsBestPeer = costRatio(scenario.metric, r.median, bestPeer?.median);
    r.vsBestMemoizer = costRatio(scenario.metric, r.median, bestMemoizer?.median);
  }
  scenario.bestPeer = bestPeer?.id;
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadavg: os.loadavg().map((l) => +l.toFixed(2)),
  };
}

function extraText(row) {
  const parts = [];
  if (row.extra?.loaderCalls !== undefined)
    parts.push(`${row.extra.loaderCalls} load${row.extra.loaderCalls === 1 ? '' : 's'}`);
  if (row.extra?.hitRatio !== undefined) parts.push(`hit ${(row.extra.hitRatio * 100).toFixed(2)}%`);
  if (row.extra?.costVsFresh !== undefined) parts.push(`×${row.extra.costVsFresh.toFixed(2)} a fresh hit`);
  if (row.extra?.costVsPlain !== undefined) parts.push(`×${row.extra.costVsPlain.toFixed(2)} a hit outside scopes`);
  if (row.extra?.failedRuns) parts.push(`${row.extra.failedRuns} run(s) failed`);
  return parts.join(', ');
}

const ratio = (x) => (x === null || x === undefined ? '—' : `×${x.toFixed(2)}`);

function tableRows(scenario) {
  return scenario.rows.map((r) => {
    if (r.status === 'skipped') return [r.name, 'skipped', '', '', '', '', r.note];
    if (r.status === 'error') return [r.name, 'ERROR', '', '', '', '', r.error.slice(0, 120)];
    return [
      r.name,
      fmtValue(scenario.metric, r.median),
      `${fmtValue(scenario.metric, r.min)}–${fmtValue(scenario.metric, r.max)}`,
      ratio(r.vsFloor),
      ratio(r.vsBestPeer),
      ratio(r.vsBestMemoizer),
      extraText(r),
    ];
  });
}

function headers(scenario) {
  return [
    `library`,
    `median ${unit[scenario.metric]}`,
    'min–max',
    'cost × memo',
    'cost × best peer',
    'cost × best memoizer',
    'notes',
  ];
}

function printTables(report) {
  const out = [];
  const m = report.machine;
  out.push(
    `cachewright bench${report.quick ? ' (quick)' : ''}: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}; ${report.runsPerCell} fresh processes per cell (peers ${report.peerRunsPerCell}); ${report.seconds.toFixed(0)} s`,
  );
  out.push('cost ratios: > 1 means slower / bigger than the reference');
  for (const s of report.scenarios) {
    out.push('');
    out.push(s.title);
    const rows = [headers(s), ...tableRows(s)].filter(
      (r) => r[1] !== 'skipped' || r[6] !== 'variant not meant for this scenario',
    );
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
    for (const r of rows)
      out.push(
        '  ' +
          r
            .map((c, i) => String(c).padEnd(widths[i]))
            .join('  ')
            .trimEnd(),
      );
  }
  out.push('');
  out.push('Targets (DESIGN.md §1.2):');
  for (const t of report.targets)
    out.push(`  [${t.met ? 'met ' : 'MISS'}] ${t.scenario} ${t.row}: ${t.requirement} — ${t.detail}`);
  process.stdout.write(out.join('\n') + '\n');
}

function writeOutputs(report) {
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = report.date.replace(/[:]/g, '-').replace(/\..*/, '');
  const json = JSON.stringify(report, null, 2) + '\n';
  fs.writeFileSync(path.join(dir, `${stamp}${report.quick ? '-quick' : ''}.json`), json);
  // A quick run is for development: it never replaces the full run's latest.json and RESULTS.md.
  if (report.quick) return;
  fs.writeFileSync(path.join(dir, 'latest.json'), json);
  fs.writeFileSync(path.join(__dirname, 'RESULTS.md'), renderMarkdown(report));
}

function renderMarkdown(report) {
  const m = report.machine;
  const md = [];
  md.push('# cachewright benchmark results');
  md.push('');
  md.push(
    'Generated by `npm run bench' +
      (report.quick ? ':quick' : '') +
      '` (bench/run.js); do not edit by hand: edit bench/gaps.md for the analysis below.',
  );
  md.push('');
  md.push(`- Date: ${report.date}${report.quick ? ' (quick mode: fewer runs and shorter samples, noisier)' : ''}`);
  md.push(
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.platform}, load average at end ${m.loadavg.join(' / ')}`,
  );
  md.push(
    `- Node ${m.node}; each scenario × library in ${report.runsPerCell} fresh child processes (peers: ${report.peerRunsPerCell}); median with min–max across them`,
  );
  md.push(
    '- "cost ×" columns: the row\'s cost relative to the reference (time per op, wall time or bytes; > 1 is worse).',
  );
  md.push(
    '  memo = the minimal hand-written memo (Map + wrapper; caches the promise for async; Date.now() expiry in F;',
  );
  md.push('  exact Map LRU in D). best peer = fastest of all peers; best memoizer = fastest of memoizee, p-memoize,');
  md.push('  async-cache-dedupe, bentocache, cache-manager, @type-cacheable.');
  for (const s of report.scenarios) {
    md.push('');
    md.push(`## ${s.title}`);
    md.push('');
    const rows = tableRows(s);
    const hdr = headers(s);
    md.push('| ' + hdr.join(' | ') + ' |');
    md.push('|' + hdr.map((_, i) => (i === 0 || i === 6 ? '---' : '---:')).join('|') + '|');
    for (const r of rows) md.push('| ' + r.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ') + ' |');
  }
  md.push('');
  md.push('## Targets (DESIGN.md §1.2)');
  md.push('');
  md.push('| scenario | row | must reach | result | met |');
  md.push('|---|---|---|---|---|');
  for (const t of report.targets)
    md.push(`| ${t.scenario} | ${t.row} | ${t.requirement} | ${t.detail} | ${t.met ? 'yes' : '**no**'} |`);
  const gapsFile = path.join(__dirname, 'gaps.md');
  if (fs.existsSync(gapsFile)) {
    md.push('');
    md.push(fs.readFileSync(gapsFile, 'utf8').trim());
  }
  md.push('');
  return md.join('\n');
}

main();
