// The history as a timeline: one bar per state the task was in, from its write time to the next (the last one to
// now), coloured by state and labelled with its name, so colour is never the only cue.
import {h, s} from './dom.js';

const W = 1000;
const H = 56;

/** entries: the history, newest first, as GET /api/v1/tasks/{id} returns it. */
export function timeline(entries, truncated) {
  if (entries.length === 0) return h('p', {class: 'muted'}, 'No history.');
  const oldestFirst = entries.slice().reverse();
  const start = new Date(oldestFirst[0].updated).getTime();
  const last = new Date(oldestFirst[oldestFirst.length - 1].updated).getTime();
  const terminal = ['COMPLETED', 'FAILED', 'KILLED'].includes(oldestFirst[oldestFirst.length - 1].state);
  const end = Math.max(terminal ? last + Math.max(1, (last - start) / 20) : Date.now(), start + 1);
  const x = (t) => ((t - start) / (end - start)) * W;
  const bars = oldestFirst.map((e, i) => {
    const from = new Date(e.updated).getTime();
    const to = i + 1 < oldestFirst.length ? new Date(oldestFirst[i + 1].updated).getTime() : end;
    const x0 = x(from);
    const w = Math.max(2, x(to) - x0);
    return s('g', {class: `seg st-${e.state}`, 'data-state': e.state},
      s('title', {}, `${e.state} from ${e.updated} (version ${e.version}, ${e.writerNode || 'no writer'})`),
      s('rect', {x: x0.toFixed(1), y: 8, width: w.toFixed(1), height: 28, rx: 3}),
      w > 60 ? s('text', {x: (x0 + 4).toFixed(1), y: 27, class: 'seg-label'}, e.state) : null);
  });
  const axis = [
    s('text', {x: 0, y: H - 4, class: 'axis'}, new Date(start).toLocaleString()),
    s('text', {x: W, y: H - 4, class: 'axis', 'text-anchor': 'end'},
      terminal ? new Date(last).toLocaleString() : 'now'),
  ];
  return h('figure', {class: 'timeline', id: 'timeline'},
    s('svg', {viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label':
      `timeline of ${oldestFirst.length} states: ${oldestFirst.map((e) => e.state).join(', ')}`}, bars, axis),
    h('figcaption', {}, `States over time, oldest on the left${truncated ? ' (older ones compacted away)' : ''}.`));
}
