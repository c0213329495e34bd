// Environments: each one's stacks, their status and outputs.

import { api, list } from '../lib/api.js';
import { badge, fact, h } from '../lib/dom.js';
import { fmtTime, lower } from '../lib/format.js';
import { live } from '../lib/router.js';

export async function environmentsView(_parts, _params, generation) {
  const environments = list(await api('GET', '/api/v1/environments'));
  if (!environments.length) {
    return h('div', {}, h('h1', {}, 'Environments'), h('p', { class: 'muted' }, 'No environments are configured (sluice.environments.<name>).'));
  }
  const grid = h('div', { class: 'grid', test: 'environments' }, environments.map(environmentCard));
  live(generation, () => api('GET', '/api/v1/environments'),
    (fresh) => grid.replaceChildren(...list(fresh).map(environmentCard)));
  return h('div', {}, h('div', { class: 'page-head' }, h('h1', {}, 'Environments'),
    h('span', { class: 'live' }, 'refreshes 5 s after each answer')), grid);
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
