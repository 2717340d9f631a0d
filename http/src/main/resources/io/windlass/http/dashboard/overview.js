// Overview: counts per state (the server's aggregate), the nodes with their actions, and a problems panel built
// from small bounded reads (one page of FAULT tasks, one of RUNNABLE tasks) - nothing grows with the namespace.
import {ApiError, get, query} from './api.js';
import {age, badge, h, replace, table, time} from './dom.js';
import {nodeActions} from './actions.js';

const STUCK_RUNNABLE_MS = 5 * 60 * 1000;
const LEASE_LOW_MS = 2000;
const PROBLEM_PAGE = 20;

export async function overview(main, ctx) {
  const countsEl = h('section', {id: 'counts', 'aria-labelledby': 'counts-h'});
  const nodesEl = h('section', {id: 'nodes', 'aria-labelledby': 'nodes-h'});
  const problemsEl = h('section', {id: 'problems', 'aria-labelledby': 'problems-h'});
  replace(main, h('h2', {class: 'sr-only'}, 'Overview'), countsEl, nodesEl, problemsEl);

  async function refresh() {
    const [counts, nodes, faults, runnable] = await Promise.all([
      // 503 while the server's aggregate syncs, or for ever on a store that cannot stream (the in-memory demo)
      get('api/v1/counts').catch((e) => {
        if (e instanceof ApiError && e.status === 503) return {unavailable: e.message};
        throw e;
      }),
      get('api/v1/nodes'),
      get('api/v1/tasks' + query({state: 'FAULT', limit: PROBLEM_PAGE})),
      get('api/v1/tasks' + query({state: 'RUNNABLE', limit: 100})),
    ]);
    renderCounts(countsEl, counts);
    renderNodes(nodesEl, nodes.nodes, ctx);
    renderProblems(problemsEl, faults, runnable, nodes.nodes);
  }
  await refresh();
  return {refresh};
}

function renderCounts(el, counts) {
  if (counts.unavailable) {
    replace(el, h('h2', {id: 'counts-h'}, 'Tasks by state'), h('p', {class: 'muted', id: 'counts-unavailable'},
      `Counts are not available: ${counts.unavailable}`));
    return;
  }
  const cards = Object.entries(counts.byState).map(([state, n]) =>
    h('a', {class: `count st-${state}`, href: `#/tasks?state=${state}`, 'data-state': state},
      badge(state), h('span', {class: 'n', 'data-count': state}, String(n))));
  replace(el, h('h2', {id: 'counts-h'}, 'Tasks by state ', h('span', {class: 'muted', id: 'total'},
    `(${counts.total} in all)`)), h('div', {class: 'cards'}, cards));
}

function renderNodes(el, nodes, ctx) {
  const rows = nodes.map((n) => ({
    attrs: {'data-node': n.id},
    cells: [
      h('span', {class: 'node-id'}, n.id, n.self ? h('span', {class: 'tag'}, 'this server') : ''),
      n.host || '—',
      time(n.started),
      String(n.ownedCount),
      n.leaseTtlLeftMs === null ? '—' : `${(n.leaseTtlLeftMs / 1000).toFixed(1)} s`,
      flags(n),
      ctx.server.readOnly ? '' : nodeActions(n),
    ],
  }));
  const headers = ['node', 'host', 'started', 'owned', 'lease left', 'status'];
  if (!ctx.server.readOnly) headers.push('actions');
  replace(el, h('h2', {id: 'nodes-h'}, `Nodes (${nodes.length})`),
    nodes.length === 0 ? h('p', {class: 'muted'}, 'No live node.') : table('Live nodes', headers,
      rows.map((r) => ({attrs: r.attrs, cells: ctx.server.readOnly ? r.cells.slice(0, 6) : r.cells})),
      {class: 'grid', id: 'nodes-table'}));
}

function flags(n) {
  const out = [];
  if (n.draining) out.push(h('span', {class: 'tag warn'}, 'draining'));
  if (n.frozen === true) out.push(h('span', {class: 'tag warn'}, 'frozen'));
  if (n.frozen === false) out.push(h('span', {class: 'tag'}, 'claiming'));
  return out.length ? out : '—';
}

function renderProblems(el, faults, runnable, nodes) {
  const now = Date.now();
  const items = [];
  for (const t of faults.tasks) {
    items.push(h('li', {}, badge('FAULT'), ' ', link(t.id), ` since ${age(t.updated, now)}`));
  }
  if (faults.nextCursor) items.push(h('li', {}, h('a', {href: '#/tasks?state=FAULT'}, 'more tasks in FAULT…')));
  for (const t of runnable.tasks) {
    const stuck = t.updated && now - new Date(t.updated).getTime() > STUCK_RUNNABLE_MS;
    if (stuck) items.push(h('li', {}, badge('RUNNABLE'), ' ', link(t.id), ` for ${age(t.updated, now)}`));
  }
  for (const t of runnable.tasks.concat(faults.tasks)) {
    if (t.pendingCommands > 0 && t.updated && now - new Date(t.updated).getTime() > STUCK_RUNNABLE_MS) {
      items.push(h('li', {}, link(t.id), ` has ${t.pendingCommands} pending command(s), unchanged for `
        + age(t.updated, now)));
    }
  }
  for (const n of nodes) {
    if (n.leaseTtlLeftMs !== null && n.leaseTtlLeftMs < LEASE_LOW_MS) {
      items.push(h('li', {}, `node ${n.id}: lease keep-alive lags (${n.leaseTtlLeftMs} ms left)`));
    }
  }
  replace(el, h('h2', {id: 'problems-h'}, 'Problems'),
    items.length ? h('ul', {class: 'problems'}, items) : h('p', {class: 'muted', id: 'no-problems'},
      'None: no task in FAULT, none stuck in RUNNABLE, no lagging lease.'));
}

function link(id) {
  return h('a', {href: `#/task/${encodeURIComponent(id)}`, class: 'task-link'}, id);
}
