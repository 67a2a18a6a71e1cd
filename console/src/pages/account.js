// Account: balance, deposit and withdraw, the statement (newest first, "More") and its chart.

import { get, post } from '../api.js';
import { balanceChart } from '../chart.js';
import { announce, clear, errorBox, field, h, handleForm, showError } from '../dom.js';
import { entryKind, formatDateTime, formatMoney, parseAmount } from '../format.js';

export function accountPage(main) {
  let entries = [];
  let nextCursor = null;
  let currency = 'RUB';
  let gone = false;

  const balance = h('p', { class: 'balance', id: 'balance', 'aria-live': 'polite' }, 'Loading…');
  const loadError = errorBox();
  const chartBox = h('figure', { class: 'chart-box', id: 'balance-chart' });
  const rows = h('tbody', { id: 'statement-rows' });
  const more = h('button', { type: 'button', id: 'statement-more', hidden: true, onclick: () => loadStatement(true) }, 'More');
  const statementError = errorBox();

  function moneyForm(id, legend, path, verb) {
    const form = h('form', { class: 'card form inline-form', id, novalidate: true },
      h('h2', {}, legend),
      field({ label: 'Amount, RUB', name: 'amount', inputmode: 'decimal', autocomplete: 'off', required: true, placeholder: '100.00' }),
      errorBox(),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, legend)));
    handleForm(form, {
      validate: (values) => (parseAmount(values.amount) === null ? { amount: 'Enter an amount above 0 with at most 2 decimals' } : null),
      submit: async (values) => {
        const amount = parseAmount(values.amount);
        const answer = await post(path, { amount }, { idempotent: true });
        form.reset();
        showBalance(answer.balance);
        announce(`${verb} ${formatMoney(amount, currency)}. Balance ${formatMoney(answer.balance, currency)}`);
        await loadStatement(false);
      },
    });
    return form;
  }

  function showBalance(value) {
    balance.textContent = formatMoney(value, currency);
    balance.dataset.amount = Number(value).toFixed(2);
  }

  async function loadAccount() {
    try {
      const account = await get('/api/v1/accounts/me');
      if (gone) return;
      currency = account.currency || 'RUB';
      showBalance(account.balance);
    } catch (error) {
      balance.textContent = '—';
      showError(loadError, error);
    }
  }

  async function loadStatement(append) {
    showError(statementError, null);
    const query = new URLSearchParams({ limit: '50' });
    if (append && nextCursor) query.set('cursor', nextCursor);
    try {
      const statement = await get(`/api/v1/accounts/me/statement?${query}`);
      if (gone) return;
      entries = append ? entries.concat(statement.entries || []) : statement.entries || [];
      nextCursor = statement.nextCursor || null;
      if (!append && statement.balance !== undefined) showBalance(statement.balance);
      renderStatement();
    } catch (error) {
      showError(statementError, error);
    }
  }

  function renderStatement() {
    clear(rows, entries.length ? entries.map((entry) => h('tr', { 'data-kind': entry.kind },
      h('td', {}, formatDateTime(entry.occurredAt)),
      h('th', { scope: 'row' }, entryKind(entry.kind)),
      h('td', { class: ['num', Number(entry.amount) < 0 ? 'negative' : null] }, formatMoney(entry.amount, currency)),
      h('td', { class: 'num' }, formatMoney(entry.balanceAfter, currency)),
      h('td', {}, entry.orderId ? h('a', { href: '#/orders' }, 'Order') : '—')))
      : h('tr', {}, h('td', { colspan: 5 }, 'No entries yet')));
    more.hidden = !nextCursor;
    drawnWidth = chartBox.clientWidth;
    clear(chartBox, balanceChart(entries, currency, chartBox.clientWidth), h('figcaption', {}, 'Balance over time (the entries loaded below)'));
  }

  main.append(
    h('h1', {}, 'Account'),
    h('section', { class: 'card', 'aria-labelledby': 'balance-heading' },
      h('h2', { id: 'balance-heading' }, 'Balance'), balance, loadError),
    h('div', { class: 'grid two' },
      moneyForm('deposit-form', 'Deposit', '/api/v1/accounts/me/deposits', 'Deposited'),
      moneyForm('withdraw-form', 'Withdraw', '/api/v1/accounts/me/withdrawals', 'Withdrew')),
    h('section', { class: 'card', 'aria-labelledby': 'statement-heading' },
      h('h2', { id: 'statement-heading' }, 'Statement'),
      chartBox,
      statementError,
      h('div', { class: 'table-wrap' },
        h('table', { id: 'statement' },
          h('caption', { class: 'sr-only' }, 'Statement entries, newest first'),
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, 'When'),
            h('th', { scope: 'col' }, 'Kind'),
            h('th', { scope: 'col', class: 'num' }, 'Amount'),
            h('th', { scope: 'col', class: 'num' }, 'Balance after'),
            h('th', { scope: 'col' }, 'Order'))),
          rows)),
      h('div', { class: 'actions' }, more)));

  let resizeTimer = null;
  let drawnWidth = 0;
  const onResize = () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      if (Math.abs(chartBox.clientWidth - drawnWidth) > 40) {
        drawnWidth = chartBox.clientWidth;
        renderStatement();
      }
    }, 200);
  };
  window.addEventListener('resize', onResize);
  loadAccount();
  loadStatement(false);
  return () => {
    gone = true;
    clearTimeout(resizeTimer);
    window.removeEventListener('resize', onResize);
  };
}
