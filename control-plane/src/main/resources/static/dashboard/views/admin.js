// ADMIN views: the audit log and API tokens.

import { api, query } from '../lib/api.js';
import { badge, h, notice, table, tableRow } from '../lib/dom.js';
import { fmtTime } from '../lib/format.js';
import { go, render } from '../lib/router.js';

const ROLES = ['VIEWER', 'OPERATOR', 'APPROVER', 'RELEASER', 'ADMIN'];

export async function auditView(_parts, params) {
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

export async function tokensView() {
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
