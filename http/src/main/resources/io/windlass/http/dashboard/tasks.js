// Tasks: server-side filters (state, type, node, id prefix) and cursor paging. The page shows one page at a time
// (at most `limit` rows): neither a request nor the DOM grows with the namespace. Filters and cursor live in the URL.
import {get, query} from './api.js';
import {age, badge, h, replace, table} from './dom.js';

const SIZES = [25, 50, 100, 250];
// cursors of the pages before the current one, per filter (for "Previous page"); bounded by the pages walked
const trail = {key: null, cursors: []};

export async function tasks(main, ctx, route) {
  const p = route.params;
  const filter = {state: p.get('state') || '', type: p.get('type') || '', node: p.get('node') || '',
    prefix: p.get('prefix') || '', limit: Number(p.get('limit')) || 100};
  const cursor = p.get('cursor') || '';
  const key = JSON.stringify(filter);
  if (trail.key !== key || !cursor) {
    trail.key = key;
    trail.cursors = [];
  }
  const form = filterForm(filter, ctx.machine.states.map((s) => s.code));
  const body = h('div', {id: 'tasks-page'});
  replace(main, h('h2', {}, 'Tasks'), form, body);

  let last = null;
  async function refresh() {
    const page = await get('api/v1/tasks' + query({...filter, cursor}));
    const key = JSON.stringify(page);
    if (key === last) return; // unchanged: keep focus and selection
    last = key;
    render(body, page, filter, cursor);
  }
  await refresh();
  return {refresh};
}

function filterForm(f, states) {
  const form = h('form', {class: 'filters', id: 'filters', role: 'search'},
    h('label', {}, 'State ', h('select', {name: 'state', id: 'f-state'},
      h('option', {value: ''}, 'any'),
      states.map((s) => h('option', {value: s, selected: s === f.state}, s)))),
    h('label', {}, 'Type ', h('input', {name: 'type', id: 'f-type', value: f.type, size: 10})),
    h('label', {}, 'Node ', h('input', {name: 'node', id: 'f-node', value: f.node, size: 10})),
    h('label', {}, 'Id prefix ', h('input', {name: 'prefix', id: 'f-prefix', value: f.prefix, size: 12,
      pattern: '[A-Za-z0-9._:\\-]{1,128}'})),
    h('label', {}, 'Per page ', h('select', {name: 'limit', id: 'f-limit'},
      SIZES.map((n) => h('option', {value: n, selected: n === f.limit}, String(n))))),
    h('button', {type: 'submit', id: 'f-apply'}, 'Apply'),
    h('a', {href: '#/tasks', class: 'button', id: 'f-clear'}, 'Clear'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const d = new FormData(form);
    const q = query({state: d.get('state'), type: d.get('type').trim(), node: d.get('node').trim(),
      prefix: d.get('prefix').trim(), limit: d.get('limit') === '100' ? '' : d.get('limit')});
    location.hash = '#/tasks' + q;
  });
  return form;
}

function render(el, page, filter, cursor) {
  const now = Date.now();
  const rows = page.tasks.map((t) => ({
    attrs: {'data-task': t.id},
    cells: [
      h('a', {href: `#/task/${encodeURIComponent(t.id)}`, class: 'task-link'}, t.id),
      t.type || '—',
      badge(t.state),
      t.owner || '—',
      t.pendingCommands ? String(t.pendingCommands) : '',
      t.updated ? h('span', {title: t.updated}, age(t.updated, now)) : '—',
      t.until ? h('span', {title: t.until}, t.until.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')) : '',
    ],
  }));
  const pageNo = trail.cursors.length + 1;
  const nav = h('nav', {class: 'pager', 'aria-label': 'pages'},
    h('button', {type: 'button', id: 'page-first', disabled: !cursor, onclick: () => go(filter, '')},
      'First page'),
    h('button', {type: 'button', id: 'page-prev', disabled: !cursor, onclick: () => {
      const prev = trail.cursors.pop() || '';
      go(filter, prev, true);
    }}, 'Previous page'),
    h('span', {id: 'page-no'}, `page ${pageNo}`),
    h('button', {type: 'button', id: 'page-next', disabled: !page.nextCursor, onclick: () => {
      trail.cursors.push(cursor);
      go(filter, page.nextCursor, true);
    }}, 'Next page'));
  const empty = page.tasks.length === 0 ? h('p', {class: 'muted', id: 'no-tasks'}, page.nextCursor
    ? 'No match among the ids scanned for this page; the next page goes on scanning.'
    : 'No task matches.') : null;
  replace(el, table(`${page.tasks.length} tasks on this page`,
    ['id', 'type', 'state', 'owner', 'pending', 'updated', 'until'], rows, {class: 'grid', id: 'tasks-table'}),
  empty, nav);
}

function go(filter, cursor, keepTrail) {
  if (!keepTrail) trail.cursors = [];
  location.hash = '#/tasks' + query({...filter, limit: filter.limit === 100 ? '' : filter.limit, cursor});
}
