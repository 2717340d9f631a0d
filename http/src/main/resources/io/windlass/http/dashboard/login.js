// The login prompt: shown when the API answers 401. A bearer token or a user and password (as the server's
// challenge says), kept in this tab's sessionStorage only and sent as the Authorization header.
import {setAuthorization} from './api.js';
import {h, replace} from './dom.js';

export function showLogin(main, challenge, done) {
  const basic = /basic/i.test(challenge || '');
  const refused = sessionStorage.getItem('windlass.authorization') !== null;
  setAuthorization(null);
  const error = h('p', {class: 'error', role: 'alert'}, refused ? 'Those credentials were refused.' : '');
  const fields = basic
    ? [h('label', {}, 'User ', h('input', {name: 'user', id: 'login-user', autocomplete: 'username', required: true})),
      h('label', {}, 'Password ', h('input', {name: 'password', id: 'login-password', type: 'password',
        autocomplete: 'current-password', required: true}))]
    : [h('label', {}, 'Token ', h('input', {name: 'token', id: 'login-token', type: 'password',
      autocomplete: 'off', required: true}))];
  const form = h('form', {class: 'login', id: 'login'},
    h('h2', {}, 'Sign in'),
    h('p', {}, basic ? 'This server asks for a user and password.' : 'This server asks for a bearer token.'),
    fields, h('button', {type: 'submit', id: 'login-submit'}, 'Sign in'), error);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const d = new FormData(form);
    if (basic) {
      const bytes = new TextEncoder().encode(`${d.get('user')}:${d.get('password')}`);
      setAuthorization('Basic ' + btoa(String.fromCharCode(...bytes)));
    } else {
      setAuthorization('Bearer ' + String(d.get('token')).trim());
    }
    done();
  });
  replace(main, form);
  form.querySelector('input').focus();
}
