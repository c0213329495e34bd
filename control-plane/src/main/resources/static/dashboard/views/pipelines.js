// Pipelines: one card per pipeline with its last 24 hours.

import { api, query } from '../lib/api.js';
import { barChart, lineChart, sparkline } from '../lib/charts.js';
import { badge, h, stat } from '../lib/dom.js';
import { fmtBucket, fmtCost, fmtNum, fmtSeconds, fmtTime } from '../lib/format.js';
import { go, live } from '../lib/router.js';
import { pipelineTabs } from './tables.js';

const WINDOWS = ['1h', '24h', '7d', '30d'];
// Outcome colours in a fixed order, so that a status keeps its colour from chart to chart.
const OUTCOMES = ['SUCCEEDED', 'PARTIALLY_SUCCEEDED', 'FAILED', 'TIMEOUT', 'STOPPED', 'RUNNING', 'STARTING', 'QUEUED'];

export async function pipelinesView(parts, params, generation) {
  if (parts.length) return pipelineView(parts[0], params, generation);
  const load = () => Promise.all([api('GET', '/api/v1/pipelines'), api('GET', '/api/v1/insights/series?window=24h')]);
  const grid = h('div', { class: 'grid', test: 'pipelines' });
  const fill = ([list, series]) => grid.replaceChildren(...(list.length
    ? list.map((p) => pipelineCard(p, series.pipelines.find((s) => s.pipeline === p.name)))
    : [h('p', { class: 'muted' }, 'No pipelines are configured.')]));
  fill(await load());
  live(generation, load, fill);
  return h('div', {},
    h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'Pipelines'),
      h('div', { class: 'muted' }, 'Runs, failures, rows and Glue cost over the last 24 hours')),
    h('span', { class: 'live' }, 'refreshes 5 s after each answer')),
    grid);
}

function runsPerBucket(series) {
  const counts = Object.values(series.runsByStatus);
  return series.filesReceived.map((_, i) => counts.reduce((sum, c) => sum + c[i], 0));
}

function pipelineCard(p, series) {
  const s = p.status;
  const last = s.lastRun;
  return h('div', { class: 'card', test: 'pipeline-' + p.name },
    h('h3', {}, h('a', { href: '#/pipelines/' + encodeURIComponent(p.name) }, p.name),
      last ? badge(last.status) : h('span', { class: 'badge' }, 'NO RUNS')),
    series ? h('div', { class: 'spark-row' },
      sparkline(runsPerBucket(series), { test: 'spark-runs', label: 'runs per hour, last 24 h' }),
      h('span', { class: 'muted' }, 'runs per hour, 24 h'),
      h('a', { href: '#/runs?pipeline=' + encodeURIComponent(p.name) }, 'runs')) : null,
    h('div', { class: 'sub' }, `${p.settings.environment} · ${p.settings.input.bucket}/${p.settings.input.prefix}*${p.settings.input.suffix}`
      + ` → ${p.settings.output.bucket} · table ${p.settings.job.database}.${p.settings.job.table}`),
    h('div', { class: 'stats' },
      stat('queued files', fmtNum(s.queuedFiles)),
      stat('active runs', fmtNum(s.activeRuns)),
      stat('runs (24 h)', fmtNum(s.runsLast24h)),
      stat('failures (24 h)', fmtNum(s.failuresLast24h), s.failuresLast24h > 0),
      stat('rows written (24 h)', fmtNum(s.rowsWrittenLast24h)),
      stat('Glue cost (24 h)', s.glueCostLast24h ? fmtCost(s.glueCostLast24h) : '—')),
    last ? h('div', { class: 'muted' }, 'Last run ', h('a', { href: '#/runs/' + last.id }, '#' + last.id),
      ' created ' + fmtTime(last.createdAt)) : null,
    s.lastError ? h('div', {}, h('h2', {}, 'Last error'),
      h('div', { class: 'error-box' }, s.lastError.message),
      h('div', { class: 'muted' }, h('a', { href: '#/runs/' + s.lastError.runId }, 'run #' + s.lastError.runId),
        ` attempt ${s.lastError.attempt} · ${fmtTime(s.lastError.at)}`)) : null);
}

/** One pipeline over a chosen window: a chart per measure, drawn from one series answer. */
async function pipelineView(name, params, generation) {
  const window = WINDOWS.includes(params.get('window')) ? params.get('window') : '24h';
  const load = () => api('GET', '/api/v1/insights/series' + query({ window, pipeline: name }));
  const holder = h('div', { class: 'charts', test: 'charts' });
  const fill = (answer) => holder.replaceChildren(...charts(answer, answer.pipelines[0]));
  fill(await load());
  live(generation, load, fill);
  const picker = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Window' }, WINDOWS.map((w) => h('button', {
    type: 'button',
    test: 'window-' + w,
    class: w === window ? 'active' : '',
    'aria-pressed': w === window ? 'true' : 'false',
    onclick: () => go('#/pipelines/' + encodeURIComponent(name) + query({ window: w })),
  }, w)));
  return h('div', { test: 'pipeline-overview' },
    h('div', { class: 'page-head' },
      h('div', {}, h('div', { class: 'muted' }, h('a', { href: '#/pipelines' }, 'Pipelines'), ' / '), h('h1', {}, name)),
      h('div', { class: 'actions' }, picker, pipelineTabs(name, 'overview'))),
    holder);
}

function charts(answer, s) {
  const buckets = answer.buckets;
  const step = answer.bucketSeconds;
  const fb = (b) => fmtBucket(b, step);
  const statuses = OUTCOMES.filter((o) => s.runsByStatus[o]).concat(Object.keys(s.runsByStatus).filter((o) => !OUTCOMES.includes(o)));
  const cost = s.glueCost.some((c) => c !== null);
  return [
    barChart({ title: 'Files received', test: 'chart-files', buckets, fmt: fmtNum, fmtBucket: fb,
      series: [{ name: 'files', cls: 's-files', values: s.filesReceived }] }),
    barChart({ title: 'Runs by outcome', test: 'chart-runs', buckets, fmt: fmtNum, fmtBucket: fb,
      series: statuses.map((st) => ({ name: st, cls: 's-' + st.toLowerCase(), values: s.runsByStatus[st] })) }),
    barChart({ title: 'Rows written and rejected', test: 'chart-rows', buckets, fmt: fmtNum, fmtBucket: fb,
      series: [{ name: 'written', cls: 's-written', values: s.rowsWritten }, { name: 'rejected', cls: 's-rejected', values: s.rowsRejected }] }),
    lineChart({ title: 'Run duration', test: 'chart-duration', buckets, fmt: fmtSeconds, fmtBucket: fb,
      series: [{ name: 'p50', cls: 's-p50', values: s.durationP50Seconds }, { name: 'p95', cls: 's-p95', values: s.durationP95Seconds }] }),
    lineChart({ title: 'Queue lag (p95, arrival to batch)', test: 'chart-lag', buckets, fmt: fmtSeconds, fmtBucket: fb,
      series: [{ name: 'p95', cls: 's-p95', values: s.queueLagP95Seconds }] }),
    cost
      ? barChart({ title: 'Glue cost (' + s.currency + ')', test: 'chart-cost', buckets, fmt: (v) => Number(v).toFixed(4), fmtBucket: fb,
        series: [{ name: 'cost', cls: 's-cost', values: s.glueCost.map((c) => (c === null ? 0 : Number(c))) }] })
      : h('figure', { class: 'chart empty', test: 'chart-cost' }, h('figcaption', {}, 'Glue cost'),
        h('p', { class: 'muted' }, 'No Glue charges in this window (embedded runs cost nothing).')),
  ];
}
