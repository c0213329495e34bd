// Deployments: the history with a form to start one, and one deployment with its plan, the
// approval gate and the stack's events.

import { api, list, query } from '../lib/api.js';
import { badge, fact, h, notice, table } from '../lib/dom.js';
import { fmtDuration, fmtTime, lower, shortId } from '../lib/format.js';
import { go, live, render, rerenderLater } from '../lib/router.js';
import { hasRole, state } from '../lib/session.js';

export async function deploymentsView(parts, params, generation) {
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
  live(generation, () => api('GET', '/api/v1/deployments' + query({ environment, limit: 100 })),
    (fresh) => holder.replaceChildren(table(columns, list(fresh), opts)));
  return h('div', {},
    h('div', { class: 'page-head' }, h('h1', {}, 'Deployments')),
    hasRole('OPERATOR') ? deploymentForm(list(environments)) : null,
    holder);
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
  // the server says what the deployment may still do: nothing to refresh for while it waits on a person
  if (!d.terminal && !d.actions.includes('approve')) {
    rerenderLater(generation);
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
  const decision = d.actions.includes('approve') && hasRole('APPROVER')
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
