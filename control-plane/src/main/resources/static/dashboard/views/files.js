// Files: what arrived, newest first, and the embedded mode's upload form.

import { api, query } from '../lib/api.js';
import { badge, fileRemark, h, notice, table } from '../lib/dom.js';
import { fmtBytes, fmtTime } from '../lib/format.js';
import { go, render } from '../lib/router.js';
import { searchForm } from './search.js';
import { hasRole } from '../lib/session.js';

const FILE_STATUSES = ['PENDING', 'BATCHED', 'PROCESSED', 'FAILED', 'QUARANTINED', 'EMPTY', 'TOO_LARGE', 'REFUSED'];

export async function filesView(_parts, params) {
  const filters = { pipeline: params.get('pipeline') || '', status: params.get('status') || '' };
  const [pipelines, page] = await Promise.all([
    api('GET', '/api/v1/pipelines'),
    api('GET', '/api/v1/files' + query({ ...filters, limit: 100 })),
  ]);
  const pipeline = h('select', { id: 'files-pipeline' }, h('option', { value: '' }, 'all pipelines'),
    pipelines.map((p) => h('option', { value: p.name, selected: p.name === filters.pipeline }, p.name)));
  const status = h('select', { id: 'files-status' }, h('option', { value: '' }, 'any status'),
    FILE_STATUSES.map((s) => h('option', { value: s, selected: s === filters.status }, s)));
  const apply = () => go('#/files' + query({ pipeline: pipeline.value, status: status.value }));
  pipeline.addEventListener('change', apply);
  status.addEventListener('change', apply);
  return h('div', {},
    h('div', { class: 'page-head' }, h('h1', {}, 'Files')),
    searchForm(''),
    hasRole('OPERATOR') ? uploadForm(pipelines) : null,
    h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); apply(); } },
      h('label', {}, 'Pipeline', pipeline), h('label', {}, 'Status', status)),
    table([
      { title: 'Received', render: (f) => fmtTime(f.receivedAt) },
      { title: 'Pipeline', render: (f) => f.pipeline },
      { title: 'File', wrap: true, render: (f) => h('code', {}, `${f.bucket}/${f.key}`) },
      { title: 'Size', num: true, render: (f) => fmtBytes(f.size) },
      { title: 'Status', render: (f) => badge(f.status) },
      { title: 'Run', render: (f) => f.runId ? h('a', { href: '#/runs/' + f.runId }, '#' + f.runId) : '—' },
      { title: 'Error or note', wrap: true, render: fileRemark },
    ], page.items, { test: 'files', empty: 'No files match.' }),
    page.nextCursor ? h('p', { class: 'muted' }, 'Showing the newest 100.') : null);
}

function uploadForm(pipelines) {
  const file = h('input', { type: 'file', id: 'upload-file', name: 'file', accept: '.csv,text/csv', required: true });
  const pipeline = h('select', { id: 'upload-pipeline', name: 'pipeline' },
    pipelines.map((p) => h('option', { value: p.name, selected: p.name === 'default' }, p.name)));
  return h('form', {
    class: 'filters panel',
    id: 'upload-form',
    onsubmit: async (event) => {
      event.preventDefault();
      const form = new FormData();
      form.append('file', file.files[0]);
      form.append('pipeline', pipeline.value);
      try {
        const uploaded = await api('POST', '/api/v1/files', form);
        notice(uploaded.duplicate ? `${uploaded.uri} was recorded before; nothing new.` : `Uploaded ${uploaded.uri}.`, 'ok');
        render();
      } catch (e) {
        notice(e.status === 404 || e.status === 405
          ? 'Uploads go to S3 with the aws profile; this control plane takes no uploads.'
          : 'Upload refused: ' + e.message, 'error');
      }
    },
  }, h('label', {}, 'Upload a CSV (embedded mode)', file), h('label', {}, 'Pipeline', pipeline),
  h('button', { class: 'primary', type: 'submit' }, 'Upload'));
}
