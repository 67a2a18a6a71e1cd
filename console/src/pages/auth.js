// Sign in and Register. Tokens go to sessionStorage (api.js); the app then opens the socket.

import { post, setSession } from '../api.js';
import { announce, field, h, handleForm, errorBox } from '../dom.js';
import { navigate } from '../router.js';

async function logIn(username, password) {
  const answer = await post('/api/v1/auth/login', { username, password }, { auth: false });
  setSession(answer);
  window.dispatchEvent(new Event('policyhub:signedin'));
}

function throttled(error) {
  if (error.status === 429 && error.retryAfter) {
    error.problem = { ...error.problem, title: 'Too many attempts', detail: `Try again in ${error.retryAfter} seconds` };
  }
  return error;
}

export function signInPage(main) {
  const form = h('form', { class: 'card form', id: 'signin-form', novalidate: true },
    field({ label: 'Username', name: 'username', required: true, autocomplete: 'username' }),
    field({ label: 'Password', name: 'password', type: 'password', required: true, autocomplete: 'current-password' }),
    errorBox(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Sign in')));
  handleForm(form, {
    validate: (values) => {
      const errors = {};
      if (!values.username.trim()) errors.username = 'Enter your username';
      if (!values.password) errors.password = 'Enter your password';
      return errors;
    },
    submit: async (values) => {
      try {
        await logIn(values.username.trim(), values.password);
      } catch (error) {
        if (error.status === 401) error.problem = { title: 'Wrong username or password' };
        throw throttled(error);
      }
      announce('You are signed in');
      navigate('#/account');
    },
  });
  main.append(
    h('h1', {}, 'Sign in'),
    form,
    h('p', {}, 'New here? ', h('a', { href: '#/register' }, 'Create an account'), '.'),
    h('p', {}, 'Or watch the ', h('a', { href: '#/live' }, 'live activity'), ' without signing in.'));
}

export function registerPage(main) {
  const form = h('form', { class: 'card form', id: 'register-form', novalidate: true },
    field({ label: 'Username', name: 'username', required: true, autocomplete: 'username', hint: '3 to 32 letters, digits, dots, dashes or underscores' }),
    field({ label: 'Email', name: 'email', type: 'email', required: true, autocomplete: 'email' }),
    field({ label: 'Password', name: 'password', type: 'password', required: true, autocomplete: 'new-password', hint: 'At least 8 characters, not a common password, not containing the username' }),
    field({ label: 'First name', name: 'firstName', autocomplete: 'given-name' }),
    field({ label: 'Last name', name: 'lastName', autocomplete: 'family-name' }),
    errorBox(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Register')));
  handleForm(form, {
    validate: (values) => {
      const errors = {};
      if (!/^[A-Za-z0-9_.-]{3,32}$/.test(values.username.trim())) errors.username = 'Use 3 to 32 letters, digits, dots, dashes or underscores';
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(values.email.trim())) errors.email = 'Enter an email address like name@example.com';
      if (values.password.length < 8) errors.password = 'Use at least 8 characters';
      return errors;
    },
    submit: async (values) => {
      const body = { username: values.username.trim(), password: values.password, email: values.email.trim() };
      if (values.firstName.trim()) body.firstName = values.firstName.trim();
      if (values.lastName.trim()) body.lastName = values.lastName.trim();
      try {
        await post('/api/v1/auth/register', body, { auth: false });
      } catch (error) {
        if (error.status === 409) {
          error.problem = { ...error.problem, errors: [{ field: 'username', message: 'This username is taken' }] };
        }
        throw error;
      }
      try {
        await logIn(body.username, body.password);
      } catch (error) {
        throw throttled(error);
      }
      announce(`Welcome, ${body.firstName || body.username}: your account is open`);
      navigate('#/account');
    },
  });
  main.append(
    h('h1', {}, 'Register'),
    form,
    h('p', {}, 'Already registered? ', h('a', { href: '#/signin' }, 'Sign in'), '.'));
}
