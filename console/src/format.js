// Formatting helpers: money with 2 decimals and "RUB", dates, relative times, short texts.

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' });
const timeOnly = new Intl.DateTimeFormat('en-GB', { timeStyle: 'short' });

export function formatMoney(amount, currency = 'RUB') {
  const value = Number(amount);
  if (amount === null || amount === undefined || Number.isNaN(value)) return '—';
  return `${money.format(value)} ${currency || 'RUB'}`;
}

function parse(value) {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDateTime(value) {
  const date = parse(value);
  return date ? dateTime.format(date) : '—';
}

export function formatDate(value) {
  const date = parse(value);
  return date ? dateOnly.format(date) : '—';
}

export function formatTime(value) {
  const date = parse(value);
  return date ? timeOnly.format(date) : '';
}

export function relativeTime(value, now = Date.now()) {
  const date = parse(value);
  if (!date) return '';
  const seconds = Math.round((now - date.getTime()) / 1000);
  if (seconds < 10) return 'just now';
  if (seconds < 60) return `${seconds} seconds ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return hours === 1 ? '1 hour ago' : `${hours} hours ago`;
  return formatDate(date);
}

export function truncate(text, length = 60) {
  if (!text) return '';
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** An amount typed by a person: positive, at most 2 decimals; a number, or null when not valid. */
export function parseAmount(text) {
  const cleaned = String(text ?? '').trim().replace(/[\s,]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const value = Number(cleaned);
  return value > 0 ? value : null;
}

const kinds = {
  DEPOSIT: 'Deposit',
  WITHDRAWAL: 'Withdrawal',
  ORDER_DEBIT: 'Order payment',
  REFUND: 'Refund',
};

export function entryKind(kind) {
  return kinds[kind] || String(kind || '').toLowerCase().replace(/_/g, ' ');
}

const statuses = {
  PENDING: 'Pending',
  PAID: 'Paid',
  REJECTED: 'Rejected',
  QUOTED: 'Quoted',
  FAILED: 'Failed',
  IN_PROGRESS: 'In progress',
  COMPLETED: 'Completed',
};

export function statusText(status) {
  return statuses[status] || String(status || '');
}

const reasons = {
  'insufficient-funds': 'Not enough money on the account',
};

/** Words for an order's rejection reason (the server may give a code). */
export function reasonText(reason) {
  if (!reason) return '';
  return reasons[reason] || (/^[a-z0-9]+(-[a-z0-9]+)+$/.test(reason) ? reason.replace(/-/g, ' ') : reason);
}
