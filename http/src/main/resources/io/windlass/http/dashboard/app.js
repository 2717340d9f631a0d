// The dashboard's shell: hash routing (#/, #/tasks?…, #/task/<id>), one view at a time, the login prompt on 401, and
// live updates: one event stream per page (live.js) refreshes the view when a change concerns it (any change for the
// overview and the task list, the open task's own changes for its detail), with a slow safety poll for what is not
// streamed (nodes, leases); while the stream is down or refused, the view is polled every 2 s. Refreshes never
// overlap, are coalesced, and pause while the tab is hidden. <body data-live> says which mode is in use.
import {ApiError, get} from './api.js';
import {h, replace} from './dom.js';
import {showLogin} from './login.js';
import {overview} from './overview.js';
import {tasks} from './tasks.js';
import {task} from './task.js';
import {openLive} from './live.js';

const POLL_MS = 2000;
const STREAM_POLL_MS = 10000;
const MIN_GAP_MS = 250;
const main = document.getElementById('main');
const live = document.getElementById('live');
let current = null; // {route, view}
let timer = null;
let generation = 0;
const ctx = {server: null, machine: null};
let mode = 'polling';
let stream = null;
let busy = false;
let again = false;
document.body.dataset.live = mode;

function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, q] = hash.split('?');
  const params = new URLSearchParams(q || '');
  if (path.startsWith('/task/')) return {name: 'task', id: decodeURIComponent(path.slice(6)), params};
  if (path === '/tasks') return {name: 'tasks', params};
  return {name: 'overview', params};
}

function updated() {
  setLive(`live (${mode === 'stream' ? 'stream' : 'polling'}) · updated ${new Date().toLocaleTimeString()}`, true);
}

function setLive(text, ok) {
  live.textContent = text;
  live.className = ok ? 'live ok' : 'live bad';
}

async function ensureServer() {
  if (!ctx.server) {
    ctx.server = await get('api/v1/server');
    ctx.machine = await get('api/v1/statemachine');
    document.body.classList.toggle('read-only', ctx.server.readOnly);
    document.getElementById('mode').textContent = ctx.server.readOnly ? 'read-only' : '';
  }
}

function handle(e) {
  if (e instanceof ApiError && e.status === 401) {
    clearTimeout(timer);
    current = null;
    setLive('not signed in', false);
    showLogin(main, e.challenge, () => show());
    return;
  }
  setLive(`error: ${e.message}`, false);
  if (!(e instanceof ApiError)) console.error(e);
}

async function show() {
  clearTimeout(timer);
  const gen = ++generation;
  const r = route();
  for (const [name, el] of [['overview', 'nav-overview'], ['tasks', 'nav-tasks']]) {
    document.getElementById(el).toggleAttribute('aria-current', r.name === name);
  }
  try {
    await ensureServer();
    const factory = {overview, tasks, task}[r.name];
    replace(main, h('p', {}, 'Loading…'));
    const view = await factory(main, ctx, r);
    if (gen !== generation) return;
    current = {route: r, view};
    updated();
    schedule(gen);
    if (!stream) stream = openLive(onEvent, setMode);
  } catch (e) {
    if (gen === generation) handle(e);
  }
}

function schedule(gen) {
  clearTimeout(timer);
  timer = setTimeout(async () => {
    if (gen !== generation || !current) return;
    await refresh();
    if (gen === generation && current) schedule(gen);
  }, mode === 'stream' ? STREAM_POLL_MS : POLL_MS);
}

/** Refreshes the current view now, or right after the refresh under way (coalesced, at most one at a time). */
async function refresh() {
  if (busy) {
    again = true;
    return;
  }
  busy = true;
  try {
    do {
      again = false;
      const gen = generation;
      if (document.hidden || !current) break;
      try {
        await current.view.refresh();
        if (gen === generation) updated();
      } catch (e) {
        if (gen === generation) handle(e);
        break;
      }
      if (again) await new Promise((resolve) => setTimeout(resolve, MIN_GAP_MS));
    } while (again);
  } finally {
    busy = false;
  }
}

function setMode(m) {
  if (m === mode) return;
  mode = m;
  document.body.dataset.live = m;
  if (current) {
    if (m === 'polling') refresh(); // changes may have been missed while the stream broke
    schedule(generation);
  }
}

function onEvent(ev) {
  if (!current) return;
  if (ev.type === 'state') {
    if (current.route.name === 'task' && ev.data.id !== current.route.id) return;
    document.body.dataset.liveEvent = `${ev.data.id}@${ev.data.revision}`;
  } else if (ev.type !== 'reload') {
    return;
  }
  refresh();
}

window.addEventListener('hashchange', show);
document.addEventListener('visibilitychange', () => {
  if (!document.hidden && current) refresh();
});
show();
