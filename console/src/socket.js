// The one app-wide WebSocket (/ws): topics with their listeners, re-subscribed after a reconnect,
// and the token renewed in place ({"type":"auth"}) before it expires or when the server says 401.

import { onTokens, refresh, session } from './api.js';

const topics = new Map(); // topic -> Set of listeners(frame)
const stateListeners = new Set();
let socket = null;
let isOpen = false;
let wanted = false;
let retryDelay = 1000;
let retryTimer = null;
let renewTimer = null;
let mustRefresh = false;

function url(token) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws?access_token=${encodeURIComponent(token)}`;
}

function setOpen(open) {
  isOpen = open;
  for (const listener of stateListeners) listener(open);
}

function raw(frame) {
  if (!socket || socket.readyState !== WebSocket.OPEN) return false;
  socket.send(JSON.stringify(frame));
  return true;
}

function scheduleRenewal() {
  clearTimeout(renewTimer);
  const expiresAt = session()?.expiresAt;
  if (!expiresAt || !wanted) return;
  const wait = Math.max(5000, expiresAt - Date.now() - 60_000);
  renewTimer = setTimeout(() => { refresh(); }, wait);
}

/** Opens the socket (once); it reconnects by itself until `disconnect()`. */
export async function connect() {
  wanted = true;
  if (socket) return;
  const current = session();
  if (!current?.accessToken) return;
  if (mustRefresh || (current.expiresAt && current.expiresAt - Date.now() < 5000)) {
    mustRefresh = false;
    if (!(await refresh())) {
      scheduleReconnect();
      return;
    }
  }
  if (socket || !wanted || !session()) return;
  const ws = new WebSocket(url(session().accessToken));
  socket = ws;
  ws.addEventListener('open', () => {
    retryDelay = 1000;
    setOpen(true);
    for (const topic of topics.keys()) raw({ type: 'subscribe', topic });
    scheduleRenewal();
  });
  ws.addEventListener('message', (event) => {
    let frame;
    try {
      frame = JSON.parse(event.data);
    } catch {
      return;
    }
    if (frame.type === 'error' && frame.status === 401) {
      mustRefresh = true;
      refresh();
      return;
    }
    const listeners = frame.topic ? topics.get(frame.topic) : null;
    if (listeners) for (const listener of [...listeners]) listener(frame);
  });
  ws.addEventListener('close', () => {
    if (socket === ws) socket = null;
    setOpen(false);
    if (wanted) scheduleReconnect();
  });
  ws.addEventListener('error', () => { /* 'close' follows */ });
}

function scheduleReconnect() {
  clearTimeout(retryTimer);
  if (!wanted || !session()) return;
  retryTimer = setTimeout(connect, retryDelay);
  retryDelay = Math.min(retryDelay * 2, 15000);
}

export function disconnect() {
  wanted = false;
  clearTimeout(retryTimer);
  clearTimeout(renewTimer);
  topics.clear();
  const ws = socket;
  socket = null;
  if (ws) ws.close(1000, 'signed out');
  setOpen(false);
}

/** Listens to a topic's frames (event, sent, error, subscribed); returns the way to stop. */
export function subscribe(topic, listener) {
  let listeners = topics.get(topic);
  if (!listeners) {
    listeners = new Set();
    topics.set(topic, listeners);
    raw({ type: 'subscribe', topic });
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (!listeners.size && topics.get(topic) === listeners) {
      topics.delete(topic);
      raw({ type: 'unsubscribe', topic });
    }
  };
}

/** Sends a frame; false when the socket is not open (the caller then uses REST). */
export function send(frame) {
  return raw(frame);
}

export function open() {
  return isOpen;
}

export function onState(listener) {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}

// New tokens (renewed by the timer, a REST 401 or an error frame) go to the open socket at once.
onTokens((current) => {
  if (!current) return;
  mustRefresh = false;
  scheduleRenewal();
  if (!raw({ type: 'auth', token: current.accessToken }) && wanted && !socket) connect();
});
