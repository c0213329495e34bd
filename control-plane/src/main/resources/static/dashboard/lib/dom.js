// DOM helpers. Everything that is text (keys, headers, reasons, values) goes in through
// createTextNode, never as markup: h() has no way to set innerHTML.

export function h(tag, attrs, ...children) {
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

// A file's error, or else what its run's report notes of how it was converted (why a file above
// the split size went as one task).
export function fileRemark(f) {
  if (f.errorMessage) return f.errorMessage;
  return f.conversionNote ? h('span', { class: 'muted', test: 'conversion-note' }, f.conversionNote) : '';
}

export function badge(status) {
  const s = String(status || '—');
  let kind = '';
  if (['SUCCEEDED', 'PROCESSED', 'PLANNED', 'NO_CHANGES', 'CREATE_COMPLETE', 'UPDATE_COMPLETE'].includes(s)) kind = 'ok';
  else if (['FAILED', 'TIMEOUT', 'STOPPED', 'REJECTED', 'ROLLBACK_FAILED', 'TOO_LARGE', 'REFUSED', 'DENIED', 'UNAUTHENTICATED',
    'CANCELLED'].includes(s) || s.endsWith('_FAILED') || s.includes('ROLLBACK')) kind = 'bad';
  else if (['RUNNING', 'STARTING', 'EXECUTING', 'PLANNING', 'APPROVED', 'BATCHED', 'CONTINUING_ROLLBACK', 'DEPLOYING',
    'APPLYING', 'SMOKE_CHECK'].includes(s)
    || s.endsWith('_IN_PROGRESS')) kind = 'info';
  else if (['PARTIALLY_SUCCEEDED', 'AWAITING_APPROVAL', 'QUEUED', 'PENDING', 'QUARANTINED', 'REJECTED_REQUEST', 'WAITING_FOR_INFRASTRUCTURE', 'SUPERSEDED']
    .includes(s)) kind = 'warn';
  return h('span', { class: 'badge ' + kind, test: 'status' }, s);
}

let noticeAt = 0;

/** Shows {@code text} in the notice bar; an empty text hides it. */
export function notice(text, kind) {
  noticeAt = Date.now();
  const el = document.getElementById('notice');
  el.textContent = text;
  el.className = 'notice' + (kind ? ' ' + kind : '');
  el.hidden = !text;
}

/** Milliseconds since the last notice was set. */
export function noticeAge() {
  return Date.now() - noticeAt;
}

export function table(columns, rows, opts) {
  const o = opts || {};
  const head = h('tr', {}, columns.map((c) => h('th', { class: c.num ? 'num' : '' }, c.title)));
  const body = h('tbody', { test: o.test ? o.test + '-body' : undefined });
  if (!rows.length) {
    body.append(h('tr', {}, h('td', { class: 'empty', colspan: columns.length }, o.empty || 'Nothing here yet.')));
  }
  rows.forEach((row) => body.append(tableRow(columns, row, o)));
  return h('div', { class: 'table-wrap' }, h('table', { test: o.test }, h('thead', {}, head), body));
}

export function tableRow(columns, row, o) {
  const tr = h('tr', { class: o.onRow ? 'clickable' : '', test: o.rowTest ? o.rowTest(row) : undefined });
  if (o.onRow) tr.addEventListener('click', () => o.onRow(row));
  columns.forEach((c) => tr.append(h('td', { class: (c.num ? 'num ' : '') + (c.wrap ? 'wrap' : '') }, c.render(row))));
  return tr;
}

export function stat(label, value, bad) {
  return h('div', { class: 'stat' + (bad ? ' bad' : '') }, h('div', { class: 'v' }, value), h('div', { class: 'k' }, label));
}

export function fact(label, value) {
  return [h('dt', {}, label), h('dd', {}, value === null || value === undefined ? '—' : value)];
}
