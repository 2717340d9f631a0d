// DOM helpers: elements are built with properties and text nodes only (never innerHTML), so no task id, prop or
// error message is ever parsed as markup.
const SVG = 'http://www.w3.org/2000/svg';

function append(el, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** An HTML element: h('a', {href: '#/', class: 'x'}, 'text', child). Keys starting with "on" add listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  return append(el, children);
}

/** An SVG element (attributes only: no style attribute, the CSP forbids inline styles). */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  }
  return append(el, children);
}

const SYMBOLS = {
  RUNNABLE: '▶', SLEEPING: '☾', PAUSED: '‖', FAULT: '⚠', COMPLETED: '✓', FAILED: '✗', KILLED: '■',
};

/** A state badge: its colour class, a symbol (the state differs in shape, not only colour) and its name. */
export function badge(state) {
  if (!state) return h('span', {class: 'badge'}, '—');
  return h('span', {class: `badge st-${state}`, 'data-state': state},
    h('span', {class: 'sym', 'aria-hidden': 'true'}, SYMBOLS[state] || '?'), ' ', state);
}

/** A short local rendering of an ISO instant, with the full value as a tooltip. */
export function time(iso) {
  if (!iso) return h('span', {}, '—');
  const d = new Date(iso);
  return h('time', {datetime: iso, title: iso}, d.toLocaleString());
}

/** "3 min ago" style age of an ISO instant. */
export function age(iso, now = Date.now()) {
  const ms = now - new Date(iso).getTime();
  if (!(ms >= 0)) return '';
  const sec = Math.floor(ms / 1000);
  if (sec < 60) return `${sec}s`;
  if (sec < 3600) return `${Math.floor(sec / 60)}m`;
  if (sec < 86400) return `${Math.floor(sec / 3600)}h`;
  return `${Math.floor(sec / 86400)}d`;
}

/** A table with a caption, header cells and rows (arrays of cell contents). */
export function table(caption, headers, rows, attrs = {}) {
  return h('table', attrs,
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', {scope: 'col'}, x)))),
    h('tbody', {}, rows.map((r) => h('tr', r.attrs || {}, r.cells.map((c) => h('td', {}, c))))));
}

export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}
