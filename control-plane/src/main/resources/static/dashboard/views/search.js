// Search: files by a fragment of their key across pipelines, each with the way to its run, its
// rejects and the table its rows went to.

import { api, query } from '../lib/api.js';
import { badge, fileRemark, h, table } from '../lib/dom.js';
import { fmtBytes, fmtTime } from '../lib/format.js';
import { go } from '../lib/router.js';

/** The search box, also shown at the top of the Files view. */
export function searchForm(value) {
  const input = h('input', { type: 'search', id: 'search-key', name: 'key', value: value || '', placeholder: 'part of a key, e.g. 2026/orders', minlength: 2 });
  return h('form', {
    class: 'filters',
    id: 'search-form',
    role: 'search',
    onsubmit: (e) => { e.preventDefault(); go('#/search' + query({ key: input.value.trim() })); },
  }, h('label', {}, 'Find a file by key', input), h('button', { type: 'submit', id: 'search-submit' }, 'Search'));
}

export async function searchView(_parts, params) {
  const key = params.get('key') || '';
  const found = key.length >= 2 ? await api('GET', '/api/v1/insights/files' + query({ key, limit: 100 })) : { items: [] };
  return h('div', {},
    h('div', { class: 'page-head' }, h('h1', {}, 'Search files')),
    searchForm(key),
    key.length >= 2 ? table([
      { title: 'Received', render: (f) => fmtTime(f.receivedAt) },
      { title: 'Pipeline', render: (f) => f.pipeline },
      { title: 'File', wrap: true, render: (f) => h('code', {}, `${f.bucket}/${f.key}`) },
      { title: 'Size', num: true, render: (f) => fmtBytes(f.size) },
      { title: 'Status', render: (f) => badge(f.status) },
      {
        title: 'Go to',
        render: (f) => f.runId ? h('span', { class: 'actions' },
          h('a', { href: '#/runs/' + f.runId, test: 'to-run' }, 'run #' + f.runId),
          h('a', { href: `#/rejects/${f.runId}` + query({ file: f.indexInRun }), test: 'to-rejects' }, 'rejects'),
          h('a', { href: '#/pipelines/' + encodeURIComponent(f.pipeline), test: 'to-pipeline' }, 'pipeline'))
          : h('span', { class: 'muted' }, 'waiting for a batch'),
      },
      { title: 'Error or note', wrap: true, render: fileRemark },
    ], found.items, { test: 'search-results', empty: 'No file key contains that.' })
      : h('p', { class: 'muted' }, 'Type at least two characters of a key.'));
}
