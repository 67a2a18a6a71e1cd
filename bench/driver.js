#!/usr/bin/env node
'use strict';
// The parts of the benchmark that wrk cannot do: users files, opening accounts, a constant-rate
// (open-loop) load with a read-your-writes probe, waiting for the projection, timing a replay.
// Plain node:http with keep-alive, no dependencies. Results are one JSON line on stdout.
//
//   node driver.js users N > users.tsv                  one user a line: id<TAB>Header: value...
//   node driver.js open USERS                           open each user's account (16 at a time)
//   node driver.js settle TIMEOUT_S                     wait until every projection has caught up
//   node driver.js replay NAME EVENTS                   replay a projection, time it
//   node driver.js lag BG PROBE RATE PROBE_RATE SECONDS WARMUP_S
//   node driver.js applications USERS                   one OSAGO application per user, until all COMPLETED
//
// BENCH_URL names the app; only 127.0.0.1 is accepted.

const http = require('node:http');
const fs = require('node:fs');
const os = require('node:os');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const { randomUUID } = require('node:crypto');
const { userHeaders, adminHeaders } = require('./auth');

const base = new URL(process.env.BENCH_URL || 'http://127.0.0.1:18081');
if (base.hostname !== '127.0.0.1') {
  throw new Error(`BENCH_URL must point to 127.0.0.1, not ${base.hostname}`);
}
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const JSON_TYPE = { 'content-type': 'application/json' };

// Resolves (never rejects) with {status, body}; status 0 is a socket error or a timeout (10 s by default).
function call(method, path, headers, body, timeoutMs = 10_000) {
  return new Promise((resolve) => {
    const req = http.request(
      { host: base.hostname, port: base.port, method, path, agent, headers },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
        res.on('error', (e) => resolve({ status: 0, body: String(e) }));
      },
    );
    req.on('error', (e) => resolve({ status: 0, body: String(e) }));
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.end(body);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();
const round = (x, digits = 2) => (x == null ? null : Number(x.toFixed(digits)));

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function readUsers(file) {
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => {
    const [id, ...lines] = line.split('\t');
    const headers = {};
    for (const h of lines) {
      const i = h.indexOf(':');
      headers[h.slice(0, i)] = h.slice(i + 1).trim();
    }
    return { id, headers };
  });
}

function mint(n) {
  let out = '';
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    const headers = Object.entries(userHeaders(id)).map(([k, v]) => `${k}: ${v}`);
    out += [id, ...headers].join('\t') + '\n';
  }
  return out;
}

// Signing a token costs ~0.35 ms (RS256), so large users files are minted on every core.
async function users(n) {
  const threads = Math.min(os.availableParallelism(), Math.ceil(n / 5000));
  const parts = await Promise.all(Array.from({ length: threads }, (_, i) => new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: Math.floor((n + i) / threads) });
    worker.once('message', resolve);
    worker.once('error', reject);
  })));
  fs.writeSync(1, parts.join(''));
}

async function open(file) {
  const all = readUsers(file);
  let next = 0;
  const failures = [];
  const worker = async () => {
    while (next < all.length) {
      const u = all[next++];
      const r = await call('POST', '/api/v1/accounts', { ...u.headers, ...JSON_TYPE }, '{}');
      if (r.status !== 201) failures.push(`${r.status} ${r.body.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  if (failures.length) throw new Error(`${failures.length} accounts not opened, first: ${failures[0]}`);
  console.log(`opened ${all.length} accounts`);
}

async function projections() {
  const r = await call('GET', '/api/v1/admin/projections', adminHeaders());
  if (r.status !== 200) throw new Error(`GET /api/v1/admin/projections: ${r.status} ${r.body}`);
  return JSON.parse(r.body);
}

const caughtUp = (p) => p.status === 'RUNNING' && !p.replaying && p.lag === 0;

async function settle(timeoutS) {
  const start = now();
  for (;;) {
    const list = await projections();
    if (list.every(caughtUp)) break;
    if (now() - start > timeoutS * 1000) throw new Error(`projections not caught up after ${timeoutS} s: ${JSON.stringify(list)}`);
    await sleep(100);
  }
  console.log(`projections caught up after ${round((now() - start) / 1000)} s`);
}

// Times a full rebuild: from the replay request until the projection is past every event again.
async function replay(name, events) {
  const start = now();
  const r = await call('POST', `/api/v1/admin/projections/${name}/replay`, adminHeaders());
  if (r.status !== 202) throw new Error(`replay of ${name}: ${r.status} ${r.body}`);
  for (;;) {
    const p = (await projections()).find((x) => x.name === name);
    if (p && caughtUp(p)) break;
    if (now() - start > 300_000) throw new Error(`replay of ${name} not finished after 300 s: ${JSON.stringify(p)}`);
    await sleep(20);
  }
  const seconds = (now() - start) / 1000;
  console.log(JSON.stringify({ rps: round(events / seconds, 1), seconds: round(seconds, 3), events, errors: 0 }));
}

// Offered load at a constant RATE of deposits/s on the BG accounts, each request sent at its
// scheduled time whatever the previous ones do (open loop; latency counts from the scheduled
// time, so a stalled app shows up in the percentiles instead of lowering the rate). Meanwhile a
// probe at PROBE_RATE deposits on its own PROBE accounts and at once reads the account back:
// GET /me waits until the balance projection applied the account's latest event, so the GET's
// latency is the projection lag (plus one loopback round trip). The first WARMUP_S are not counted.
async function lag(bgFile, probeFile, rate, probeRate, seconds, warmupS) {
  const bg = readUsers(bgFile);
  const probes = readUsers(probeFile);
  const deposit = (u) => call('POST', '/api/v1/accounts/me/deposits', { ...u.headers, ...JSON_TYPE }, '{"amount": 10.00}');
  const bgLatency = [];
  const lagMs = [];
  const errors = [];
  let sent = 0;
  let probesSent = 0;
  let inFlight = 0;
  let backlogged = 0;
  let doneInWindow = 0; // deposits answered 2xx inside the measured window: the achieved rate
  const maxInFlight = 1000; // beyond one second of backlog, scheduled deposits are skipped and counted
  const start = now();
  const measureFrom = start + warmupS * 1000;
  const end = measureFrom + seconds * 1000;
  const pending = new Set();
  const track = (p) => {
    const done = p.catch((e) => errors.push(String(e))).finally(() => pending.delete(done));
    pending.add(done);
  };
  const cpu0 = process.cpuUsage();

  const fireBackground = (scheduled, u) => track((async () => {
    inFlight++;
    const r = await deposit(u);
    inFlight--;
    const t = now();
    if (r.status !== 200) errors.push(`deposit ${r.status} ${r.body.slice(0, 200)}`);
    else if (scheduled >= measureFrom) bgLatency.push(t - scheduled);
    if (r.status === 200 && t >= measureFrom && t <= end) doneInWindow++;
  })());

  const fireProbe = (u) => track((async () => {
    const d = await deposit(u);
    if (d.status !== 200) { errors.push(`probe deposit ${d.status} ${d.body.slice(0, 200)}`); return; }
    const t0 = now();
    const g = await call('GET', '/api/v1/accounts/me', u.headers);
    const t1 = now();
    if (g.status !== 200) { errors.push(`probe read ${g.status} ${g.body.slice(0, 200)}`); return; }
    if (JSON.parse(g.body).balance < JSON.parse(d.body).balance) errors.push(`probe read an old balance: ${g.body}`);
    else if (t0 >= measureFrom) lagMs.push(t1 - t0);
  })());

  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const t = Math.min(now(), end);
      for (const due = Math.floor(((t - start) / 1000) * rate); sent < due; sent++) {
        if (inFlight >= maxInFlight) backlogged++;
        else fireBackground(start + (sent * 1000) / rate, bg[sent % bg.length]);
      }
      for (const due = Math.floor(((t - start) / 1000) * probeRate); probesSent < due; probesSent++) {
        fireProbe(probes[probesSent % probes.length]);
      }
      if (t >= end) { clearInterval(timer); resolve(); }
    }, 1);
  });
  await Promise.allSettled([...pending]); // each call gives up after 10 s
  const cpu = process.cpuUsage(cpu0);
  const wallS = (now() - start) / 1000;

  bgLatency.sort((a, b) => a - b);
  lagMs.sort((a, b) => a - b);
  const result = {
    rps: round(doneInWindow / seconds, 1),
    offered_rps: rate,
    p50_ms: round(percentile(lagMs, 50)),
    p95_ms: round(percentile(lagMs, 95)),
    p99_ms: round(percentile(lagMs, 99)),
    lag_max_ms: round(lagMs[lagMs.length - 1]),
    probes: lagMs.length,
    deposit_p50_ms: round(percentile(bgLatency, 50)),
    deposit_p99_ms: round(percentile(bgLatency, 99)),
    backlogged,
    driver_cpu: round((cpu.user + cpu.system) / 1e6 / wallS),
    errors: errors.length,
    error_sample: errors[0],
  };
  console.log(JSON.stringify(result));
}

// Submits one OSAGO application per user of FILE (16 at a time) and follows each with long polls
// until it is COMPLETED, i.e. every insurer of the simulator quoted or failed. The latency is the
// time from submission to COMPLETED; the throughput is completed applications per second of wall time.
const APPLICATION = JSON.stringify({
  vehicle: { vin: 'XTA210990Y2766389', make: 'Lada', model: 'Vesta', year: 2021, enginePowerHp: 106 },
  driver: { fullName: 'Ivan Petrov', birthDate: '1985-05-01', licenseNumber: '7701 123456', licenseIssuedAt: '2005-06-01' },
  region: 'Moscow',
});

async function applications(file) {
  const all = readUsers(file);
  const start = now();
  const completedMs = [];
  const errors = [];
  let next = 0;
  const follow = async (user, id, t0) => {
    let application = { status: 'IN_PROGRESS', updatedAt: null };
    while (application.status !== 'COMPLETED') {
      if (now() - t0 > 120_000) return errors.push(`${id} not completed after 120 s`);
      const since = application.updatedAt ? `?since=${encodeURIComponent(application.updatedAt)}` : '';
      // a long poll answers after at most 30 s
      const r = await call('GET', `/api/v1/insurance/applications/${id}${since}`, user.headers, undefined, 40_000);
      if (r.status !== 200) return errors.push(`GET ${r.status} ${r.body.slice(0, 200)}`);
      application = JSON.parse(r.body);
    }
    completedMs.push(now() - t0);
  };
  const worker = async () => {
    while (next < all.length) {
      const user = all[next++];
      const t0 = now();
      const r = await call('POST', '/api/v1/insurance/applications',
        { ...user.headers, ...JSON_TYPE, 'idempotency-key': randomUUID() }, APPLICATION);
      if (r.status !== 202) {
        errors.push(`POST ${r.status} ${r.body.slice(0, 200)}`);
        continue;
      }
      await follow(user, JSON.parse(r.body).applicationId, t0);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  const seconds = (now() - start) / 1000;
  completedMs.sort((a, b) => a - b);
  console.log(JSON.stringify({
    rps: round(completedMs.length / seconds, 1),
    p50_ms: round(percentile(completedMs, 50)),
    p95_ms: round(percentile(completedMs, 95)),
    p99_ms: round(percentile(completedMs, 99)),
    applications: completedMs.length,
    seconds: round(seconds, 3),
    errors: errors.length,
    error_sample: errors[0],
  }));
}

async function main() {
  const [cmd, ...args] = process.argv.slice(2);
  switch (cmd) {
    case 'users': return users(Number(args[0]));
    case 'open': return open(args[0]);
    case 'settle': return settle(Number(args[0]));
    case 'replay': return replay(args[0], Number(args[1]));
    case 'lag': return lag(args[0], args[1], ...args.slice(2).map(Number));
    case 'applications': return applications(args[0]);
    default: throw new Error(`unknown command ${cmd}; see the head of ${__filename}`);
  }
}

if (isMainThread) {
  main().then(
    () => agent.destroy(),
    (e) => { console.error(`driver: ${e.message}`); process.exit(1); },
  );
} else {
  parentPort.postMessage(mint(workerData)); // a worker of users()
}
