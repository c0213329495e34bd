// Releases: each track's newest releases through the release path, and one release's stages.

import { api, list, query } from '../lib/api.js';
import { badge, fact, h, notice, table } from '../lib/dom.js';
import { fmtDuration, fmtTime, lower, shortId } from '../lib/format.js';
import { go, live, render, rerenderLater } from '../lib/router.js';
import { hasRole, state } from '../lib/session.js';

const TRACKS = ['infrastructure', 'application'];

export async function releasesView(parts, _params, generation) {
  if (parts.length) return releaseView(parts[0], generation);
  const holder = h('div', { test: 'releases' }, await releaseTracks());
  live(generation, releaseTracks, (fresh) => holder.replaceChildren(fresh));
  return h('div', {},
    h('div', { class: 'page-head' }, h('h1', {}, 'Releases'), h('span', { class: 'live' }, 'refreshes 5 s after each answer')),
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
          s.actions.includes('approve') && hasRole('APPROVER') ? gateButtons(r, s) : null);
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
  if (r.status === 'RUNNING') rerenderLater(generation);
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
      s.actions.includes('approve') && hasRole('APPROVER') ? gateButtons(r, s) : null))),
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
