// The table of a pipeline (its columns and the runs that changed it) and the data preview of a
// run (the first rows of its Parquet, read on the server). Headers, types, reasons and values
// come from files: all of it goes in as text.

import { api, query } from '../lib/api.js';
import { badge, h, table } from '../lib/dom.js';
import { fmtNum, fmtTime } from '../lib/format.js';
import { live } from '../lib/router.js';

/** #/table/<pipeline>: the columns now and the history, refreshed after each answer. */
export async function tableView(parts, params, generation) {
  const name = parts[0];
  const load = () => api('GET', `/api/v1/insights/pipelines/${encodeURIComponent(name)}/table` + query({ limit: 100 }));
  const holder = h('div', {});
  const fill = (answer) => holder.replaceChildren(...tableParts(answer).filter(Boolean));
  const first = await load();
  fill(first);
  live(generation, load, fill);
  return h('div', { test: 'table-view' },
    h('div', { class: 'page-head' },
      h('div', {}, h('div', { class: 'muted' }, h('a', { href: '#/pipelines' }, 'Pipelines'), ' / ',
        h('a', { href: '#/pipelines/' + encodeURIComponent(name) }, name), ' / '),
      h('h1', {}, 'Table ', h('code', { test: 'table-name' }, first.table))),
      pipelineTabs(name, 'table')),
    holder);
}

/** The tabs of a pipeline's pages, links that the keyboard reaches like any other. */
export function pipelineTabs(name, active) {
  const tab = (key, label, href) => h('a', {
    href,
    class: 'tab' + (key === active ? ' active' : ''),
    'aria-current': key === active ? 'page' : false,
    test: 'tab-' + key,
  }, label);
  const p = encodeURIComponent(name);
  return h('nav', { class: 'tabs', 'aria-label': 'Pipeline' },
    tab('overview', 'Overview', '#/pipelines/' + p),
    tab('table', 'Table', '#/table/' + p),
    tab('runs', 'Runs', '#/runs?pipeline=' + p));
}

function tableParts(t) {
  const iceberg = t.source === 'iceberg';
  return [
    h('h2', {}, 'Columns'),
    t.note ? h('p', { class: 'notice-inline', test: 'table-note' }, t.note) : null,
    iceberg ? h('p', { class: 'muted', test: 'table-source' }, 'Columns and snapshots read from the Iceberg table\'s metadata.') : null,
    table([
      iceberg ? { title: 'Field id', num: true, render: (c) => h('span', { test: 'field-id' }, String(c.fieldId)) } : null,
      { title: 'Column', render: (c) => h('code', {}, c.name) },
      { title: 'Type', render: (c) => h('code', {}, c.type) },
      iceberg ? { title: 'Required', render: (c) => (c.required ? 'required' : 'optional') } : null,
      { title: 'Header in the CSV', wrap: true, render: (c) => h('span', { class: 'raw', test: 'header' }, c.header) },
      { title: 'Nulls seen', num: true, render: (c) => h('span', { test: 'nulls' }, fmtNum(c.nullsSeen)) },
      { title: 'Added by', render: (c) => h('a', { href: '#/runs/' + c.addedByRun }, 'run #' + c.addedByRun) },
    ].filter(Boolean), t.columns, { test: 'table-columns', rowTest: (c) => 'column-' + c.name,
      empty: 'No run has written this table yet.' }),
    h('p', { class: 'muted' }, 'Nulls seen: ' + t.nullsFrom + '.'),
    h('h2', {}, 'History'),
    table([
      { title: 'Run', render: (c) => h('a', { href: '#/runs/' + c.runId }, '#' + c.runId) },
      { title: 'Outcome', render: (c) => (c.outcome === 'REFUSED' ? badge('REFUSED') : badge(c.status)) },
      { title: 'Recorded', render: (c) => fmtTime(c.recordedAt) },
      { title: 'What changed', wrap: true, render: changeText },
    ], t.history, { test: 'table-history', rowTest: (c) => 'change-' + c.runId,
      empty: 'No run has changed this table yet.' }),
    iceberg ? snapshotParts(t) : null,
  ];
}

/** The Iceberg table's snapshots, newest first, each linked to the run that committed it. */
function snapshotParts(t) {
  return h('div', {},
    h('h2', {}, 'Iceberg history'),
    t.snapshotsCut ? h('p', { class: 'muted', test: 'snapshots-cut' }, `The newest ${fmtNum(t.snapshots.length)} snapshots; the table keeps older ones.`) : null,
    table([
      { title: 'Snapshot', render: (s) => h('code', { test: 'snapshot-id' }, String(s.snapshotId)) },
      { title: 'Run', render: (s) => (s.runId != null
        ? h('a', { href: '#/runs/' + s.runId, test: 'snapshot-run' }, '#' + s.runId + (s.attempt ? ` (attempt ${s.attempt})` : ''))
        : h('span', { class: 'muted' }, s.operation === 'replace' ? 'maintenance' : '—')) },
      { title: 'Committed', render: (s) => fmtTime(s.committedAt) },
      { title: 'Operation', render: (s) => h('code', {}, s.operation || '—') },
      { title: 'Data files', wrap: true, render: (s) => h('span', { test: 'snapshot-files' }, `+${fmtNum(s.addedFiles)} −${fmtNum(s.deletedFiles)}`) },
      { title: 'Rows', wrap: true, render: (s) => h('span', { test: 'snapshot-rows' }, `+${fmtNum(s.addedRows)} −${fmtNum(s.deletedRows)}`) },
      { title: 'Schema changes', wrap: true, render: schemaText },
    ], t.snapshots, { test: 'table-snapshots', rowTest: (s) => 'snapshot-' + s.snapshotId,
      empty: 'The table has no snapshot yet.' }));
}

function schemaText(s) {
  const items = [];
  if (s.parentId == null && s.added.length === 0 && s.widened.length === 0) items.push(h('li', { test: 'snapshot-first' }, 'first snapshot'));
  s.added.forEach((a) => items.push(h('li', { test: 'snapshot-added' }, 'added ', h('code', {}, a.column), ' ', h('code', {}, a.to),
    ` (field ${a.fieldId})`)));
  s.widened.forEach((w) => items.push(h('li', { test: 'snapshot-widened' }, 'widened ', h('code', {}, w.column), ' from ',
    h('code', {}, w.from), ' to ', h('code', {}, w.to))));
  return h('ul', { class: 'changes' }, items);
}

function changeText(c) {
  const items = [];
  if (c.tableCreated) items.push(h('li', { test: 'created' }, 'created the table'));
  c.added.forEach((a) => items.push(h('li', { test: 'added' }, 'added ', h('code', {}, a.column), ' ', h('code', {}, a.type),
    ' from header ', h('span', { class: 'raw' }, a.header))));
  c.widened.forEach((w) => items.push(h('li', { test: 'widened' }, 'wrote ', h('code', {}, w.column), ' as the table\'s ',
    h('code', {}, w.type), ' (its values fit)')));
  c.conflicts.forEach((x) => items.push(h('li', { test: 'conflict' }, 'refused: ', h('code', {}, x.column), ' is ',
    h('code', {}, x.tableType), ' in the table, the run needs ', h('code', {}, x.batchType))));
  return h('div', {},
    h('ul', { class: 'changes' }, items),
    c.refusal ? h('div', { class: 'error-box', test: 'refusal' }, c.refusal) : null);
}

/** #/preview/<run>: the first rows of the run's output, as Athena would show them. */
export async function previewView(parts, params) {
  const runId = parts[0];
  const rows = params.get('rows') || 50;
  const p = await api('GET', `/api/v1/insights/runs/${encodeURIComponent(runId)}/preview` + query({ rows }));
  const cut = new Set(p.truncated.map((t) => t.row + ':' + t.column));
  const head = h('tr', {}, p.columns.map((c) => h('th', { scope: 'col' }, h('code', {}, c.name), h('div', { class: 'muted' }, c.type))));
  const body = h('tbody', { test: 'preview-body' }, p.rows.map((row, r) => h('tr', {}, row.map((v, c) => cell(v, cut.has(r + ':' + c), p, r, c)))));
  return h('div', { test: 'preview-view' },
    h('div', { class: 'page-head' },
      h('div', {}, h('div', { class: 'muted' }, h('a', { href: '#/runs/' + runId }, 'Run #' + runId), ' / '),
        h('h1', {}, 'Data preview ', h('code', {}, p.table))),
      h('span', { class: 'muted', test: 'preview-count' },
        `${fmtNum(p.rows.length)} rows` + (p.more ? ' (the output has more)' : '') + ` · ${fmtNum(p.columns.length)} of ${fmtNum(p.columnsTotal)} columns`)),
    p.notes.map((n) => h('p', { class: 'notice-inline', test: 'preview-note' }, n)),
    h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Preview rows' },
      h('table', { test: 'preview', class: 'preview' }, h('thead', {}, head), body)),
    h('p', { class: 'muted' }, 'Read from ', p.files.map((f, i) => [i ? ', ' : '', h('code', {}, f)])));
}

function cell(value, truncated, p, r, c) {
  if (value === null) return h('td', { class: 'null', test: 'null' }, 'NULL');
  if (value === '') return h('td', { class: 'empty-string', title: 'empty string' }, '""');
  const t = truncated ? p.truncated.find((x) => x.row === r && x.column === c) : null;
  return h('td', { class: truncated ? 'raw truncated' : 'raw', title: t ? `cut: ${fmtNum(t.length)} characters` : false }, value);
}
