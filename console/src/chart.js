// The balance over time as inline SVG: a step line of balanceAfter over occurredAt, with axis labels.

import { formatDate, formatMoney } from './format.js';

const NS = 'http://www.w3.org/2000/svg';
const HEIGHT = 240;
const PAD = { left: 112, right: 16, top: 16, bottom: 40 };

function el(tag, attrs = {}, text) {
  const element = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/**
 * entries: statement entries in any order; width: the room it has, in CSS pixels (labels stay 12 px).
 * Returns an <svg role="img"> with a spoken summary.
 */
export function balanceChart(entries, currency = 'RUB', width = 600) {
  const WIDTH = Math.round(Math.max(280, Math.min(960, width || 600)));
  const points = entries
    .map((entry) => ({ t: new Date(entry.occurredAt).getTime(), v: Number(entry.balanceAfter) }))
    .filter((point) => Number.isFinite(point.t) && Number.isFinite(point.v))
    .sort((a, b) => a.t - b.t);
  const svg = el('svg', { class: 'chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', preserveAspectRatio: 'xMidYMid meet' });
  if (!points.length) {
    svg.setAttribute('aria-label', 'Balance chart: no entries yet');
    svg.append(el('text', { x: WIDTH / 2, y: HEIGHT / 2, 'text-anchor': 'middle', class: 'chart-label' }, 'No entries yet'));
    return svg;
  }
  const first = points[0];
  const last = points[points.length - 1];
  const values = points.map((point) => point.v);
  let min = Math.min(0, ...values);
  let max = Math.max(...values);
  if (max === min) max = min + 1;
  const tMin = first.t;
  const tSpan = Math.max(1, last.t - first.t);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (t) => (points.length === 1 ? PAD.left + plotW / 2 : PAD.left + ((t - tMin) / tSpan) * plotW);
  const y = (v) => PAD.top + plotH - ((v - min) / (max - min)) * plotH;

  svg.setAttribute('aria-label', `Balance chart: ${points.length} ${points.length === 1 ? 'entry' : 'entries'}, from ${formatMoney(first.v, currency)} on ${formatDate(first.t)} to ${formatMoney(last.v, currency)} on ${formatDate(last.t)}; lowest ${formatMoney(Math.min(...values), currency)}, highest ${formatMoney(Math.max(...values), currency)}`);
  svg.append(el('title', {}, 'Balance over time'));
  // axes
  svg.append(el('line', { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: PAD.top + plotH, class: 'chart-axis' }));
  svg.append(el('line', { x1: PAD.left, y1: PAD.top + plotH, x2: PAD.left + plotW, y2: PAD.top + plotH, class: 'chart-axis' }));
  // y labels: min and max
  svg.append(el('text', { x: PAD.left - 6, y: y(max) + 4, 'text-anchor': 'end', class: 'chart-label' }, formatMoney(max, currency)));
  svg.append(el('text', { x: PAD.left - 6, y: y(min) + 4, 'text-anchor': 'end', class: 'chart-label' }, formatMoney(min, currency)));
  // x labels: first and last date
  svg.append(el('text', { x: PAD.left, y: HEIGHT - 12, 'text-anchor': 'start', class: 'chart-label' }, formatDate(first.t)));
  if (points.length > 1) svg.append(el('text', { x: PAD.left + plotW, y: HEIGHT - 12, 'text-anchor': 'end', class: 'chart-label' }, formatDate(last.t)));
  // a step line: the balance stays what it was until the next entry changes it
  const steps = points.flatMap((point, i) => (i === 0 ? [[point.t, point.v]] : [[point.t, points[i - 1].v], [point.t, point.v]]));
  svg.append(el('polyline', { points: steps.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' '), class: 'chart-line' }));
  for (const point of points.slice(-50)) {
    svg.append(el('circle', { cx: x(point.t).toFixed(1), cy: y(point.v).toFixed(1), r: 3, class: 'chart-dot' }));
  }
  return svg;
}
