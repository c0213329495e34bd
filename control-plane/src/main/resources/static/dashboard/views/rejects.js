// Rejects: the rows a run kept out of one file's Parquet, paged from the rejects CSV, with the
// CSV for download. Everything shown comes from the file and goes in as text.

import { api, download, query } from '../lib/api.js';
import { h, notice, table } from '../lib/dom.js';
import { fmtBytes, fmtNum } from '../lib/format.js';
import { go } from '../lib/router.js';

const PAGE = 50;

export async function rejectsView(parts, params) {
  const runId = parts[0];
  const file = Number(params.get('file') || 0);
  const cursor = params.get('cursor') || 0;
  const [detail, page] = await Promise.all([
    api('GET', '/api/v1/runs/' + encodeURIComponent(runId)),
    api('GET', `/api/v1/insights/runs/${encodeURIComponent(runId)}/rejects` + query({ file, cursor, limit: PAGE })),
  ]);
  const files = detail.files || [];
  const picker = h('select', { id: 'rejects-file', 'aria-label': 'File of the run' },
    files.map((f, i) => h('option', { value: i, selected: i === file }, `${i}: ${f.key}`)));
  picker.addEventListener('change', () => go(`#/rejects/${runId}` + query({ file: picker.value })));
  const rows = table([
    { title: 'Line', num: true, render: (r) => fmtNum(r.line) },
    { title: 'Column', render: (r) => r.column ? h('code', {}, r.column) : h('span', { class: 'muted' }, 'whole row') },
    { title: 'Reason', wrap: true, render: (r) => r.reason },
    { title: 'Raw text', wrap: true, render: (r) => h('code', { class: 'raw' }, r.raw) },
  ], page.rows, { test: 'rejects', empty: 'This file has no rejected rows.' });
  const next = page.nextCursor !== null && page.nextCursor !== undefined
    ? h('a', { href: `#/rejects/${runId}` + query({ file, cursor: page.nextCursor }), test: 'rejects-next', class: 'button-link' }, 'Next page')
    : null;
  const first = Number(cursor) > 0 ? h('a', { href: `#/rejects/${runId}` + query({ file }), test: 'rejects-first' }, 'First page') : null;
  const save = page.rejectsUri ? h('button', {
    type: 'button',
    id: 'rejects-download',
    onclick: async () => {
      try {
        await download(`/api/v1/insights/runs/${encodeURIComponent(runId)}/rejects/download` + query({ file }),
          `rejects-run-${runId}-file-${file}.csv`);
      } catch (e) {
        notice('Download failed: ' + e.message, 'error');
      }
    },
  }, 'Download rejects CSV') : null;
  return h('div', { test: 'rejects-view' },
    h('div', { class: 'page-head' },
      h('div', {}, h('div', { class: 'muted' }, h('a', { href: '#/runs/' + runId }, 'Run #' + runId), ' / '),
        h('h1', {}, 'Rejected rows')),
      h('div', { class: 'actions' }, save)),
    h('form', { class: 'filters', onsubmit: (e) => e.preventDefault() }, h('label', {}, 'File', picker)),
    h('p', { class: 'muted', test: 'rejects-source' }, page.uri,
      page.rejectsUri ? ` · rejects ${fmtBytes(page.rejectsBytes)}` : ' · no rejects were written'),
    rows,
    h('div', { class: 'pager' }, first, next));
}
