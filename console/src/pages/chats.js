// Chats: the list (live unread badges), finding a person to start a chat, and the conversation
// (history with "Older", sending over the socket or REST, read marks ✓/✓✓, typing hints).

import { get, myUserId, post } from '../api.js';
import { chatById, chatList, loadChats, onChatChange, setUnread } from '../chat-store.js';
import { clear, errorBox, field, h, handleForm, showError, uuid } from '../dom.js';
import { formatDateTime, formatTime, truncate } from '../format.js';
import { navigate } from '../router.js';
import * as socket from '../socket.js';

function unreadBadge(count) {
  return count > 0 ? h('span', { class: 'badge', role: 'img', 'aria-label': `${count} unread` }, String(count)) : null;
}

export function chatsPage(main) {
  const list = h('ul', { class: 'chat-list', id: 'chat-list' }, h('li', {}, 'Loading…'));
  const listError = errorBox();
  const results = h('div', { id: 'user-results', 'aria-live': 'polite' });

  function renderList() {
    const chats = chatList();
    clear(list, chats.length ? chats.map((chat) => h('li', { 'data-chat-id': chat.chatId },
      h('a', { href: `#/chats/${encodeURIComponent(chat.chatId)}`, class: 'chat-link' },
        h('span', { class: 'chat-name' }, chat.companionName || 'Someone'),
        h('span', { class: 'chat-last' }, chat.lastMessage ? truncate(chat.lastMessage.text, 60) : 'No messages yet'),
        chat.lastMessage ? h('span', { class: 'meta' }, formatDateTime(chat.lastMessage.sentAt)) : null),
      unreadBadge(Number(chat.unread) || 0)))
      : h('li', {}, 'No chats yet: find someone below.'));
  }

  const find = h('form', { class: 'card form', id: 'find-form', novalidate: true },
    h('h2', {}, 'Find a person'),
    field({ label: 'Username or email', name: 'who', required: true, autocomplete: 'off', hint: 'The exact username or email address' }),
    errorBox(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Find')));
  handleForm(find, {
    validate: (values) => (values.who.trim() ? null : { who: 'Enter a username or an email address' }),
    submit: async (values) => {
      const who = values.who.trim();
      const query = who.includes('@') ? `email=${encodeURIComponent(who)}` : `username=${encodeURIComponent(who)}`;
      const users = (await get(`/api/v1/users?${query}`)) || [];
      const others = users.filter((user) => user.userId !== myUserId());
      clear(results, others.length
        ? h('ul', { class: 'people' }, others.map((user) => h('li', {},
          h('span', {}, h('strong', {}, user.displayName || user.username), ` (${user.username})`),
          h('button', { type: 'button', class: 'start-chat', onclick: (event) => startChat(user, event.currentTarget) }, `Start chat with ${user.username}`))))
        : h('p', {}, users.length ? 'That is you.' : `Nobody found as “${who}”.`));
    },
  });

  async function startChat(user, button) {
    button.disabled = true;
    try {
      const { chatId } = await post('/api/v1/chats', { companionId: user.userId });
      await loadChats().catch(() => {});
      navigate(`#/chats/${encodeURIComponent(chatId)}`);
    } catch (error) {
      button.disabled = false;
      showError(listError, error);
    }
  }

  main.append(h('h1', {}, 'Chats'),
    h('section', { class: 'card', 'aria-labelledby': 'chats-heading' }, h('h2', { id: 'chats-heading' }, 'Your chats'), listError, list),
    find, results);
  const stop = onChatChange(renderList);
  renderList();
  loadChats().catch((error) => showError(listError, error));
  return stop;
}

export function conversationPage(main, { chatId }) {
  const me = myUserId();
  let gone = false;
  let messages = []; // oldest first
  const ids = new Set();
  let readIndex = -1; // my messages at or before this index are read by the companion
  let pendingReadUpTo = null;
  let lastReadPosted = null;
  let oldestLoaded = null;
  let typingTimer = null;
  let lastTypingSent = 0;
  const pending = new Map(); // clientMessageId -> text, until its messageId is known

  const title = h('h1', {}, 'Conversation');
  const list = h('ol', { class: 'messages', id: 'messages', 'aria-live': 'polite', 'aria-relevant': 'additions' });
  const older = h('button', { type: 'button', id: 'older', hidden: true, onclick: loadOlder }, 'Older');
  const typing = h('p', { class: 'typing', id: 'typing', 'aria-live': 'polite' });
  const error = errorBox();

  const companion = () => chatById(chatId);
  const companionName = () => companion()?.companionName || 'Your companion';

  function setTitle() {
    title.textContent = `Chat with ${companionName()}`;
    document.title = `${title.textContent} · PolicyHub`;
  }

  function indexOf(messageId) {
    return messages.findIndex((message) => message.messageId === messageId);
  }

  function markRead(upTo) {
    if (!upTo) return;
    const index = indexOf(upTo);
    if (index < 0) {
      pendingReadUpTo = upTo;
      return;
    }
    pendingReadUpTo = null;
    if (index > readIndex) {
      readIndex = index;
      renderMarks();
    }
  }

  function renderMessage(message) {
    const mine = message.senderId === me;
    return h('li', { class: ['message', mine ? 'mine' : 'theirs'], 'data-message-id': message.messageId },
      h('p', { class: 'who' }, mine ? 'You' : companionName()),
      h('p', { class: 'text' }, message.text),
      h('p', { class: 'meta' }, h('time', { datetime: message.sentAt || '' }, formatTime(message.sentAt)),
        mine ? h('span', { class: 'mark' }, ' ✓ sent') : null));
  }

  function renderMarks() {
    const items = list.children;
    messages.forEach((message, index) => {
      if (message.senderId !== me) return;
      const mark = items[index]?.querySelector('.mark');
      if (!mark) return;
      const read = index <= readIndex;
      mark.textContent = read ? ' ✓✓ read' : ' ✓ sent';
      mark.classList.toggle('read', read);
      items[index].dataset.read = String(read);
    });
  }

  function renderAll() {
    clear(list, messages.length ? messages.map(renderMessage) : []);
    renderMarks();
  }

  /** Adds messages (deduped by messageId); at the end for new ones, at the top for older history. */
  function add(incoming, { atTop = false } = {}) {
    const fresh = incoming.filter((message) => message && message.messageId && !ids.has(message.messageId));
    if (!fresh.length) return;
    for (const message of fresh) ids.add(message.messageId);
    if (atTop) {
      messages = fresh.concat(messages);
      if (readIndex >= 0) readIndex += fresh.length;
      renderAll();
    } else {
      const atBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 40;
      messages = messages.concat(fresh);
      for (const message of fresh) list.append(renderMessage(message));
      renderMarks();
      if (atBottom) list.lastElementChild?.scrollIntoView({ block: 'end' });
    }
    if (pendingReadUpTo) markRead(pendingReadUpTo);
    postRead();
  }

  /** Tells the server what is read: the newest message shown, when the page is visible and the companion wrote something. */
  async function postRead() {
    if (gone || document.visibilityState !== 'visible' || !messages.length) return;
    if (!messages.some((message) => message.senderId !== me)) return;
    const newest = messages[messages.length - 1].messageId;
    if (newest === lastReadPosted) return;
    lastReadPosted = newest;
    try {
      await post(`/api/v1/chats/${encodeURIComponent(chatId)}/read`, { upTo: newest });
      setUnread(chatId, 0);
    } catch (failure) {
      lastReadPosted = null;
      if (failure.status !== 0) showError(error, failure);
    }
  }

  async function loadHistory() {
    try {
      if (!companion()) await loadChats();
      setTitle();
      const page = (await get(`/api/v1/chats/${encodeURIComponent(chatId)}/messages?limit=50`)) || [];
      if (gone) return;
      add(page.slice().reverse());
      oldestLoaded = page.length ? page[page.length - 1].messageId : null;
      older.hidden = page.length < 50;
      markRead(companion()?.companionReadUpTo);
      list.lastElementChild?.scrollIntoView({ block: 'end' });
    } catch (failure) {
      showError(error, failure);
    }
  }

  async function loadOlder() {
    if (!oldestLoaded) return;
    older.disabled = true;
    try {
      const page = (await get(`/api/v1/chats/${encodeURIComponent(chatId)}/messages?limit=50&before=${encodeURIComponent(oldestLoaded)}`)) || [];
      add(page.slice().reverse(), { atTop: true });
      if (page.length) oldestLoaded = page[page.length - 1].messageId;
      older.hidden = page.length < 50;
      if (companion()?.companionReadUpTo) markRead(companion().companionReadUpTo);
    } catch (failure) {
      showError(error, failure);
    } finally {
      older.disabled = false;
    }
  }

  function showTyping() {
    typing.textContent = `${companionName()} is typing…`;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { typing.textContent = ''; }, 3000);
  }

  const box = field({ label: 'Message', name: 'text', type: 'textarea', required: true, rows: 2, maxlength: 4000 });
  const form = h('form', { class: 'card form composer', id: 'message-form', novalidate: true },
    box, errorBox(), h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Send')));
  const textarea = box.querySelector('textarea');
  textarea.addEventListener('input', () => {
    if (!textarea.value.trim() || Date.now() - lastTypingSent < 2000) return;
    if (socket.send({ type: 'typing', topic: `chat:${chatId}` })) lastTypingSent = Date.now();
  });
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  handleForm(form, {
    validate: (values) => (values.text.trim() ? null : { text: 'Write something first' }),
    submit: async (values) => {
      const text = values.text.trim();
      const clientMessageId = uuid();
      pending.set(clientMessageId, text);
      if (!socket.send({ type: 'send', topic: `chat:${chatId}`, payload: { text, clientMessageId } })) {
        const { messageId } = await post(`/api/v1/chats/${encodeURIComponent(chatId)}/messages`, { text, clientMessageId });
        confirmSent(messageId, clientMessageId);
      }
      form.reset();
      textarea.focus();
    },
  });

  function confirmSent(messageId, clientMessageId) {
    const text = pending.get(clientMessageId);
    pending.delete(clientMessageId);
    if (text !== undefined && messageId) add([{ messageId, chatId, senderId: me, text, sentAt: new Date().toISOString() }]);
  }

  const stopTopic = socket.subscribe(`chat:${chatId}`, (frame) => {
    if (frame.type === 'event' && frame.payload) {
      if (frame.payload.kind === 'typing') {
        if (frame.payload.userId !== me) showTyping();
      } else {
        add([frame.payload]);
        if (frame.payload.senderId !== me) typing.textContent = '';
      }
    } else if (frame.type === 'sent' && frame.payload) {
      confirmSent(frame.payload.messageId, frame.payload.clientMessageId);
    } else if (frame.type === 'error') {
      showError(error, { problem: { title: 'The chat said no', detail: frame.detail } });
    }
  });
  const stopChanges = onChatChange((change) => {
    if (change.type === 'list') setTitle();
    if (change.chatId !== chatId) return;
    if (change.type === 'message' && change.message) {
      add([change.message]);
      if (change.message.senderId !== me) typing.textContent = '';
    } else if (change.type === 'read' && change.readerId !== me) {
      markRead(change.upTo);
    } else if (change.type === 'typing') {
      showTyping();
    }
  });
  const onVisible = () => postRead();
  document.addEventListener('visibilitychange', onVisible);

  main.append(title,
    h('p', {}, h('a', { href: '#/chats' }, '← All chats')),
    error,
    h('div', { class: 'actions' }, older),
    list, typing, form);
  setTitle();
  loadHistory();
  return () => {
    gone = true;
    stopTopic();
    stopChanges();
    clearTimeout(typingTimer);
    document.removeEventListener('visibilitychange', onVisible);
  };
}
