// Pipelines: one card per pipeline with its last 24 hours.

import { api } from '../lib/api.js';
import { badge, h, stat } from '../lib/dom.js';
import { fmtCost, fmtNum, fmtTime } from '../lib/format.js';
import { live } from '../lib/router.js';

export async function pipelinesView(_parts, _params, generation) {
  const pipelines = await api('GET', '/api/v1/pipelines');
  const grid = h('div', { class: 'grid', test: 'pipelines' });
  const fill = (list) => grid.replaceChildren(...(list.length ? list.map(pipelineCard)
    : [h('p', { class: 'muted' }, 'No pipelines are configured.')]));
  fill(pipelines);
  live(generation, () => api('GET', '/api/v1/pipelines'), fill);
  return h('div', {},
    h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'Pipelines'),
      h('div', { class: 'muted' }, 'Runs, failures, rows and Glue cost over the last 24 hours')),
    h('span', { class: 'live' }, 'refreshes 5 s after each answer')),
    grid);
}

function pipelineCard(p) {
  const s = p.status;
  const last = s.lastRun;
  return h('div', { class: 'card', test: 'pipeline-' + p.name },
    h('h3', {}, h('a', { href: '#/runs?pipeline=' + encodeURIComponent(p.name) }, p.name),
      last ? badge(last.status) : h('span', { class: 'badge' }, 'NO RUNS')),
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
