// Orders: place one, watch it go PENDING -> PAID/REJECTED, and read its letters under it.

import { get, post } from '../api.js';
import { announce, clear, errorBox, field, h, handleForm, showError, sleep } from '../dom.js';
import { formatDateTime, formatMoney, parseAmount, reasonText, statusText } from '../format.js';

const letterNames = { ORDER_PAID: 'Happy letter', ORDER_REJECTED: 'Sad letter' };

export function letterName(kind) {
  return letterNames[kind] || 'Letter';
}

/** Asks for the order every second while it is PENDING, up to 30 s; calls back on every answer. */
export async function watchOrder(orderId, onUpdate, isGone = () => false) {
  const until = Date.now() + 30_000;
  let order = null;
  while (!isGone() && Date.now() < until) {
    try {
      order = await get(`/api/v1/orders/${encodeURIComponent(orderId)}`);
      onUpdate(order);
      if (order.status !== 'PENDING') return order;
    } catch (error) {
      if (error.status !== 0 && error.status !== 503 && error.status !== 404) throw error;
    }
    await sleep(1000);
  }
  return order;
}

export function ordersPage(main) {
  let orders = [];
  let letters = [];
  let gone = false;
  const list = h('div', { id: 'order-list', class: 'stack' }, h('p', {}, 'Loading…'));
  const listError = errorBox();

  const form = h('form', { class: 'card form', id: 'order-form', novalidate: true },
    h('h2', {}, 'Place an order'),
    field({ label: 'Price, RUB', name: 'price', inputmode: 'decimal', autocomplete: 'off', required: true, placeholder: '250.00' }),
    field({ label: 'Description', name: 'description', maxlength: 200 }),
    errorBox(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Place order')));
  handleForm(form, {
    validate: (values) => (parseAmount(values.price) === null ? { price: 'Enter a price above 0 with at most 2 decimals' } : null),
    submit: async (values) => {
      const body = { price: parseAmount(values.price) };
      if (values.description.trim()) body.description = values.description.trim();
      const created = await post('/api/v1/orders', body, { idempotent: true });
      form.reset();
      const order = { orderId: created.orderId, status: created.status || 'PENDING', price: body.price, description: body.description };
      orders = [order, ...orders.filter((item) => item.orderId !== order.orderId)];
      render();
      announce(`Order placed: ${formatMoney(body.price)}, ${statusText(order.status)}`);
      follow(order.orderId);
    },
  });

  async function follow(orderId) {
    try {
      const final = await watchOrder(orderId, (fresh) => {
        orders = orders.map((item) => (item.orderId === orderId ? { ...item, ...fresh } : item));
        render();
      }, () => gone);
      if (!final || gone) return;
      if (final.status !== 'PENDING') announce(`Order ${formatMoney(final.price)}: ${statusText(final.status)}`);
      // the letter is written by another part of the system: ask a few times
      for (let attempt = 0; attempt < 15 && !gone; attempt += 1) {
        await loadLetters();
        if (letters.some((letter) => letter.orderId === orderId)) return;
        await sleep(1000);
      }
    } catch (error) {
      showError(listError, error);
    }
  }

  async function loadLetters() {
    letters = (await get('/api/v1/notifications')) || [];
    if (!gone) render();
  }

  function renderLetter(letter) {
    return h('article', { class: ['letter', letter.kind === 'ORDER_PAID' ? 'happy' : null, letter.kind === 'ORDER_REJECTED' ? 'sad' : null], 'data-kind': letter.kind },
      h('h4', {}, h('span', { class: 'letter-kind' }, letterName(letter.kind)), ': ', letter.subject || ''),
      h('p', { class: 'meta' }, `To ${letter.email || 'you'}, ${formatDateTime(letter.createdAt)}`),
      h('p', { class: 'letter-body' }, letter.body || ''));
  }

  function render() {
    if (!orders.length) {
      clear(list, h('p', {}, 'No orders yet.'));
      return;
    }
    clear(list, orders.map((order) => {
      const own = letters.filter((letter) => letter.orderId === order.orderId);
      return h('article', { class: 'card order', 'data-order-id': order.orderId, 'data-status': order.status },
        h('h3', {}, formatMoney(order.price), order.description ? ` · ${order.description}` : ''),
        h('p', {}, 'Status: ', h('span', { class: ['status', `status-${String(order.status).toLowerCase()}`] }, statusText(order.status)),
          order.status === 'PENDING' ? h('span', { class: 'spinner', 'aria-hidden': 'true' }) : null),
        order.reason ? h('p', { class: 'reason' }, `Reason: ${reasonText(order.reason)}`) : null,
        order.createdAt ? h('p', { class: 'meta' }, formatDateTime(order.createdAt)) : null,
        own.length ? h('section', { class: 'letters', 'aria-label': 'Letters about this order' }, own.map(renderLetter)) : null);
    }));
  }

  async function load() {
    try {
      const [found, notes] = await Promise.all([get('/api/v1/orders'), get('/api/v1/notifications')]);
      if (gone) return;
      const list = Array.isArray(found) ? found : found?.orders || found?.items || [];
      orders = list.slice().sort((a, b) => new Date(b.createdAt || 0) - new Date(a.createdAt || 0));
      letters = notes || [];
      render();
      for (const order of orders) if (order.status === 'PENDING') follow(order.orderId);
    } catch (error) {
      clear(list);
      showError(listError, error);
    }
  }

  main.append(h('h1', {}, 'Orders'), form,
    h('section', { 'aria-labelledby': 'orders-heading' }, h('h2', { id: 'orders-heading' }, 'Your orders'), listError, list));
  load();
  return () => { gone = true; };
}
