#!/usr/bin/env node
'use strict';
// Draws one run's time series (bench.sh samples the app's answers and their p99 each second into
// RUN/<scenario>.series.jsonl) as one SVG: a panel per scenario, throughput (left axis) and p99 in
// ms (right axis) over the scenario's seconds. The first-minute panel counts from the process start
// and marks 80 % of the warm rate and the 30 s goal. Scenarios without HTTP answers of their own
// (WebSocket only, or polls) have no panel.
//
//   node plot.js SCENARIOS_JSONL RUN_DIR OUT_SVG

const fs = require('node:fs');
const path = require('node:path');

const [scenariosFile, runDir, outFile] = process.argv.slice(2);
const scenarios = fs.readFileSync(scenariosFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

const W = 380, H = 210, COLUMNS = 3;
const M = { left: 52, right: 48, top: 28, bottom: 30 };
const PW = W - M.left - M.right, PH = H - M.top - M.bottom;
const RATE = '#1f77b4', P99 = '#d62728', GOAL = '#2ca02c';

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const fmt = (v) => (v >= 10_000 ? `${Math.round(v / 1000)}k` : v >= 1000 ? `${(v / 1000).toFixed(1)}k` : `${Math.round(v)}`);

// A round step that gives about four intervals up to max.
function niceMax(max) {
  if (!(max > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(max / 4));
  const mult = [1, 2, 2.5, 5, 10].find((m) => max / (m * step) <= 4) ?? 10;
  return Math.ceil(max / (mult * step)) * mult * step;
}

function series(name) {
  const file = path.join(runDir, `${name}.series.jsonl`);
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

function polyline(points, x, y, color) {
  const d = points.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ');
  return `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${d}"/>`;
}

function panel(scenario, samples, ox, oy) {
  const up = samples.filter((s) => s.up);
  const tMax = Math.max(...samples.map((s) => s.t), 1);
  const warm = scenario.warm_rps;
  const rateMax = niceMax(Math.max(...up.map((s) => s.rps), warm ?? 0));
  const p99Max = niceMax(Math.max(...up.map((s) => s.p99_ms ?? 0)));
  const x = (t) => ox + M.left + (t / tMax) * PW;
  const yRate = (v) => oy + M.top + PH - (v / rateMax) * PH;
  const yP99 = (v) => oy + M.top + PH - (v / p99Max) * PH;
  const out = [`<rect x="${ox + M.left}" y="${oy + M.top}" width="${PW}" height="${PH}" fill="#fafafa" stroke="#ccc"/>`];
  out.push(`<text x="${ox + M.left}" y="${oy + 16}" font-weight="bold">${esc(scenario.name)}</text>`);
  for (let i = 0; i <= 4; i++) {
    const yy = oy + M.top + PH - (i / 4) * PH;
    out.push(`<line x1="${ox + M.left}" x2="${ox + M.left + PW}" y1="${yy}" y2="${yy}" stroke="#eee"/>`);
    out.push(`<text x="${ox + M.left - 4}" y="${yy + 4}" text-anchor="end" fill="${RATE}">${fmt((rateMax * i) / 4)}</text>`);
    out.push(`<text x="${ox + M.left + PW + 4}" y="${yy + 4}" fill="${P99}">${fmt((p99Max * i) / 4)}</text>`);
  }
  for (const t of [0, tMax / 2, tMax]) {
    out.push(`<text x="${x(t)}" y="${oy + M.top + PH + 14}" text-anchor="middle">${Math.round(t)} s</text>`);
  }
  if (warm) {
    out.push(`<line x1="${x(0)}" x2="${x(tMax)}" y1="${yRate(0.8 * warm)}" y2="${yRate(0.8 * warm)}" stroke="${GOAL}" stroke-dasharray="4 3"/>`);
    out.push(`<text x="${x(tMax) - 2}" y="${yRate(0.8 * warm) - 3}" text-anchor="end" fill="${GOAL}">80 % of warm</text>`);
    if (tMax >= 30) {
      out.push(`<line x1="${x(30)}" x2="${x(30)}" y1="${oy + M.top}" y2="${oy + M.top + PH}" stroke="${GOAL}" stroke-dasharray="4 3"/>`);
    }
  }
  out.push(polyline(up.map((s) => [s.t, s.rps]), x, yRate, RATE));
  out.push(polyline(up.filter((s) => s.p99_ms != null).map((s) => [s.t, s.p99_ms]), x, yP99, P99));
  return out.join('\n');
}

// their HTTP answers are the driver's polls, not the work the scenario measures
const POLLED = new Set(['replay', 'osago-applications']);
const drawn = scenarios.filter((s) => !POLLED.has(s.name))
  .map((s) => ({ name: s.name, warm_rps: s.result?.warm_rps, samples: series(s.name) }))
  .filter((s) => s.samples.some((p) => p.up && p.rps > 0));
const rows = Math.max(1, Math.ceil(drawn.length / COLUMNS));
const width = W * COLUMNS, height = H * rows + 30;
const body = drawn.map((s, i) => panel(s, s.samples, (i % COLUMNS) * W, 30 + Math.floor(i / COLUMNS) * H));
fs.writeFileSync(outFile, `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>
<text x="8" y="18" font-size="13"><tspan fill="${RATE}">answers/s (left axis)</tspan> and <tspan fill="${P99}">p99 ms (right axis)</tspan>, each second, as the app's http.server.requests histogram counts them</text>
${body.join('\n')}
</svg>
`);
console.error(`plot: ${drawn.length} scenarios in ${outFile}`);
