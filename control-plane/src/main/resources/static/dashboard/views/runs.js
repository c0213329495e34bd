// Runs: the filtered list, and one run with its files, attempts and state changes.

import { api, query } from '../lib/api.js';
import { badge, fileRemark, fact, h, notice, table, tableRow } from '../lib/dom.js';
import { fmtBytes, fmtCost, fmtDuration, fmtNum, fmtTime, fromLocalInput, toLocalInput, truncate } from '../lib/format.js';
import { go, live, render, rerenderLater } from '../lib/router.js';
import { hasRole } from '../lib/session.js';

const RUN_STATUSES = ['QUEUED', 'STARTING', 'RUNNING', 'SUCCEEDED', 'PARTIALLY_SUCCEEDED', 'FAILED', 'TIMEOUT', 'STOPPED'];

export async function runsView(parts, params, generation) {
  if (parts.length) return runView(parts[0], generation);
  const pipelines = await api('GET', '/api/v1/pipelines');
  const filters = {
    pipeline: params.get('pipeline') || '',
    status: params.get('status') || '',
    since: params.get('since') || '',
    until: params.get('until') || '',
  };
  const liveOn = params.get('live') !== 'off';
  const load = (cursor) => api('GET', '/api/v1/runs' + query({ ...filters, cursor, limit: 50 }));
  const first = await load();
  const columns = [
    { title: 'Run', render: (r) => h('a', { href: '#/runs/' + r.id }, '#' + r.id) },
    { title: 'Pipeline', render: (r) => r.pipeline },
    { title: 'Status', render: (r) => badge(r.status) },
    { title: 'Attempt', render: (r) => `${r.attempt} / ${r.maxAttempts}` },
    { title: 'Files', num: true, render: (r) => fmtNum(r.fileCount) },
    { title: 'Size', num: true, render: (r) => fmtBytes(r.totalBytes) },
    { title: 'Rows written', num: true, render: (r) => fmtNum(r.rows && r.rows.written) },
    { title: 'Created', render: (r) => fmtTime(r.createdAt) },
    { title: 'Duration', render: (r) => fmtDuration(r.createdAt, r.finishedAt) },
    { title: 'Error', wrap: true, render: (r) => r.errorMessage ? h('span', { class: 'muted' }, truncate(r.errorMessage, 90)) : '' },
  ];
  const opts = { test: 'runs', empty: 'No runs match.', onRow: (r) => go('#/runs/' + r.id), rowTest: (r) => 'run-' + r.id };
  const holder = h('div', {}, table(columns, first.items, opts));
  let next = first.nextCursor;
  const more = h('div', { class: 'more' });
  const showMore = () => more.replaceChildren(next ? h('button', {
    type: 'button',
    onclick: async () => {
      const page = await load(next);
      const body = holder.querySelector('tbody');
      page.items.forEach((r) => body.append(tableRow(columns, r, opts)));
      next = page.nextCursor;
      showMore();
    },
  }, 'Load older runs') : '');
  showMore();
  if (liveOn) {
    // Live refresh keeps the first page current; older pages loaded by hand stay as they were.
    live(generation, () => load(), (page) => {
      holder.replaceChildren(table(columns, page.items, opts));
      next = page.nextCursor;
      showMore();
    });
  }
  return h('div', {},
    h('div', { class: 'page-head' }, h('h1', {}, 'Runs')),
    runFilters(filters, pipelines, liveOn),
    holder, more);
}

function runFilters(filters, pipelines, liveOn) {
  const pipeline = h('select', { id: 'filter-pipeline', name: 'pipeline' },
    h('option', { value: '' }, 'all pipelines'),
    pipelines.map((p) => h('option', { value: p.name, selected: p.name === filters.pipeline }, p.name)));
  const status = h('select', { id: 'filter-status', name: 'status' },
    h('option', { value: '' }, 'any status'),
    RUN_STATUSES.map((s) => h('option', { value: s, selected: s === filters.status }, s)));
  const since = h('input', { type: 'datetime-local', id: 'filter-since', value: toLocalInput(filters.since) });
  const until = h('input', { type: 'datetime-local', id: 'filter-until', value: toLocalInput(filters.until) });
  const liveBox = h('input', { type: 'checkbox', id: 'filter-live', checked: liveOn });
  const apply = () => go('#/runs' + query({
    pipeline: pipeline.value,
    status: status.value,
    since: fromLocalInput(since.value),
    until: fromLocalInput(until.value),
    live: liveBox.checked ? '' : 'off',
  }));
  [pipeline, status, liveBox].forEach((el) => el.addEventListener('change', apply));
  return h('form', { class: 'filters', id: 'run-filters', onsubmit: (e) => { e.preventDefault(); apply(); } },
    h('label', {}, 'Pipeline', pipeline),
    h('label', {}, 'Status', status),
    h('label', {}, 'Created from', since),
    h('label', {}, 'Created before', until),
    h('button', { type: 'submit', id: 'filter-apply' }, 'Apply'),
    h('label', { class: 'inline' }, liveBox, 'Live refresh'));
}

async function runView(id, generation) {
  const detail = await api('GET', '/api/v1/runs/' + encodeURIComponent(id));
  const run = detail.run;
  if (!run.terminal) {
    rerenderLater(generation);
  }
  const retry = hasRole('OPERATOR') && run.actions.includes('retry')
    ? h('button', {
      class: 'primary',
      type: 'button',
      id: 'retry',
      onclick: async (event) => {
        event.target.disabled = true;
        try {
          const queued = await api('POST', `/api/v1/runs/${run.id}/retry`);
          notice(`Run #${run.id} is queued again as attempt ${queued.attempt}.`, 'ok');
        } catch (e) {
          notice('Retry refused: ' + e.message, 'error');
        }
        render();
      },
    }, 'Retry run')
    : null;
  return h('div', { test: 'run-detail' },
    h('div', { class: 'page-head' },
      h('div', {}, h('div', { class: 'muted' }, h('a', { href: '#/runs' }, 'Runs'), ' / '),
        h('h1', {}, `Run #${run.id} `, badge(run.status))),
      h('div', { class: 'actions' },
        run.rows && run.rows.written ? h('a', { href: '#/preview/' + run.id, id: 'preview-link', class: 'button-link' }, 'Preview data') : null,
        h('a', { href: '#/table/' + encodeURIComponent(run.pipeline), id: 'table-link' }, 'Table'),
        detail.logsUrl ? h('a', { href: detail.logsUrl, target: '_blank', rel: 'noopener noreferrer', id: 'logs-link' }, 'Logs in CloudWatch ↗') : null, retry)),
    run.errorMessage ? h('div', { class: 'error-box', id: 'run-error' }, run.errorMessage) : null,
    h('div', { class: 'two' },
      h('div', { class: 'panel' }, h('dl', { class: 'facts' },
        fact('Pipeline', h('a', { href: '#/runs?pipeline=' + encodeURIComponent(run.pipeline) }, run.pipeline)),
        fact('Job', run.jobName),
        fact('Job run', run.jobRunId ? h('code', {}, run.jobRunId) : '—'),
        fact('Attempt', `${run.attempt} of ${run.maxAttempts}`),
        fact('Manifest', run.manifestUri ? h('code', {}, run.manifestUri) : '—'),
        fact('Created', fmtTime(run.createdAt)),
        fact('Finished', fmtTime(run.finishedAt)),
        fact('Next attempt at', run.status === 'QUEUED' ? fmtTime(run.nextAttemptAt) : '—'))),
      h('div', { class: 'panel' }, h('dl', { class: 'facts' },
        fact('Files', `${fmtNum(run.fileCount)} (${fmtBytes(run.totalBytes)})`),
        fact('Reprocess of', run.reprocessOf || '—'),
        fact('Rows read', fmtNum(run.rows && run.rows.read)),
        fact('Rows written', fmtNum(run.rows && run.rows.written)),
        fact('Rows rejected', fmtNum(run.rows && run.rows.rejected)),
        fact('Execution time', run.usage && run.usage.executionSeconds != null ? run.usage.executionSeconds + ' s' : '—'),
        fact('DPU-seconds', run.usage && run.usage.dpuSeconds != null ? fmtNum(run.usage.dpuSeconds) : '—'),
        fact('Glue cost', fmtCost(detail.cost)),
        detail.snapshot ? fact('Iceberg snapshot', h('span', {},
          h('span', { id: 'run-snapshot' }, snapshotText(detail.snapshot, detail.snapshotIdText)), ' ',
          h('a', { href: '#/table/' + encodeURIComponent(run.pipeline), id: 'snapshot-history-link' }, 'table history'))) : null))),
    h('h2', {}, 'Files'),
    table([
      { title: 'File', wrap: true, render: (f) => h('code', {}, `${f.bucket}/${f.key}`) },
      { title: 'Size', num: true, render: (f) => fmtBytes(f.size) },
      { title: 'Status', render: (f) => badge(f.status) },
      { title: 'Error or note', wrap: true, render: fileRemark },
      { title: 'Rejects', render: (f) => h('a', { href: `#/rejects/${run.id}?file=${detail.files.indexOf(f)}`, test: 'rejects-link' }, 'rejected rows') },
    ], detail.files, { test: 'run-files' }),
    h('h2', {}, 'Attempts'),
    table([
      { title: '#', render: (a) => a.attempt },
      { title: 'Job run', render: (a) => a.jobRunId ? h('code', {}, a.jobRunId) : '—' },
      { title: 'Status', render: (a) => badge(a.status) },
      { title: 'Started', render: (a) => fmtTime(a.startedAt) },
      { title: 'Finished', render: (a) => fmtTime(a.finishedAt) },
      { title: 'Error', wrap: true, render: (a) => a.errorMessage || '' },
    ], detail.attempts, { test: 'run-attempts' }),
    h('h2', {}, 'State changes'),
    table([
      { title: 'At', render: (t) => fmtTime(t.at) },
      { title: 'From', render: (t) => t.from ? badge(t.from) : '—' },
      { title: 'To', render: (t) => badge(t.to) },
      { title: 'Attempt', render: (t) => t.attempt },
      { title: 'Detail', wrap: true, render: (t) => t.detail || '' },
    ], detail.transitions, { test: 'run-transitions' }));
}

/** The Iceberg snapshot that holds a run's rows, as one line of text. */
function snapshotText(s, id) {
  const earlier = s.attempt ? ` by attempt ${s.attempt}` : '';
  // the id as text when the answer has it: a 64-bit id does not fit a JavaScript number
  return `${id || s.snapshotId}${earlier}: +${fmtNum(s.addedFiles)} files (${fmtNum(s.addedRows)} rows), `
    + `−${fmtNum(s.deletedFiles)} files (${fmtNum(s.deletedRows)} rows)`
    + (s.addedDeleteFiles ? `, ${fmtNum(s.addedDeleteFiles)} delete files` : '');
}
