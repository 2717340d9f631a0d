// The page's one event stream (GET api/v1/events): task state changes as Server-Sent Events, read with fetch rather
// than EventSource because EventSource cannot send the Authorization header the login stored. On a break it
// reconnects with Last-Event-ID (the etcd revision of the last event seen), so nothing is missed; while it is down,
// or when the server refuses it (503: too many streams), the caller polls. Base path aware: URLs are relative.
import {authorization} from './api.js';

const EVENTS = new URL('../api/v1/events', import.meta.url);
const RETRY_MS = 2000;
const REFUSED_RETRY_MS = 30000;

/**
 * Opens the stream and keeps it open. `onEvent({type, data})` gets each event ('state' with {id, from, to,
 * revision}; 'reload' when the server could not resume: refetch everything); `onMode(mode)` gets 'stream' when the
 * stream is open and 'polling' when it is not.
 */
export function openLive(onEvent, onMode) {
  let lastId = null;
  let stopped = false;

  async function connect() {
    let retry = RETRY_MS;
    try {
      const headers = {'Accept': 'text/event-stream', 'X-Windlass-Ui': '1'};
      const auth = authorization();
      if (auth) headers['Authorization'] = auth;
      if (lastId) headers['Last-Event-ID'] = lastId;
      const res = await fetch(EVENTS, {headers, credentials: 'same-origin', cache: 'no-store'});
      if (!res.ok || !res.body) {
        if (res.status === 503) retry = REFUSED_RETRY_MS;
        onMode('polling');
        return retry;
      }
      onMode('stream');
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      while (!stopped) {
        const {value, done} = await reader.read();
        if (done) break;
        buf += value.replace(/\r\n?/g, '\n');
        let end;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          dispatch(buf.slice(0, end));
          buf = buf.slice(end + 2);
        }
      }
    } catch (e) {
      // network error or stream cut: reconnect below
    }
    onMode('polling');
    return retry;
  }

  function dispatch(block) {
    let type = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue; // heartbeat
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') lastId = value;
      else if (field === 'event') type = value;
      else if (field === 'data') data += (data ? '\n' : '') + value;
    }
    if (!data) return;
    try {
      onEvent({type, data: JSON.parse(data)});
    } catch (e) {
      console.error(e);
    }
  }

  (async () => {
    while (!stopped) {
      const wait = await connect();
      if (stopped) break;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();
  return {stop() { stopped = true; }};
}
