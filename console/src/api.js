// The API client: JSON over fetch with the bearer token, one quiet refresh on 401, problem details as errors.

const KEY = 'policyhub.session';
const tokenListeners = new Set();
let refreshing = null;

export class ApiError extends Error {
  constructor(status, problem, retryAfter = null) {
    super(problem?.title || (status === 0 ? 'The server cannot be reached' : `Request failed (${status})`));
    this.status = status;
    this.problem = problem || {};
    this.retryAfter = retryAfter;
  }
}

export function session() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY)) || null;
  } catch {
    return null;
  }
}

export function signedIn() {
  return Boolean(session()?.accessToken);
}

/** Keeps the tokens of a login/refresh answer (or forgets them with null) and tells the listeners. */
export function setSession(answer) {
  if (answer) {
    sessionStorage.setItem(KEY, JSON.stringify({
      accessToken: answer.accessToken,
      refreshToken: answer.refreshToken,
      expiresAt: Date.now() + (Number(answer.expiresIn) || 900) * 1000,
    }));
  } else {
    sessionStorage.removeItem(KEY);
  }
  for (const listener of tokenListeners) listener(session());
}

export function onTokens(listener) {
  tokenListeners.add(listener);
  return () => tokenListeners.delete(listener);
}

/** The JWT's payload (not verified: the server does that), or {}. */
export function claims() {
  const token = session()?.accessToken;
  if (!token) return {};
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '='))
      .split('').map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
    return JSON.parse(json);
  } catch {
    return {};
  }
}

export function myUserId() {
  return claims().sub || null;
}

let signedOutHandler = () => {};

/** What to do when the session cannot be renewed (the app sends the user to the sign-in page). */
export function onSignedOut(handler) {
  signedOutHandler = handler;
}

/** Renews the tokens once for every caller waiting at the same time; false when it cannot. */
export function refresh() {
  if (refreshing) return refreshing;
  const refreshToken = session()?.refreshToken;
  if (!refreshToken) return Promise.resolve(false);
  refreshing = (async () => {
    try {
      const answer = await request('/api/v1/auth/refresh', { method: 'POST', body: { refreshToken }, auth: false });
      setSession(answer);
      return true;
    } catch (error) {
      if (error.status === 0) return false;
      setSession(null);
      signedOutHandler();
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

async function request(path, { method = 'GET', body, headers = {}, auth = true, accept = 'application/json', signal } = {}) {
  const sent = { Accept: `${accept}, application/problem+json`, ...headers };
  if (body !== undefined) sent['Content-Type'] = 'application/json';
  if (auth && session()?.accessToken) sent.Authorization = `Bearer ${session().accessToken}`;
  let response;
  try {
    response = await fetch(path, { method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body), signal, cache: 'no-store' });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, { title: 'The server cannot be reached', detail: 'Check the connection and try again' });
  }
  const type = response.headers.get('Content-Type') || '';
  let data = null;
  if (response.status !== 204) {
    const text = await response.text();
    if (text && type.includes('json')) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    } else if (text) {
      data = text;
    }
  }
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('Retry-After')) || null;
    const problem = data && typeof data === 'object' ? data : { title: response.statusText || 'Request failed', status: response.status };
    throw new ApiError(response.status, problem, retryAfter);
  }
  return data;
}

/**
 * Calls the API. `idempotent: true` sends a fresh Idempotency-Key (or pass `idempotencyKey`).
 * A 401 is answered by one quiet refresh and the same request again; if that fails the user is
 * signed out.
 */
export async function api(path, options = {}) {
  const headers = { ...(options.headers || {}) };
  const key = options.idempotencyKey || (options.idempotent ? crypto.randomUUID() : null);
  if (key) headers['Idempotency-Key'] = key;
  const call = () => request(path, { ...options, headers });
  try {
    return await call();
  } catch (error) {
    if (error.status !== 401 || options.auth === false || !session()?.refreshToken) {
      if (error.status === 401 && options.auth !== false) {
        setSession(null);
        signedOutHandler();
      }
      throw error;
    }
    if (!(await refresh())) throw error;
    return call();
  }
}

export const get = (path, options) => api(path, options);
export const post = (path, body, options = {}) => api(path, { ...options, method: 'POST', body });
