// The public live page: two counters and the feed, kept live by Server-Sent Events. No sign-in.

import { get } from '../api.js';
import { clear, errorBox, h, showError } from '../dom.js';
import { relativeTime } from '../format.js';

const number = new Intl.NumberFormat('en-US');

export function livePage(main) {
  let gone = false;
  let latest = null;
  let source = null;
  const policies = h('span', { class: 'counter-value', id: 'policies-issued' }, '…');
  const messages = h('span', { class: 'counter-value', id: 'messages-today' }, '…');
  const feed = h('ol', { class: 'feed', id: 'feed' });
  const state = h('p', { class: 'meta', id: 'live-state', 'aria-live': 'polite' }, 'Connecting…');
  const error = errorBox();

  function render(activity) {
    if (!activity || gone) return;
    latest = activity;
    policies.textContent = number.format(Number(activity.policiesIssued) || 0);
    policies.dataset.value = String(Number(activity.policiesIssued) || 0);
    messages.textContent = number.format(Number(activity.messagesToday) || 0);
    messages.dataset.value = String(Number(activity.messagesToday) || 0);
    const items = (activity.feed || []).slice().sort((a, b) => new Date(b.at) - new Date(a.at));
    clear(feed, items.length
      ? items.map((item) => h('li', { 'data-kind': item.kind || '' },
        h('span', { class: 'feed-text' }, item.text), ' ',
        h('time', { class: 'meta', datetime: item.at || '' }, relativeTime(item.at))))
      : h('li', {}, 'Nothing yet today.'));
  }

  async function load() {
    try {
      render(await get('/api/v1/public/activity', { auth: false }));
      showError(error, null);
    } catch (failure) {
      showError(error, failure);
    }
  }

  function listen() {
    if (typeof EventSource === 'undefined') return;
    source = new EventSource('/api/v1/public/activity/stream');
    source.addEventListener('open', () => { state.textContent = 'Live'; });
    source.addEventListener('activity', (event) => {
      try {
        render(JSON.parse(event.data));
      } catch {
        // a frame we do not understand: the next one will do
      }
    });
    source.addEventListener('error', () => {
      state.textContent = source.readyState === EventSource.CLOSED ? 'Not live: reload the page to try again' : 'Reconnecting…';
    });
  }

  const clock = setInterval(() => render(latest), 15_000);
  main.append(h('h1', {}, 'Live activity'),
    h('p', { class: 'lead' }, 'What is happening on PolicyHub right now. Nothing personal is shown.'),
    state, error,
    h('div', { class: 'counters' },
      h('p', { class: 'counter' }, policies, h('span', { class: 'counter-label' }, 'policies issued')),
      h('p', { class: 'counter' }, messages, h('span', { class: 'counter-label' }, 'messages today'))),
    h('section', { 'aria-labelledby': 'feed-heading' }, h('h2', { id: 'feed-heading' }, 'Latest'), feed));
  load();
  listen();
  return () => {
    gone = true;
    clearInterval(clock);
    if (source) source.close();
  };
}
