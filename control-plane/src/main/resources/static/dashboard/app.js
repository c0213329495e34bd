// Sluice ops dashboard: a small single-page app over the REST API (/api/v1), as native ES
// modules. No framework, no build step, no assets from elsewhere. All text from the API goes in
// through text nodes, never as HTML, and the page's Content-Security-Policy allows scripts and
// styles from this origin only.

import { h } from './lib/dom.js';
import { register, start } from './lib/router.js';
import { auditView, tokensView } from './views/admin.js';
import { deploymentsView } from './views/deployments.js';
import { environmentsView } from './views/environments.js';
import { filesView } from './views/files.js';
import { pipelinesView } from './views/pipelines.js';
import { rejectsView } from './views/rejects.js';
import { releasesView } from './views/releases.js';
import { runsView } from './views/runs.js';
import { searchView } from './views/search.js';
import { previewView, tableView } from './views/tables.js';

register({
  pipelines: pipelinesView,
  runs: runsView,
  files: filesView,
  deployments: deploymentsView,
  releases: releasesView,
  environments: environmentsView,
  audit: auditView,
  tokens: tokensView,
  rejects: rejectsView,
  search: searchView,
  table: tableView,
  preview: previewView,
});

// Shown when a refresh failed: the page still shows the last answer, and says since when.
document.getElementById('who').prepend(h('span', { id: 'stale', class: 'badge warn', role: 'status', hidden: true }));

start();
