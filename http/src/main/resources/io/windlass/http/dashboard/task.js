// Task detail: record and props, state, owner and fence, pending commands, the history as a timeline and a table,
// the state diagram (drawn from the server's transition table) and the actions (none in read-only mode).
import {ApiError, enc, get} from './api.js';
import {badge, h, replace, table, time} from './dom.js';
import {timeline} from './timeline.js';
import {diagram} from './diagram.js';
import {taskActions} from './actions.js';

const HISTORY = 50;

export async function task(main, ctx, route) {
  const id = route.id;
  const head = h('div', {id: 'task-head'});
  const actions = h('section', {id: 'task-actions', 'aria-labelledby': 'actions-h'});
  const result = h('p', {id: 'action-result', role: 'status', 'aria-live': 'polite'});
  const facts = h('section', {id: 'task-facts'});
  const hist = h('section', {id: 'task-history', 'aria-labelledby': 'history-h'});
  const diag = h('section', {id: 'task-diagram', 'aria-labelledby': 'diagram-h'});
  replace(main, head, ctx.server.readOnly ? null : actions, result, facts, hist, diag);
  let lastKey = null;

  async function refresh() {
    let t;
    try {
      t = await get(`api/v1/tasks/${enc(id)}?history=${HISTORY}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        replace(head, h('h2', {}, `Task ${id}`), h('p', {id: 'task-gone', class: 'error'}, 'This task does not'
          + ' exist (any more).'), h('a', {href: '#/tasks'}, 'Back to the tasks'));
        replace(facts);
        replace(hist);
        replace(diag);
        replace(actions);
        return;
      }
      throw e;
    }
    replace(head, h('h2', {}, 'Task ', h('span', {id: 'task-id'}, t.id), ' ', h('span', {id: 'task-state'},
      badge(t.state))));
    // the rest changes only with a new version: keep focus and scroll position between polls
    const key = JSON.stringify([t.stored && t.stored.revision, t.owner, t.fence, t.pending]);
    if (key === lastKey) return;
    lastKey = key;
    if (!ctx.server.readOnly) taskActions(actions, t, ctx, result, refresh);
    renderFacts(facts, t);
    renderHistory(hist, t);
    replace(diag, h('h3', {id: 'diagram-h'}, 'State diagram'), diagram(ctx.machine, t.state));
  }
  await refresh();
  return {refresh};
}

function renderFacts(el, t) {
  const s = t.stored || {};
  const dl = h('dl', {class: 'facts'},
    h('dt', {}, 'type'), h('dd', {id: 'task-type'}, t.record ? t.record.type : '—'),
    h('dt', {}, 'owner'), h('dd', {id: 'task-owner'}, t.owner || '— (not claimed)'),
    h('dt', {}, 'fence'), h('dd', {}, t.fence === null ? '—' : String(t.fence)),
    h('dt', {}, 'version'), h('dd', {}, s.version === undefined ? '—' : String(s.version)),
    h('dt', {}, 'until'), h('dd', {}, time(s.until)),
    h('dt', {}, 'updated'), h('dd', {}, time(s.updated)),
    h('dt', {}, 'created'), h('dd', {}, time(t.record && t.record.created)));
  const pending = t.pending.length === 0 ? h('p', {class: 'muted', id: 'no-pending'}, 'No pending command.')
    : table('Pending commands (applied in this order by the owner)', ['kind', 'command id', 'sent'],
      t.pending.map((c) => ({cells: [c.kind, c.id, time(c.sent)]})), {class: 'grid', id: 'pending-table'});
  const errors = (s.errors || []).length === 0 ? null : table('Errors', ['at', 'type', 'message'],
    s.errors.map((e) => ({cells: [time(e.at), e.type || '', e.message || '']})), {class: 'grid'});
  replace(el, h('h3', {}, 'Record'), dl, pending, errors,
    h('details', {}, h('summary', {}, 'props'), h('pre', {id: 'task-props'},
      JSON.stringify(t.record ? t.record.props : null, null, 2))),
    h('details', {}, h('summary', {}, 'checkpoint data'), h('pre', {}, JSON.stringify(s.data ?? null, null, 2))),
    t.quarantine ? h('p', {class: 'error'}, `quarantined: ${t.quarantine.reason}`) : null,
    t.note ? h('p', {class: 'error', id: 'task-note'}, t.note) : null);
}

function renderHistory(el, t) {
  if (!t.history) {
    replace(el, h('h3', {id: 'history-h'}, 'History'), h('p', {class: 'muted'},
      'This server\'s store keeps no history.'));
    return;
  }
  const entries = t.history.entries; // newest first
  const rows = entries.map((e, i) => {
    const older = entries[i + 1];
    return {attrs: {'data-revision': e.revision}, cells: [time(e.updated), older ? badge(older.state) : 'submit',
      badge(e.state), String(e.version), e.writerNode || '—', e.writerFence === null ? '—' : String(e.writerFence),
      e.until ? time(e.until) : '']};
  });
  replace(el, h('h3', {id: 'history-h'}, 'History'),
    timeline(entries, t.history.truncatedByCompaction),
    table(`Transitions, newest first (at most ${HISTORY})`, ['at', 'from', 'to', 'version', 'writer', 'fence',
      'until'], rows, {class: 'grid', id: 'history-table'}),
    t.history.truncatedByCompaction ? h('p', {class: 'muted'}, 'Older versions were removed by etcd compaction.')
      : null);
}
