// Sluice ops dashboard: a small single-page app over the REST API (/api/v1). No framework, no
// build step, no assets from elsewhere. All text from the API goes in through textContent, never
// as HTML, and the page's Content-Security-Policy allows scripts and styles from this origin only.
'use strict';

(() => {
  const TOKEN_KEY = 'sluice.token';
  const LIVE_MS = 5000;
  const RUN_STATUSES = ['QUEUED', 'STARTING', 'RUNNING', 'SUCCEEDED', 'PARTIALLY_SUCCEEDED', 'FAILED', 'TIMEOUT', 'STOPPED'];
  const FILE_STATUSES = ['PENDING', 'BATCHED', 'PROCESSED', 'FAILED', 'EMPTY', 'TOO_LARGE', 'REFUSED'];
  const RETRYABLE = ['FAILED', 'TIMEOUT', 'STOPPED'];
  const TERMINAL_RUN = ['SUCCEEDED', 'PARTIALLY_SUCCEEDED', 'FAILED', 'TIMEOUT', 'STOPPED'];
  const ROLES = ['VIEWER', 'OPERATOR', 'APPROVER', 'RELEASER', 'ADMIN'];

  const state = { me: null, timers: [], generation: 0 };
  const main = document.getElementById('main');

  // ---- small DOM helpers ----------------------------------------------------------------------

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([key, value]) => {
      if (value === undefined || value === null || value === false) return;
      if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
      else if (key === 'class') el.className = value;
      else if (key === 'test') el.setAttribute('data-test', value);
      else if (value === true) el.setAttribute(key, '');
      else el.setAttribute(key, String(value));
    });
    children.flat(Infinity).forEach((child) => {
      if (child === undefined || child === null || child === false) return;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    });
    return el;
  }

  function badge(status) {
    const s = String(status || '—');
    let kind = '';
    if (['SUCCEEDED', 'PROCESSED', 'PLANNED', 'NO_CHANGES', 'CREATE_COMPLETE', 'UPDATE_COMPLETE'].includes(s)) kind = 'ok';
    else if (['FAILED', 'TIMEOUT', 'STOPPED', 'REJECTED', 'ROLLBACK_FAILED', 'TOO_LARGE', 'REFUSED', 'DENIED', 'UNAUTHENTICATED',
      'CANCELLED'].includes(s) || s.endsWith('_FAILED') || s.includes('ROLLBACK')) kind = 'bad';
    else if (['RUNNING', 'STARTING', 'EXECUTING', 'PLANNING', 'APPROVED', 'BATCHED', 'CONTINUING_ROLLBACK', 'DEPLOYING',
      'APPLYING', 'SMOKE_CHECK'].includes(s)
      || s.endsWith('_IN_PROGRESS')) kind = 'info';
    else if (['PARTIALLY_SUCCEEDED', 'AWAITING_APPROVAL', 'QUEUED', 'PENDING', 'REJECTED_REQUEST', 'WAITING_FOR_INFRASTRUCTURE', 'SUPERSEDED']
      .includes(s)) kind = 'warn';
    return h('span', { class: 'badge ' + kind, test: 'status' }, s);
  }

  function fmtTime(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return String(iso);
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }

  function fmtDuration(fromIso, toIso) {
    if (!fromIso || !toIso) return '—';
    const s = Math.max(0, Math.round((new Date(toIso) - new Date(fromIso)) / 1000));
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  }

  function fmtBytes(n) {
    if (n === null || n === undefined) return '—';
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let v = Number(n);
    let u = 0;
    while (v >= 1024 && u < units.length - 1) { v /= 1024; u += 1; }
    return (u === 0 ? v : v.toFixed(1)) + ' ' + units[u];
  }

  function fmtNum(n) {
    return n === null || n === undefined ? '—' : Number(n).toLocaleString('en-US');
  }

  function fmtCost(cost) {
    if (!cost) return '—';
    return Number(cost.amount).toFixed(4) + ' ' + cost.currency;
  }

  function notice(text, kind) {
    state.noticeAt = Date.now();
    const el = document.getElementById('notice');
    el.textContent = text;
    el.className = 'notice' + (kind ? ' ' + kind : '');
    el.hidden = !text;
  }

  function hasRole(role) {
    return !!state.me && state.me.roles.includes(role);
  }

  function table(columns, rows, opts) {
    const o = opts || {};
    const head = h('tr', {}, columns.map((c) => h('th', { class: c.num ? 'num' : '' }, c.title)));
    const body = h('tbody', { test: o.test ? o.test + '-body' : undefined });
    if (!rows.length) {
      body.append(h('tr', {}, h('td', { class: 'empty', colspan: columns.length }, o.empty || 'Nothing here yet.')));
    }
    rows.forEach((row) => body.append(tableRow(columns, row, o)));
    return h('div', { class: 'table-wrap' }, h('table', { test: o.test }, h('thead', {}, head), body));
  }

  function tableRow(columns, row, o) {
    const tr = h('tr', { class: o.onRow ? 'clickable' : '', test: o.rowTest ? o.rowTest(row) : undefined });
    if (o.onRow) tr.addEventListener('click', () => o.onRow(row));
    columns.forEach((c) => tr.append(h('td', { class: (c.num ? 'num ' : '') + (c.wrap ? 'wrap' : '') }, c.render(row))));
    return tr;
  }

  // ---- API --------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, detail) {
      super(detail);
      this.status = status;
    }
  }

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = 'Bearer ' + token;
    let payload;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetch(path, { method, headers, body: payload, credentials: 'omit', cache: 'no-store' });
    const text = await response.text();
    let json = null;
    if (text) {
      try { json = JSON.parse(text); } catch (e) { json = null; }
    }
    if (response.status === 401 && path !== '/api/v1/me') {
      signOut('Your token was not accepted any more; sign in again.');
      throw new ApiError(401, 'not signed in');
    }
    if (!response.ok) {
      const detail = json && (json.detail || json.title) ? (json.detail || json.title) : response.status + ' ' + response.statusText;
      throw new ApiError(response.status, detail);
    }
    return json;
  }

  function query(params) {
    const q = new URLSearchParams();
    Object.entries(params).forEach(([k, v]) => { if (v !== undefined && v !== null && v !== '') q.set(k, v); });
    const s = q.toString();
    return s ? '?' + s : '';
  }

  // ---- routing ----------------------------------------------------------------------------------

  function route() {
    const hash = location.hash.replace(/^#\/?/, '') || 'pipelines';
    const [path, search] = hash.split('?');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    return { parts, params: new URLSearchParams(search || '') };
  }

  function go(hash) {
    if (location.hash === hash) render();
    else location.hash = hash;
  }

  function every(ms, fn) {
    state.timers.push(setInterval(fn, ms));
  }

  function stopTimers() {
    state.timers.forEach(clearInterval);
    state.timers = [];
  }

  async function render() {
    stopTimers();
    const generation = ++state.generation;
    if (!sessionStorage.getItem(TOKEN_KEY)) {
      showLogin();
      return;
    }
    if (!state.me) {
      try {
        state.me = await api('GET', '/api/v1/me');
      } catch (e) {
        signOut(e.status === 401 ? 'That token was not accepted.' : 'Sluice did not answer: ' + e.message);
        return;
      }
      showIdentity();
    }
    const { parts, params } = route();
    document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.dataset.view === parts[0]));
    const view = VIEWS[parts[0]] || VIEWS.pipelines;
    try {
      const content = await view(parts.slice(1), params, generation);
      if (generation !== state.generation) return;
      main.replaceChildren(content);
    } catch (e) {
      if (generation !== state.generation || e.status === 401) return;
      main.replaceChildren(h('div', { class: 'panel' }, h('h1', {}, 'Could not load this page'),
        h('p', { class: 'muted', test: 'load-error' }, e.message)));
    }
  }

  // ---- sign-in ----------------------------------------------------------------------------------

  function showLogin(message) {
    document.getElementById('nav').hidden = true;
    document.getElementById('who').hidden = true;
    const input = h('input', { type: 'password', id: 'token', name: 'token', autocomplete: 'off', placeholder: 'sluice_…', required: true });
    const form = h('form', {
      id: 'login-form',
      onsubmit: (event) => {
        event.preventDefault();
        sessionStorage.setItem(TOKEN_KEY, input.value.trim());
        state.me = null;
        notice('');
        render();
      },
    },
    h('label', {}, 'API token or JWT', input),
    h('button', { class: 'primary', type: 'submit', id: 'sign-in' }, 'Sign in'));
    main.replaceChildren(h('div', { class: 'panel login' },
      h('h1', {}, 'Sign in to Sluice'),
      h('p', { class: 'muted' }, 'Paste an API token or a JWT from your identity provider. It stays in this browser tab only. ' +
        'On a fresh embedded install, the bootstrap token is printed once in the console where Sluice started.'),
      form));
    if (message) notice(message, 'error');
    input.focus();
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    state.me = null;
    stopTimers();
    showLogin(message);
  }

  function showIdentity() {
    document.getElementById('nav').hidden = false;
    document.getElementById('who').hidden = false;
    document.getElementById('who-name').textContent = state.me.name;
    document.getElementById('who-roles').textContent = state.me.roles.length ? state.me.roles.join(' · ') : 'no roles';
    document.querySelectorAll('#nav a[data-role]').forEach((a) => { a.hidden = !hasRole(a.dataset.role); });
  }

  // ---- pipelines --------------------------------------------------------------------------------

  async function pipelinesView(_parts, _params, generation) {
    const pipelines = await api('GET', '/api/v1/pipelines');
    const grid = h('div', { class: 'grid', test: 'pipelines' });
    const fill = (list) => grid.replaceChildren(...(list.length ? list.map(pipelineCard)
      : [h('p', { class: 'muted' }, 'No pipelines are configured.')]));
    fill(pipelines);
    every(LIVE_MS, async () => {
      const fresh = await api('GET', '/api/v1/pipelines').catch(() => null);
      if (fresh && generation === state.generation) fill(fresh);
    });
    return h('div', {},
      h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'Pipelines'),
        h('div', { class: 'muted' }, 'Runs, failures, rows and Glue cost over the last 24 hours')),
      h('span', { class: 'live' }, 'refreshes every 5 s')),
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

  function stat(label, value, bad) {
    return h('div', { class: 'stat' + (bad ? ' bad' : '') }, h('div', { class: 'v' }, value), h('div', { class: 'k' }, label));
  }

  // ---- runs -------------------------------------------------------------------------------------

  async function runsView(parts, params, generation) {
    if (parts.length) return runView(parts[0], generation);
    const pipelines = await api('GET', '/api/v1/pipelines');
    const filters = {
      pipeline: params.get('pipeline') || '',
      status: params.get('status') || '',
      since: params.get('since') || '',
      until: params.get('until') || '',
    };
    const live = params.get('live') !== 'off';
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
    if (live) {
      every(LIVE_MS, async () => {
        // Live refresh keeps the first page current; older pages loaded by hand stay as they were.
        const page = await load().catch(() => null);
        if (!page || generation !== state.generation) return;
        holder.replaceChildren(table(columns, page.items, opts));
        next = page.nextCursor;
        showMore();
      });
    }
    return h('div', {},
      h('div', { class: 'page-head' }, h('h1', {}, 'Runs')),
      runFilters(filters, pipelines, live),
      holder, more);
  }

  function runFilters(filters, pipelines, live) {
    const pipeline = h('select', { id: 'filter-pipeline', name: 'pipeline' },
      h('option', { value: '' }, 'all pipelines'),
      pipelines.map((p) => h('option', { value: p.name, selected: p.name === filters.pipeline }, p.name)));
    const status = h('select', { id: 'filter-status', name: 'status' },
      h('option', { value: '' }, 'any status'),
      RUN_STATUSES.map((s) => h('option', { value: s, selected: s === filters.status }, s)));
    const since = h('input', { type: 'datetime-local', id: 'filter-since', value: toLocalInput(filters.since) });
    const until = h('input', { type: 'datetime-local', id: 'filter-until', value: toLocalInput(filters.until) });
    const liveBox = h('input', { type: 'checkbox', id: 'filter-live', checked: live });
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

  function toLocalInput(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return '';
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }

  function fromLocalInput(value) {
    return value ? new Date(value).toISOString() : '';
  }

  function truncate(text, n) {
    return text.length > n ? text.slice(0, n - 1) + '…' : text;
  }

  async function runView(id, generation) {
    const detail = await api('GET', '/api/v1/runs/' + encodeURIComponent(id));
    const run = detail.run;
    if (!TERMINAL_RUN.includes(run.status)) {
      every(LIVE_MS, () => { if (generation === state.generation) render(); });
    }
    const retry = hasRole('OPERATOR') && RETRYABLE.includes(run.status)
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
        h('div', { class: 'actions' }, detail.logsUrl ? h('a', { href: detail.logsUrl, target: '_blank', rel: 'noopener noreferrer', id: 'logs-link' }, 'Logs in CloudWatch ↗') : null, retry)),
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
          fact('Glue cost', fmtCost(detail.cost))))),
      h('h2', {}, 'Files'),
      table([
        { title: 'File', wrap: true, render: (f) => h('code', {}, `${f.bucket}/${f.key}`) },
        { title: 'Size', num: true, render: (f) => fmtBytes(f.size) },
        { title: 'Status', render: (f) => badge(f.status) },
        { title: 'Error', wrap: true, render: (f) => f.errorMessage || '' },
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

  function fact(label, value) {
    return [h('dt', {}, label), h('dd', {}, value === null || value === undefined ? '—' : value)];
  }

  // ---- files ------------------------------------------------------------------------------------

  async function filesView(_parts, params) {
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
        { title: 'Error', wrap: true, render: (f) => f.errorMessage || '' },
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

  // ---- deployments ------------------------------------------------------------------------------

  async function deploymentsView(parts, params, generation) {
    if (parts.length) return deploymentView(parts[0], generation);
    const environment = params.get('environment') || '';
    const [history, environments] = await Promise.all([
      api('GET', '/api/v1/deployments' + query({ environment, limit: 100 })),
      hasRole('OPERATOR') ? api('GET', '/api/v1/environments').catch(() => []) : [],
    ]);
    const columns = [
      { title: 'Deployment', render: (d) => h('a', { href: '#/deployments/' + d.id }, h('code', {}, shortId(d.id))) },
      { title: 'Environment', render: (d) => d.request.environment },
      { title: 'Stack', render: (d) => lower(d.request.stack) },
      { title: 'Action', render: (d) => lower(d.request.action) },
      { title: 'Status', render: (d) => badge(d.status) },
      { title: 'Requested by', render: (d) => d.request.requestedBy },
      { title: 'Approved by', render: (d) => d.approvedBy || '—' },
      { title: 'Created', render: (d) => fmtTime(d.timings && d.timings.created) },
      { title: 'Duration', render: (d) => fmtDuration(d.timings && d.timings.created, d.timings && d.timings.finished) },
    ];
    const opts = { test: 'deployments', empty: 'No deployments yet.', onRow: (d) => go('#/deployments/' + d.id), rowTest: (d) => 'deployment-' + d.id };
    const holder = h('div', {}, table(columns, list(history), opts));
    every(LIVE_MS, async () => {
      const fresh = await api('GET', '/api/v1/deployments' + query({ environment, limit: 100 })).catch(() => null);
      if (fresh && generation === state.generation) holder.replaceChildren(table(columns, list(fresh), opts));
    });
    return h('div', {},
      h('div', { class: 'page-head' }, h('h1', {}, 'Deployments')),
      hasRole('OPERATOR') ? deploymentForm(list(environments)) : null,
      holder);
  }

  function list(value) {
    if (Array.isArray(value)) return value;
    if (value && Array.isArray(value.items)) return value.items;
    if (value && Array.isArray(value.deployments)) return value.deployments;
    if (value && Array.isArray(value.environments)) return value.environments;
    return [];
  }

  function lower(value) {
    return value ? String(value).toLowerCase() : '—';
  }

  function shortId(id) {
    return String(id).slice(0, 8);
  }

  function deploymentForm(environments) {
    const environment = environments.length
      ? h('select', { id: 'deploy-environment' }, environments.map((e) => h('option', { value: e.name }, e.name
        + (e.requiresApproval ? ' (approval)' : ''))))
      : h('input', { id: 'deploy-environment', placeholder: 'dev', required: true });
    const stack = h('select', { id: 'deploy-stack' }, ['infrastructure', 'application', 'all'].map((s) => h('option', { value: s }, s)));
    const action = h('select', { id: 'deploy-action' }, ['plan', 'apply'].map((a) => h('option', { value: a }, a)));
    return h('form', {
      class: 'filters panel',
      id: 'deploy-form',
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          const started = await api('POST', '/api/v1/deployments', { environment: environment.value, stack: stack.value, action: action.value });
          const first = list(started)[0];
          notice(`Deployment ${shortId(first.id)} started (${action.value} ${stack.value} in ${environment.value}).`, 'ok');
          go('#/deployments/' + first.id);
        } catch (e) {
          notice('Deployment refused: ' + e.message, 'error');
        }
      },
    }, h('label', {}, 'Environment', environment), h('label', {}, 'Stack', stack), h('label', {}, 'Action', action),
    h('button', { class: 'primary', type: 'submit' }, 'Start'));
  }

  async function deploymentView(id, generation) {
    const detail = await api('GET', '/api/v1/deployments/' + encodeURIComponent(id));
    const d = detail.deployment;
    const terminal = ['PLANNED', 'NO_CHANGES', 'SUCCEEDED', 'FAILED', 'REJECTED', 'CANCELLED'].includes(d.status);
    if (!terminal && d.status !== 'AWAITING_APPROVAL') {
      every(LIVE_MS, () => { if (generation === state.generation) render(); });
    }
    const mine = state.me && d.request.requestedBy === state.me.name;
    const decide = (verb) => async (event) => {
      event.target.disabled = true;
      try {
        await api('POST', `/api/v1/deployments/${d.id}/${verb}`);
        notice(`Deployment ${shortId(d.id)} ${verb === 'approve' ? 'approved' : 'rejected'}.`, 'ok');
      } catch (e) {
        notice(`Could not ${verb}: ` + e.message, 'error');
      }
      render();
    };
    const decision = d.status === 'AWAITING_APPROVAL' && hasRole('APPROVER')
      ? h('div', { class: 'actions' },
        mine ? h('span', { class: 'muted' }, 'You requested this deployment; another approver must decide.') : null,
        h('button', { class: 'approve', type: 'button', id: 'approve', disabled: mine, onclick: decide('approve') }, 'Approve'),
        h('button', { class: 'danger', type: 'button', id: 'reject', disabled: mine, onclick: decide('reject') }, 'Reject'))
      : null;
    const outcome = d.outcome || {};
    const cs = d.changeSet || {};
    return h('div', { test: 'deployment-detail' },
      h('div', { class: 'page-head' },
        h('div', {}, h('div', { class: 'muted' }, h('a', { href: '#/deployments' }, 'Deployments'), ' / '),
          h('h1', {}, `${lower(d.request.action)} ${lower(d.request.stack)} in ${d.request.environment} `, badge(d.status))),
        decision),
      outcome.failureReason ? h('div', { class: 'error-box', id: 'deployment-error' },
        (outcome.failedResource ? outcome.failedResource + ': ' : '') + outcome.failureReason) : null,
      outcome.remedy ? h('div', { class: 'notice' }, 'What to do: ' + outcome.remedy) : null,
      outcome.warning ? h('div', { class: 'notice' }, outcome.warning) : null,
      h('div', { class: 'two' },
        h('div', { class: 'panel' }, h('dl', { class: 'facts' },
          fact('Deployment', h('code', {}, d.id)),
          fact('Stack', h('code', {}, d.request.stackName)),
          fact('Requested by', d.request.requestedBy),
          fact('Approved by', d.approvedBy || '—'),
          fact('Change set', cs.name ? h('code', {}, cs.name + (cs.type ? ` (${cs.type})` : '')) : '—'),
          fact('Asset', d.assetKey ? h('code', {}, d.assetKey) : '—'),
          fact('Stack status', outcome.stackStatus ? badge(outcome.stackStatus) : '—'))),
        h('div', { class: 'panel' }, h('dl', { class: 'facts' },
          fact('Created', fmtTime(d.timings.created)),
          fact('Planned', fmtTime(d.timings.planned)),
          fact('Decided', fmtTime(d.timings.decided)),
          fact('Started', fmtTime(d.timings.started)),
          fact('Finished', fmtTime(d.timings.finished))))),
      h('h2', {}, 'Plan: changes'),
      table([
        { title: 'Action', render: (c) => badge(String(c.action).toUpperCase()) },
        { title: 'Kind', render: (c) => lower(c.kind) },
        { title: 'Logical id', render: (c) => h('code', {}, c.logicalId) },
        { title: 'Type', render: (c) => c.resourceType || '' },
        { title: 'Replacement', render: (c) => c.replacement || '' },
        { title: 'Details', wrap: true, render: (c) => c.details || '' },
      ], detail.changes || [], { test: 'changes', empty: d.status === 'NO_CHANGES' ? 'Nothing to deploy: the stack is up to date.' : 'No changes recorded yet.' }),
      h('h2', {}, 'Stack events'),
      table([
        { title: 'At', render: (e) => fmtTime(e.occurredAt) },
        { title: 'Resource', render: (e) => h('code', {}, e.logicalId) },
        { title: 'Type', render: (e) => e.resourceType || '' },
        { title: 'Status', render: (e) => badge(e.status) },
        { title: 'Reason', wrap: true, render: (e) => e.reason || '' },
      ], detail.events || [], { test: 'events', empty: 'No stack events yet.' }));
  }

  // ---- releases ---------------------------------------------------------------------------------

  const TRACKS = ['infrastructure', 'application'];

  async function releasesView(parts, _params, generation) {
    if (parts.length) return releaseView(parts[0], generation);
    const holder = h('div', { test: 'releases' }, await releaseTracks());
    every(LIVE_MS, async () => {
      const fresh = await releaseTracks().catch(() => null);
      if (fresh && generation === state.generation) holder.replaceChildren(fresh);
    });
    return h('div', {},
      h('div', { class: 'page-head' }, h('h1', {}, 'Releases'), h('span', { class: 'live' }, 'refreshes every 5 s')),
      h('p', { class: 'muted' }, 'Each track\'s newest releases, flowing left to right through the release path.'),
      holder);
  }

  async function releaseTracks() {
    const releases = list(await api('GET', '/api/v1/releases' + query({ limit: 60 })));
    return h('div', {}, TRACKS.map((track) => trackPipeline(track, releases.filter((r) => r.track === track).slice(0, 8))));
  }

  function trackPipeline(track, releases) {
    const environments = [];
    releases.forEach((r) => r.stages.forEach((s) => { if (!environments.includes(s.environment)) environments.push(s.environment); }));
    const columns = [
      { title: 'Release', render: (r) => h('a', { href: '#/releases/' + r.id }, h('strong', {}, r.version), ' ', h('code', {}, String(r.commit).slice(0, 7))) },
      { title: 'Status', render: (r) => badge(r.status) },
      ...environments.map((env) => ({
        title: env,
        render: (r) => {
          const s = r.stages.find((x) => x.environment === env);
          if (!s) return h('span', { class: 'muted' }, '—');
          return h('div', { class: 'stage-cell', test: `stage-${r.id}-${env}` }, badge(s.status),
            s.approvedBy ? h('div', { class: 'muted' }, 'approved by ' + s.approvedBy) : null,
            s.status === 'AWAITING_APPROVAL' && hasRole('APPROVER') ? gateButtons(r, s) : null);
        },
      })),
      { title: 'Requested by', render: (r) => r.requestedBy + (r.rollbackOf ? ' (rollback)' : '') },
      { title: 'Created', render: (r) => fmtTime(r.created) },
    ];
    const rollbacks = hasRole('RELEASER') ? h('div', { class: 'actions' }, environments.map((env) => h('button', {
      type: 'button',
      test: `rollback-${track}-${env}`,
      onclick: async (event) => {
        event.target.disabled = true;
        try {
          const started = await api('POST', `/api/v1/environments/${encodeURIComponent(env)}/rollback` + query({ track }));
          notice(`Rollback of ${track} in ${env} started: release ${shortId(started.id)} (${started.version}).`, 'ok');
          go('#/releases/' + started.id);
        } catch (e) {
          notice('Rollback refused: ' + e.message, 'error');
          event.target.disabled = false;
        }
      },
    }, 'Roll back ' + env))) : null;
    return h('section', { class: 'panel track', test: 'track-' + track },
      h('div', { class: 'page-head' }, h('h2', {}, track), rollbacks),
      table(columns, releases, { test: 'releases-' + track, empty: `No ${track} releases yet.`, rowTest: (r) => 'release-' + r.id }));
  }

  function gateButtons(release, stage) {
    const mine = state.me && release.requestedBy === state.me.name;
    const decide = (verb) => async (event) => {
      event.stopPropagation();
      event.target.disabled = true;
      try {
        await api('POST', `/api/v1/releases/${release.id}/stages/${encodeURIComponent(stage.environment)}/${verb}`);
        notice(`${release.version} ${verb === 'approve' ? 'approved' : 'rejected'} for ${stage.environment}.`, 'ok');
      } catch (e) {
        notice(`Could not ${verb}: ` + e.message, 'error');
      }
      render();
    };
    return h('div', { class: 'actions' },
      h('button', { class: 'approve', type: 'button', disabled: mine, title: mine ? 'You requested this release' : null,
        test: `approve-${release.id}-${stage.environment}`, onclick: decide('approve') }, 'Approve'),
      h('button', { class: 'danger', type: 'button', disabled: mine, onclick: decide('reject') }, 'Reject'));
  }

  async function releaseView(id, generation) {
    const detail = await api('GET', '/api/v1/releases/' + encodeURIComponent(id));
    const r = detail.release;
    if (r.status === 'RUNNING') every(LIVE_MS, () => { if (generation === state.generation) render(); });
    const a = r.artifacts || {};
    return h('div', { test: 'release-detail' },
      h('div', { class: 'page-head' },
        h('div', {}, h('div', { class: 'muted' }, h('a', { href: '#/releases' }, 'Releases'), ' / '),
          h('h1', {}, `${r.track} ${r.version} `, badge(r.status)))),
      r.failureReason ? h('div', { class: 'error-box', id: 'release-error' }, r.failureReason) : null,
      h('div', { class: 'two' },
        h('div', { class: 'panel' }, h('dl', { class: 'facts' },
          fact('Release', h('code', {}, r.id)),
          fact('Commit', h('code', {}, r.commit)),
          fact('Requested by', r.requestedBy),
          fact('Rollback of', r.rollbackOf ? h('a', { href: '#/releases/' + r.rollbackOf }, shortId(r.rollbackOf)) : '—'),
          fact('Superseded by', r.supersededBy ? h('a', { href: '#/releases/' + r.supersededBy }, shortId(r.supersededBy)) : '—'),
          fact('Requires infrastructure', r.requiresInfrastructure || '—'))),
        h('div', { class: 'panel' }, h('dl', { class: 'facts' },
          fact('Template SHA-256', h('code', {}, a.templateDigest || '—')),
          fact('Parameters SHA-256', a.parametersDigest ? h('code', {}, a.parametersDigest) : 'the configured parameter files'),
          fact('Jar SHA-256', h('code', {}, a.glueJobJarDigest || '—')),
          fact('Jar key', a.glueJobJarKey ? h('code', {}, a.glueJobJarKey) : '—'),
          fact('Created', fmtTime(r.created)),
          fact('Finished', fmtTime(r.finished))))),
      h('div', { class: 'flow', test: 'release-flow' }, r.stages.map((s) => h('div', { class: 'panel stage', test: 'stage-' + s.environment },
        h('h3', {}, s.environment, ' ', badge(s.status)),
        h('div', { class: 'muted' }, [s.gate.approval ? 'approval gate' : null, s.gate.smokeCheck ? 'smoke check' : null].filter(Boolean).join(' · ') || 'no gates'),
        s.message ? h('div', { class: 'muted stage-message' }, s.message) : null,
        h('dl', { class: 'facts' },
          fact('Deployment', s.deploymentId ? h('a', { href: '#/deployments/' + s.deploymentId }, shortId(s.deploymentId)) : '—'),
          fact('Approved by', s.approvedBy || '—'),
          fact('Started', fmtTime(s.started)),
          fact('Finished', fmtTime(s.finished)),
          fact('Duration', fmtDuration(s.started, s.finished))),
        s.status === 'AWAITING_APPROVAL' && hasRole('APPROVER') ? gateButtons(r, s) : null))),
      r.stages.filter((s) => detail.changes && detail.changes[s.environment]).map((s) => h('div', {},
        h('h2', {}, 'Change set in ' + s.environment),
        table([
          { title: 'Action', render: (c) => badge(String(c.action).toUpperCase()) },
          { title: 'Kind', render: (c) => lower(c.kind) },
          { title: 'Logical id', render: (c) => h('code', {}, c.logicalId) },
          { title: 'Type', render: (c) => c.resourceType || '' },
          { title: 'Details', wrap: true, render: (c) => c.details || '' },
        ], detail.changes[s.environment], { test: 'changes-' + s.environment, empty: 'No changes.' }))));
  }

  // ---- environments -----------------------------------------------------------------------------

  async function environmentsView(_parts, _params, generation) {
    const environments = list(await api('GET', '/api/v1/environments'));
    if (!environments.length) {
      return h('div', {}, h('h1', {}, 'Environments'), h('p', { class: 'muted' }, 'No environments are configured (sluice.environments.<name>).'));
    }
    const grid = h('div', { class: 'grid', test: 'environments' }, environments.map(environmentCard));
    every(LIVE_MS, async () => {
      const fresh = await api('GET', '/api/v1/environments').catch(() => null);
      if (fresh && generation === state.generation) grid.replaceChildren(...list(fresh).map(environmentCard));
    });
    return h('div', {}, h('div', { class: 'page-head' }, h('h1', {}, 'Environments'),
      h('span', { class: 'live' }, 'refreshes every 5 s')), grid);
  }

  function environmentCard(e) {
    const stacks = Array.isArray(e.stacks) ? e.stacks
      : Object.entries(e.stacks || {}).map(([name, s]) => ({ stack: name, ...s }));
    return h('div', { class: 'card', test: 'environment-' + e.name },
      h('h3', {}, e.name, e.requiresApproval ? h('span', { class: 'badge warn' }, 'APPROVAL') : h('span', { class: 'badge' }, 'NO APPROVAL')),
      h('div', { class: 'sub' }, `account ${e.accountId || '—'} · ${e.region || '—'}`),
      stacks.map((s) => h('div', { class: 'panel stack', test: 'stack-' + (s.stack || s.name) },
        h('div', { class: 'stack-row' }, h('strong', {}, lower(s.stack || s.kind || s.name)), h('code', {}, s.stackName || ''),
          badge(s.status || s.stackStatus || 'UNKNOWN')),
        s.updatedAt ? h('div', { class: 'muted' }, 'updated ' + fmtTime(s.updatedAt)) : null,
        s.error ? h('div', { class: 'muted' }, s.error) : null,
        outputs(s.outputs))),
      h('div', { class: 'more' }, h('a', { href: '#/deployments?environment=' + encodeURIComponent(e.name) }, 'Deployments of ' + e.name)));
  }

  function outputs(value) {
    const entries = Array.isArray(value)
      ? value.map((o) => [o.key || o.outputKey || o.name, o.value || o.outputValue])
      : Object.entries(value || {});
    if (!entries.length) return null;
    return h('dl', { class: 'facts' }, entries.map(([k, v]) => fact(k, h('code', {}, v))));
  }

  // ---- audit and tokens (ADMIN) -----------------------------------------------------------------

  async function auditView(_parts, params) {
    const actor = params.get('actor') || '';
    const page = await api('GET', '/api/v1/audit' + query({ actor, limit: 200 }));
    const actorInput = h('input', { id: 'audit-actor', value: actor, placeholder: 'token:ops' });
    return h('div', {},
      h('div', { class: 'page-head' }, h('h1', {}, 'Audit log')),
      h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); go('#/audit' + query({ actor: actorInput.value })); } },
        h('label', {}, 'Caller', actorInput), h('button', { type: 'submit' }, 'Filter')),
      table([
        { title: 'At', render: (a) => fmtTime(a.at) },
        { title: 'Caller', render: (a) => a.actor },
        { title: 'Call', render: (a) => h('code', {}, `${a.method} ${a.path}`) },
        { title: 'Status', num: true, render: (a) => a.status },
        { title: 'Outcome', render: (a) => badge(a.outcome) },
      ], page.items, { test: 'audit', empty: 'No calls recorded.' }));
  }

  async function tokensView() {
    const tokens = await api('GET', '/api/v1/tokens');
    const name = h('input', { id: 'token-name', placeholder: 'ci-deployer', required: true, pattern: '[A-Za-z0-9._-]{1,100}' });
    const boxes = ROLES.map((r) => h('input', { type: 'checkbox', value: r, id: 'token-role-' + r }));
    const created = h('div', {});
    const form = h('form', {
      class: 'filters panel',
      id: 'token-form',
      onsubmit: async (event) => {
        event.preventDefault();
        const roles = boxes.filter((b) => b.checked).map((b) => b.value);
        try {
          const answer = await api('POST', '/api/v1/tokens', { name: name.value, roles });
          created.replaceChildren(h('div', { class: 'secret', id: 'token-secret' },
            h('strong', {}, `Token for ${answer.token.name}; copy it now, it is not shown again: `), h('code', {}, answer.secret)));
          const body = document.querySelector('[data-test=tokens-body]');
          if (body) body.prepend(tableRow(tokenColumns(), answer.token, {}));
        } catch (e) {
          notice('Token refused: ' + e.message, 'error');
        }
      },
    }, h('label', {}, 'Name', name),
    h('div', { class: 'actions' }, ROLES.map((r, i) => h('label', { class: 'inline' }, boxes[i], r))),
    h('button', { class: 'primary', type: 'submit' }, 'Create token'));
    return h('div', {}, h('div', { class: 'page-head' }, h('h1', {}, 'API tokens')), form, created,
      h('h2', {}, 'Tokens'), table(tokenColumns(), tokens, { test: 'tokens' }));
  }

  function tokenColumns() {
    return [
      { title: 'Name', render: (t) => t.name },
      { title: 'Token', render: (t) => h('code', {}, t.hint) },
      { title: 'Roles', render: (t) => t.roles.join(', ') },
      { title: 'Created', render: (t) => `${fmtTime(t.createdAt)} by ${t.createdBy}` },
      { title: 'Last used', render: (t) => fmtTime(t.lastUsedAt) },
      { title: 'Expires', render: (t) => fmtTime(t.expiresAt) },
      {
        title: 'State',
        render: (t) => t.revokedAt ? h('span', {}, badge('REVOKED'), ` by ${t.revokedBy}`)
          : h('button', {
            class: 'danger',
            type: 'button',
            onclick: async () => {
              try {
                await api('DELETE', '/api/v1/tokens/' + t.id);
                notice(`Token ${t.name} revoked.`, 'ok');
              } catch (e) {
                notice('Could not revoke: ' + e.message, 'error');
              }
              render();
            },
          }, 'Revoke'),
      },
    ];
  }

  const VIEWS = {
    pipelines: pipelinesView,
    runs: runsView,
    files: filesView,
    deployments: deploymentsView,
    releases: releasesView,
    environments: environmentsView,
    audit: auditView,
    tokens: tokensView,
  };

  document.getElementById('sign-out').addEventListener('click', () => signOut());
  window.addEventListener('hashchange', () => {
    // A notice set just before a navigation (a deployment started) stays for the next page.
    if (Date.now() - (state.noticeAt || 0) > 1500) notice('');
    render();
  });
  render();
})();
