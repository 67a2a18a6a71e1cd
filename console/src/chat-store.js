// The signed-in user's chats, kept up to date by the per-user topic (user:<me>) for every page.

import { get, myUserId } from './api.js';

const chats = new Map();
const listeners = new Set();
let loading = null;

function emit(change) {
  for (const listener of [...listeners]) listener(change);
}

/** Listens to changes: {type: 'list'|'message'|'read'|'typing', chatId, ...}; returns the way to stop. */
export function onChatChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function loadChats() {
  if (loading) return loading;
  loading = (async () => {
    try {
      const list = await get('/api/v1/chats');
      chats.clear();
      for (const item of list || []) chats.set(item.chatId, { ...item });
      emit({ type: 'list' });
      return chatList();
    } finally {
      loading = null;
    }
  })();
  return loading;
}

function time(chat) {
  return chat.lastMessage?.sentAt ? new Date(chat.lastMessage.sentAt).getTime() : 0;
}

export function chatList() {
  return [...chats.values()].sort((a, b) => time(b) - time(a));
}

export function chatById(chatId) {
  return chats.get(chatId) || null;
}

export function totalUnread() {
  let total = 0;
  for (const chat of chats.values()) total += Number(chat.unread) || 0;
  return total;
}

export function setUnread(chatId, unread) {
  const chat = chats.get(chatId);
  if (chat && Number.isFinite(Number(unread))) {
    chat.unread = Number(unread);
    emit({ type: 'unread', chatId });
  }
}

/** One payload of the user:<me> topic. */
export function handleUserEvent(payload) {
  if (!payload || typeof payload !== 'object') return;
  const chat = chats.get(payload.chatId);
  switch (payload.kind) {
    case 'chat-started':
      loadChats().catch(() => {});
      break;
    case 'message':
      if (!chat) {
        loadChats().catch(() => {});
      } else {
        if (payload.message) chat.lastMessage = payload.message;
        if (payload.unread !== undefined) chat.unread = Number(payload.unread) || 0;
      }
      emit({ type: 'message', chatId: payload.chatId, message: payload.message });
      break;
    case 'read':
      if (chat) {
        if (payload.readerId === myUserId()) {
          if (payload.unread !== undefined) chat.unread = Number(payload.unread) || 0;
        } else {
          chat.companionReadUpTo = payload.upTo;
        }
      }
      emit({ type: 'read', chatId: payload.chatId, readerId: payload.readerId, upTo: payload.upTo });
      break;
    case 'typing':
      if (payload.userId !== myUserId()) emit({ type: 'typing', chatId: payload.chatId, userId: payload.userId });
      break;
    default:
      break;
  }
}

export function resetChats() {
  chats.clear();
  emit({ type: 'list' });
}
