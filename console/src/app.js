// The console's entry: the navigation, the routes, and what happens on sign-in and sign-out.

import { get, myUserId, onSignedOut, post, session, setSession, signedIn } from './api.js';
import { chatList, handleUserEvent, loadChats, onChatChange, resetChats, totalUnread } from './chat-store.js';
import { announce, h, clear } from './dom.js';
import { navigate, route, setGuard, start } from './router.js';
import * as socket from './socket.js';
import { accountPage } from './pages/account.js';
import { signInPage, registerPage } from './pages/auth.js';
import { chatsPage, conversationPage } from './pages/chats.js';
import { livePage } from './pages/live.js';
import { operatorPage } from './pages/operator.js';
import { ordersPage } from './pages/orders.js';
import { osagoPage } from './pages/osago.js';

let isOperator = false;
let stopUserTopic = null;

route('/', { title: 'Account', auth: true, render: accountPage });
route('/account', { title: 'Account', auth: true, render: accountPage });
route('/orders', { title: 'Orders', auth: true, render: ordersPage });
route('/osago', { title: 'OSAGO', auth: true, render: osagoPage });
route('/chats', { title: 'Chats', auth: true, render: chatsPage });
route('/chats/:chatId', { title: 'Conversation', auth: true, render: conversationPage });
route('/admin', { title: 'Operator', auth: true, render: operatorPage });
route('/live', { title: 'Live', auth: false, render: livePage });
route('/signin', { title: 'Sign in', auth: false, render: signInPage });
route('/register', { title: 'Register', auth: false, render: registerPage });

setGuard((page) => (page.auth && !signedIn() ? '#/signin' : null));

function link(hash, text, extra) {
  return h('a', { href: hash, 'data-route': hash }, text, extra || null);
}

function unreadBadge() {
  const total = totalUnread();
  return h('span', { class: 'badge', id: 'nav-unread', role: 'img', 'aria-label': `${total} unread`, hidden: total === 0 }, String(total));
}

function renderNav() {
  const nav = document.getElementById('nav');
  const items = signedIn()
    ? [
      link('#/account', 'Account'),
      link('#/orders', 'Orders'),
      link('#/osago', 'OSAGO'),
      link('#/chats', 'Chats ', unreadBadge()),
      isOperator ? link('#/admin', 'Operator') : null,
      link('#/live', 'Live'),
      h('button', { type: 'button', class: 'link-button', id: 'sign-out', onclick: signOut }, 'Sign out'),
    ]
    : [link('#/signin', 'Sign in'), link('#/register', 'Register'), link('#/live', 'Live')];
  clear(nav, h('ul', {}, items.filter(Boolean).map((item) => h('li', {}, item))));
  markCurrent();
}

function markCurrent() {
  const hash = location.hash || '#/account';
  for (const anchor of document.querySelectorAll('#nav a')) {
    const here = hash === anchor.getAttribute('href') || hash.startsWith(`${anchor.getAttribute('href')}/`);
    if (here) anchor.setAttribute('aria-current', 'page');
    else anchor.removeAttribute('aria-current');
  }
}

function updateUnread() {
  const badge = document.getElementById('nav-unread');
  if (!badge) return;
  const total = totalUnread();
  badge.textContent = String(total);
  badge.setAttribute('aria-label', `${total} unread`);
  badge.hidden = total === 0;
}

async function checkOperator() {
  try {
    await get('/api/v1/admin/projections');
    isOperator = true;
  } catch {
    isOperator = false;
  }
  renderNav();
}

/** Everything a signed-in session needs on every page: the socket, the user's topic, chats, the operator check. */
function startSession() {
  renderNav();
  socket.connect();
  const me = myUserId();
  if (stopUserTopic) stopUserTopic();
  stopUserTopic = me
    ? socket.subscribe(`user:${me}`, (frame) => { if (frame.type === 'event') handleUserEvent(frame.payload); })
    : null;
  loadChats().catch(() => {});
  checkOperator();
}

function endSession() {
  if (stopUserTopic) stopUserTopic();
  stopUserTopic = null;
  socket.disconnect();
  resetChats();
  isOperator = false;
  renderNav();
}

async function signOut() {
  const refreshToken = session()?.refreshToken;
  try {
    await post('/api/v1/auth/logout', refreshToken ? { refreshToken } : {});
  } catch {
    // signed out here whatever the server says
  }
  setSession(null);
  endSession();
  announce('You are signed out');
  navigate('#/signin');
}

// The sign-in and register pages say so once the tokens are kept.
window.addEventListener('policyhub:signedin', () => startSession());

onSignedOut(() => {
  endSession();
  announce('Your session has ended; please sign in again');
  navigate('#/signin');
});

let lastNotified = new Map();
onChatChange((change) => {
  updateUnread();
  if (change.type === 'message' && change.message && change.message.senderId !== myUserId()) {
    const chat = chatList().find((item) => item.chatId === change.chatId);
    const key = change.message.messageId;
    if (!lastNotified.has(key) && !location.hash.endsWith(change.chatId)) {
      lastNotified.set(key, true);
      announce(`New message from ${chat?.companionName || 'a companion'}`);
    }
  }
});

function setUpMenu() {
  const button = document.getElementById('menu-button');
  const nav = document.getElementById('nav');
  button.addEventListener('click', () => {
    const expanded = button.getAttribute('aria-expanded') === 'true';
    button.setAttribute('aria-expanded', String(!expanded));
    nav.classList.toggle('open', !expanded);
  });
  window.addEventListener('routechange', () => {
    button.setAttribute('aria-expanded', 'false');
    nav.classList.remove('open');
    markCurrent();
  });
  document.getElementById('skip-link').addEventListener('click', () => {
    const target = document.querySelector('#main h1') || document.getElementById('main');
    target.tabIndex = -1;
    target.focus();
  });
}

setUpMenu();
if (signedIn()) startSession();
else renderNav();
if (!location.hash || location.hash === '#/') history.replaceState(null, '', signedIn() ? '#/account' : '#/signin');
start();
