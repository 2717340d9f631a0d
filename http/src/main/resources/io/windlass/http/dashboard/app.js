// The dashboard's shell: hash routing (#/, #/tasks?…, #/task/<id>), one view at a time, live updates by polling
// (one request chain per page, never overlapping, paused while the tab is hidden), the login prompt on 401.
import {ApiError, get} from './api.js';
import {h, replace} from './dom.js';
import {showLogin} from './login.js';
import {overview} from './overview.js';
import {tasks} from './tasks.js';
import {task} from './task.js';

const POLL_MS = 2000;
const main = document.getElementById('main');
const live = document.getElementById('live');
let current = null; // {route, view}
let timer = null;
let generation = 0;
const ctx = {server: null, machine: null};

function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, q] = hash.split('?');
  const params = new URLSearchParams(q || '');
  if (path.startsWith('/task/')) return {name: 'task', id: decodeURIComponent(path.slice(6)), params};
  if (path === '/tasks') return {name: 'tasks', params};
  return {name: 'overview', params};
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
    setLive(`live · updated ${new Date().toLocaleTimeString()}`, true);
    schedule(gen);
  } catch (e) {
    if (gen === generation) handle(e);
  }
}

function schedule(gen) {
  timer = setTimeout(async () => {
    if (gen !== generation || !current) return;
    if (!document.hidden) {
      try {
        await current.view.refresh();
        if (gen === generation) setLive(`live · updated ${new Date().toLocaleTimeString()}`, true);
      } catch (e) {
        if (gen === generation) handle(e);
        if (e instanceof ApiError && e.status === 401) return;
      }
    }
    if (gen === generation) schedule(gen);
  }, POLL_MS);
}

window.addEventListener('hashchange', show);
document.addEventListener('visibilitychange', () => {
  if (!document.hidden && current) current.view.refresh().catch(handle);
});
show();
