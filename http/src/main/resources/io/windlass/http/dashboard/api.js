// The one client of /api/v1. URLs are relative to this module, so the dashboard works under any base path and
// behind a proxy that strips it. Writes carry the CSRF header and a command id.
const ROOT = new URL('../', import.meta.url);
const AUTH_KEY = 'windlass.authorization';

export class ApiError extends Error {
  constructor(status, code, message, challenge) {
    super(message);
    this.status = status;
    this.code = code;
    this.challenge = challenge;
  }
}

export function setAuthorization(value) {
  if (value) sessionStorage.setItem(AUTH_KEY, value);
  else sessionStorage.removeItem(AUTH_KEY);
}

/** The Authorization header value the login stored, or null. */
export function authorization() {
  return sessionStorage.getItem(AUTH_KEY);
}

async function call(method, path, body) {
  const headers = {'Accept': 'application/json', 'X-Windlass-Ui': '1'};
  const auth = authorization();
  if (auth) headers['Authorization'] = auth;
  if (method !== 'GET') headers['X-Windlass-Csrf'] = '1';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(new URL(path, ROOT), {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin', cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', `the server cannot be reached (${e.message})`);
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!res.ok) {
    const err = (json && json.error) || {code: `HTTP_${res.status}`, message: text.slice(0, 200)};
    throw new ApiError(res.status, err.code, err.message, res.headers.get('WWW-Authenticate'));
  }
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);
export const del = (path) => call('DELETE', path);

/** A fresh command id (idempotent retries; crypto.randomUUID needs a secure context, getRandomValues does not). */
export function commandId() {
  const b = crypto.getRandomValues(new Uint8Array(12));
  return 'ui-' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** A query string from the non-empty values of an object. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const enc = encodeURIComponent;
