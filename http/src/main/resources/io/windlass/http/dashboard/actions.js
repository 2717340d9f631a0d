// Actions: each asks for confirmation in a modal dialog (keyboard-reachable), is sent with a fresh command id and the
// CSRF header (api.js), and shows its result: accepted, illegal in this state, finished, or the server's error.
// In read-only mode none of this is shown (and the API refuses writes anyway).
import {ApiError, commandId, del, enc, post} from './api.js';
import {h, replace} from './dom.js';

const TASK_COMMANDS = [
  {kind: 'PAUSE', label: 'Pause'},
  {kind: 'RUN', label: 'Run'},
  {kind: 'SLEEP', label: 'Sleep until…'},
  {kind: 'KILL', label: 'Kill', danger: true},
];

/** Asks `question`; resolves true when the operator confirms. */
export function confirmAction(question) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = question;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), {once: true});
    dialog.returnValue = '';
    dialog.showModal();
    document.getElementById('confirm-cancel').focus();
  });
}

function describe(e) {
  if (!(e instanceof ApiError)) return `failed: ${e.message}`;
  if (e.code === 'ILLEGAL_TRANSITION') return `refused: illegal in this state (${e.message})`;
  if (e.code === 'TASK_FINISHED') return `refused: the task is finished (${e.message})`;
  return `refused: ${e.code}: ${e.message}`;
}

async function run(question, send, result, after) {
  if (!(await confirmAction(question))) {
    result.textContent = 'cancelled';
    result.className = 'result';
    return;
  }
  result.textContent = 'sending…';
  try {
    result.textContent = await send();
    result.className = 'result ok';
  } catch (e) {
    result.textContent = describe(e);
    result.className = 'result bad';
  }
  await after().catch(() => {});
}

/** The task's action bar: commands legal in its state are enabled (the table says which), plus delete. */
export function taskActions(el, t, ctx, result, refresh) {
  const legal = new Set(ctx.machine.transitions.filter((x) => x.from === t.state && x.operator)
    .map((x) => x.command));
  const until = h('input', {type: 'datetime-local', id: 'sleep-until', 'aria-label': 'sleep until (local time)'});
  const buttons = TASK_COMMANDS.map((c) => h('button', {
    type: 'button', id: `action-${c.kind.toLowerCase()}`, class: c.danger ? 'danger' : (legal.has(c.kind)
      ? 'legal' : ''), disabled: !legal.has(c.kind),
    title: legal.has(c.kind) ? `${c.kind} is legal in ${t.state}` : `${c.kind} is not legal in ${t.state}`,
    onclick: () => {
      const body = {kind: c.kind.toLowerCase(), commandId: commandId()};
      if (c.kind === 'SLEEP') {
        if (!until.value) {
          result.textContent = 'choose a time to sleep until first';
          result.className = 'result bad';
          until.focus();
          return;
        }
        body.until = new Date(until.value).toISOString();
      }
      run(`${c.label.replace('…', '')} task ${t.id}${body.until ? ' until ' + body.until : ''}?`, async () => {
        const r = await post(`api/v1/tasks/${enc(t.id)}/commands`, body);
        return `accepted: ${r.command.kind} (command id ${r.commandId}); the owner applies it`;
      }, result, refresh);
    },
  }, c.label));
  const remove = h('button', {type: 'button', id: 'action-delete', class: 'danger', onclick: () =>
    run(`Delete task ${t.id} with its state and history? This cannot be undone.`, async () => {
      await del(`api/v1/tasks/${enc(t.id)}`);
      return 'accepted: deleted';
    }, result, refresh)}, 'Delete');
  replace(el, h('h3', {id: 'actions-h', class: 'sr-only'}, 'Actions'),
    h('div', {class: 'actions'}, buttons, until, remove));
}

// the last result per node, shown again when the overview redraws the row (bounded by the live nodes' ids)
const nodeResults = new Map();

/** Freeze / unfreeze / balance buttons of one node row. */
export function nodeActions(n) {
  const [text, cls] = nodeResults.get(n.id) || ['', 'result'];
  const result = h('span', {class: cls, role: 'status', id: `node-result-${n.id}`}, text);
  const kinds = [['freeze', 'Freeze'], ['unfreeze', 'Unfreeze'], ['balance', 'Balance']];
  return h('span', {class: 'actions'}, kinds.map(([kind, label]) => h('button', {
    type: 'button', id: `node-${kind}-${n.id}`, onclick: () => run(`${label} node ${n.id}?`, async () => {
      const r = await post(`api/v1/nodes/${enc(n.id)}/commands`, {kind});
      return `accepted: ${r.kind} (command id ${r.commandId})`;
    }, result, async () => {
      if (nodeResults.size > 100) nodeResults.clear();
      nodeResults.set(n.id, [result.textContent, result.className]);
    }),
  }, label)), result);
}
