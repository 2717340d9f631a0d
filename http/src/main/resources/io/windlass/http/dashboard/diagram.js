// The state diagram, drawn from the server's transition table (GET /api/v1/statemachine), never by hand: the
// non-terminal states on the top row, the terminal ones below, one arrow per (from, to) pair labelled with its
// commands. The current state and the operator commands legal in it are highlighted and also listed as text.
import {h, s} from './dom.js';

const W = 960;
const HW = 62;
const HH = 18;

function layout(states) {
  const top = states.filter((x) => !x.terminal);
  const bottom = states.filter((x) => x.terminal);
  const pos = {};
  top.forEach((x, i) => { pos[x.code] = {x: 150 + i * ((W - 220) / Math.max(1, top.length - 1)), y: 180}; });
  bottom.forEach((x, i) => {
    pos[x.code] = {x: 260 + i * ((W - 480) / Math.max(1, bottom.length - 1)), y: 430};
  });
  return pos;
}

/** Where the segment from a box's centre towards p leaves the box. */
function border(c, p) {
  const dx = p.x - c.x;
  const dy = p.y - c.y;
  const t = Math.min(dx === 0 ? Infinity : HW / Math.abs(dx), dy === 0 ? Infinity : HH / Math.abs(dy));
  return {x: c.x + dx * t, y: c.y + dy * t};
}

function edge(a, b, labels, cls) {
  const mx = (a.x + b.x) / 2;
  const my = (a.y + b.y) / 2;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy);
  // to the left of a→b (the way back bends the other side); longer edges bend more, clear of the states between
  const bend = Math.min(320, (a.y === b.y ? 0.4 : 0.1) * len + 16);
  const c = {x: mx + (dy / len) * bend, y: my - (dx / len) * bend};
  const p0 = border(a, c);
  const p2 = border(b, c);
  const lx = 0.25 * p0.x + 0.5 * c.x + 0.25 * p2.x;
  const ly = 0.25 * p0.y + 0.5 * c.y + 0.25 * p2.y;
  return s('g', {class: cls},
    s('path', {d: `M${p0.x.toFixed(1)},${p0.y.toFixed(1)} Q${c.x.toFixed(1)},${c.y.toFixed(1)}`
      + ` ${p2.x.toFixed(1)},${p2.y.toFixed(1)}`, 'marker-end': cls.includes('legal') ? 'url(#arrow-legal)'
      : 'url(#arrow)'}),
    s('text', {x: lx.toFixed(1), y: (ly + 4).toFixed(1), 'text-anchor': 'middle', class: 'edge-label'},
      labels.join(', ')));
}

function loop(a, labels, cls) {
  const up = a.y < 300 ? -1 : 1;
  const y0 = a.y + up * HH;
  const d = `M${a.x - 20},${y0} C${a.x - 40},${y0 + up * 46} ${a.x + 40},${y0 + up * 46} ${a.x + 20},${y0}`;
  return s('g', {class: cls},
    s('path', {d, 'marker-end': cls.includes('legal') ? 'url(#arrow-legal)' : 'url(#arrow)'}),
    s('text', {x: a.x, y: y0 + up * 46 + (up < 0 ? -2 : 12), 'text-anchor': 'middle', class: 'edge-label'},
      labels.join(', ')));
}

/** The diagram of `machine` with `current` (a state code, may be null) highlighted. */
export function diagram(machine, current) {
  const pos = layout(machine.states);
  const pairs = new Map();
  for (const t of machine.transitions) {
    const k = `${t.from}>${t.to}`;
    if (!pairs.has(k)) pairs.set(k, {from: t.from, to: t.to, commands: [], legal: false});
    const p = pairs.get(k);
    p.commands.push(t.command);
    if (t.from === current && t.operator) p.legal = true;
  }
  const edges = [];
  for (const p of pairs.values()) {
    const cls = `edge${p.legal ? ' legal' : ''}${p.from === current ? ' out' : ''}`;
    edges.push(p.from === p.to ? loop(pos[p.from], p.commands, cls)
      : edge(pos[p.from], pos[p.to], p.commands, cls));
  }
  const start = pos[machine.initial];
  const nodes = machine.states.map((st) => {
    const c = pos[st.code];
    return s('g', {class: `node st-${st.code}${st.code === current ? ' current' : ''}`, 'data-state': st.code},
      s('rect', {x: c.x - HW, y: c.y - HH, width: 2 * HW, height: 2 * HH, rx: st.terminal ? 2 : 16}),
      s('text', {x: c.x, y: c.y + 5, 'text-anchor': 'middle'}, st.code));
  });
  const defs = s('defs', {},
    ['arrow', 'arrow-legal'].map((id) => s('marker', {id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7,
      markerHeight: 7, orient: 'auto-start-reverse', class: id}, s('path', {d: 'M0,0 L10,5 L0,10 z'}))));
  const svg = s('svg', {viewBox: `0 0 ${W} 480`, role: 'img', class: 'diagram', 'aria-labelledby': 'diagram-desc'},
    defs, s('circle', {cx: start.x - HW - 40, cy: start.y, r: 7, class: 'start'}),
    s('g', {class: 'edge'}, s('path', {d: `M${start.x - HW - 33},${start.y} L${start.x - HW},${start.y}`,
      'marker-end': 'url(#arrow)'})), edges, nodes);
  const legal = machine.transitions.filter((t) => t.from === current && t.operator);
  const text = current === null || current === undefined ? 'No stored state.'
    : legal.length === 0 ? `${current} is terminal: no command is legal.`
      : `Legal commands in ${current}: ` + legal.map((t) => `${t.command} → ${t.to}`).join(', ') + '.';
  return h('figure', {class: 'diagram-box'}, svg,
    h('figcaption', {id: 'diagram-desc'}, h('span', {id: 'legal-commands'}, text),
      ' Drawn from the server\'s transition table; commands the handler sends (COMPLETE, ERROR, …) are shown too.'));
}
