// Hash routing, sign-in, and live refresh. A view refreshes only after its previous answer
// arrived (a one-shot timer per answer, never setInterval), so slow requests never pile up; when
// a refresh fails the page keeps what it shows and the header says since when it is stale.

import { api, TOKEN_KEY, whenUnauthorized } from './api.js';
import { h, notice, noticeAge } from './dom.js';
import { fmtTime } from './format.js';
import { hasRole, state } from './session.js';

export const LIVE_MS = 5000;

const main = document.getElementById('main');
let views = {};
let timers = [];
let staleSince = null;

/** Registers the views by the first part of their hash route; the first one is the default. */
export function register(table) {
  views = table;
}

function route() {
  const hash = location.hash.replace(/^#\/?/, '') || Object.keys(views)[0];
  const [path, search] = hash.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { parts, params: new URLSearchParams(search || '') };
}

export function go(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

function later(fn) {
  timers.push(setTimeout(fn, LIVE_MS));
}

function stopTimers() {
  timers.forEach(clearTimeout);
  timers = [];
}

/**
 * Keeps part of a page current: {@code load} runs {@link LIVE_MS} after the previous answer,
 * {@code apply} gets its result while the page is still the one that asked. {@code apply}
 * returning false ends the refresh (a run that reached a final state).
 */
export function live(generation, load, apply) {
  const tick = async () => {
    if (generation !== state.generation) return;
    let fresh;
    try {
      fresh = await load();
    } catch (e) {
      if (generation !== state.generation || e.status === 401) return;
      stale(e);
      later(tick);
      return;
    }
    if (generation !== state.generation) return;
    stale(null);
    if (apply(fresh) !== false) later(tick);
  };
  later(tick);
}

/** Renders the whole page again after {@link LIVE_MS}, keeping it as it is if that fails. */
export function rerenderLater(generation) {
  later(() => { if (generation === state.generation) render({ quiet: true }); });
}

function stale(error) {
  const el = document.getElementById('stale');
  if (!el) return;
  if (!error) {
    staleSince = null;
    el.hidden = true;
    return;
  }
  staleSince = staleSince || new Date();
  el.textContent = 'stale since ' + fmtTime(staleSince.toISOString());
  el.title = 'The server did not answer the last refresh: ' + error.message;
  el.hidden = false;
}

export async function render(opts = {}) {
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
  const view = views[parts[0]] || Object.values(views)[0];
  try {
    const content = await view(parts.slice(1), params, generation);
    if (generation !== state.generation) return;
    stale(null);
    main.replaceChildren(content);
  } catch (e) {
    if (generation !== state.generation || e.status === 401) return;
    if (opts.quiet) {
      stale(e);
      later(() => { if (generation === state.generation) render(opts); });
      return;
    }
    main.replaceChildren(h('div', { class: 'panel' }, h('h1', {}, 'Could not load this page'),
      h('p', { class: 'muted', test: 'load-error' }, e.message)));
  }
}

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

export function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  state.me = null;
  stopTimers();
  stale(null);
  showLogin(message);
}

function showIdentity() {
  document.getElementById('nav').hidden = false;
  document.getElementById('who').hidden = false;
  document.getElementById('who-name').textContent = state.me.name;
  document.getElementById('who-roles').textContent = state.me.roles.length ? state.me.roles.join(' · ') : 'no roles';
  document.querySelectorAll('#nav a[data-role]').forEach((a) => { a.hidden = !hasRole(a.dataset.role); });
}

/** Wires the router to the page: sign-out, navigation, and the first render. */
export function start() {
  whenUnauthorized(signOut);
  document.getElementById('sign-out').addEventListener('click', () => signOut());
  window.addEventListener('hashchange', () => {
    // A notice set just before a navigation (a deployment started) stays for the next page.
    if (noticeAge() > 1500) notice('');
    render();
  });
  render();
}
