#!/usr/bin/env node
'use strict';
// The parts of the benchmark that wrk cannot do: users files, opening accounts, a constant-rate
// (open-loop) load with a read-your-writes probe, waiting for the projection, timing a replay,
// and the chat scenarios (REST and WebSocket). node:http with keep-alive; the one dependency is
// the `ws` WebSocket client (package.json), loaded only by the commands that open sockets.
// Results are one JSON line on stdout.
//
//   node driver.js users N > users.tsv                  one user a line: id<TAB>Header: value...
//   node driver.js register N > users.tsv               the same for N users registered through the API
//   node driver.js open USERS                           open each user's account (16 at a time)
//   node driver.js settle TIMEOUT_S                     wait until every projection has caught up
//   node driver.js replay NAME EVENTS                   replay a projection, time it
//   node driver.js lag BG PROBE RATE PROBE_RATE SECONDS WARMUP_S
//   node driver.js applications USERS                   one OSAGO application per user, until all COMPLETED
//   node driver.js chats USERS N > chats.tsv            start N chats between distinct pairs of USERS: chatId<TAB>a<TAB>b
//   node driver.js chat-send rest|ws USERS CHATS SECONDS WARMUP_S   closed loop, 16 in flight
//   node driver.js chat-idle USERS CHATS IDLE SECONDS WARMUP_S PID  chat-send ws beside IDLE open sockets; PID's threads, RSS
//   node driver.js chat-e2e USERS CHATS RATE SECONDS WARMUP_S       send (REST and WS) until the companion's event
//   node driver.js chat-fill USERS CHATS MIN            send until every chat has at least MIN messages
//   node driver.js chat-history USERS CHATS LIMIT SECONDS WARMUP_S redis|clickhouse
//   node driver.js chat-hot USERS CHATS SECONDS WARMUP_S            closed loop on one chat, first vs last 10 %
//   node driver.js sample ORIGIN_MS > series.jsonl     the server's answers and p99 each second, until killed
//
// USERS files of the chat commands come from `register` (a chat needs registered members); a
// CHATS line names its members by their line number in USERS.
// BENCH_URL names the app; only 127.0.0.1 is accepted. BENCH_METRICS_URL (default BENCH_URL) names the
// instance whose /actuator/prometheus is read: behind an edge, the role that takes the load.

const http = require('node:http');
const fs = require('node:fs');
const os = require('node:os');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const { randomUUID } = require('node:crypto');
const { userHeaders, adminHeaders } = require('./auth');

const base = new URL(process.env.BENCH_URL || 'http://127.0.0.1:18081');
const metricsBase = new URL(process.env.BENCH_METRICS_URL || base);
for (const url of [base, metricsBase]) {
  if (url.hostname !== '127.0.0.1') throw new Error(`BENCH_URL and BENCH_METRICS_URL must point to 127.0.0.1, not ${url.hostname}`);
}
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const JSON_TYPE = { 'content-type': 'application/json' };
const CLIENTS = 16; // requests in flight in the closed-loop commands, as wrk's connections

// Resolves (never rejects) with {status, body}; status 0 is a socket error or a timeout (10 s by default).
function call(method, path, headers, body, timeoutMs = 10_000, origin = base) {
  return new Promise((resolve) => {
    const req = http.request(
      { host: origin.hostname, port: origin.port, method, path, agent, headers },
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

function userLine(id) {
  const headers = Object.entries(userHeaders(id)).map(([k, v]) => `${k}: ${v}`);
  return [id, ...headers].join('\t') + '\n';
}

function mint(n) {
  let out = '';
  for (let i = 0; i < n; i++) out += userLine(randomUUID());
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

// ------------------------------------------------------------------ chats

// Chats need registered members (the chat aggregate checks that both users exist), so these users
// go through POST /api/v1/auth/register (BCrypt: ~0.1 s of CPU each, hence few of them). The
// usernames carry a random tag: user and chat ids derive from them, and the Redis hot cache,
// which outlives the run's databases, must not mix two runs' chats. The tokens are minted like
// every other bench token (auth.js), for the ids the registration answered.
async function register(n) {
  const tag = randomUUID().slice(0, 8);
  const ids = new Array(n);
  const failures = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const username = `bench-${tag}-${i}`;
      const r = await call('POST', '/api/v1/auth/register', JSON_TYPE,
        JSON.stringify({ username, password: 'bench-password', email: `${username}@example.com` }));
      if (r.status === 201) ids[i] = JSON.parse(r.body).userId;
      else failures.push(`${r.status} ${r.body.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, worker));
  if (failures.length) throw new Error(`${failures.length} users not registered, first: ${failures[0]}`);
  fs.writeSync(1, ids.map(userLine).join(''));
}

function readChats(file) {
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => {
    const [chatId, a, b] = line.split('\t');
    return { chatId, topic: `chat:${chatId}`, members: [Number(a), Number(b)] };
  });
}

// Chat k is between user a = k mod U and a + 1 + floor(k / U): with U users every user is in the
// same number of chats (2N/U), and no pair repeats while N < U (U - 1) / 2.
async function chats(usersFile, count) {
  const users = readUsers(usersFile);
  const pairs = [];
  const seen = new Set();
  for (let k = 0; k < count; k++) {
    const a = k % users.length;
    const b = (a + 1 + Math.floor(k / users.length)) % users.length;
    const key = `${Math.min(a, b)}-${Math.max(a, b)}`;
    if (a === b || seen.has(key)) throw new Error(`${users.length} users make fewer than ${count} distinct pairs`);
    seen.add(key);
    pairs.push([a, b]);
  }
  const ids = new Array(count);
  const failures = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const k = next++;
      const [a, b] = pairs[k];
      const r = await call('POST', '/api/v1/chats', { ...users[a].headers, ...JSON_TYPE }, JSON.stringify({ companionId: users[b].id }));
      if (r.status === 201) ids[k] = JSON.parse(r.body).chatId;
      else failures.push(`${r.status} ${r.body.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, worker));
  if (failures.length) throw new Error(`${failures.length} chats not started, first: ${failures[0]}`);
  fs.writeSync(1, pairs.map(([a, b], k) => `${ids[k]}\t${a}\t${b}\n`).join(''));
}

// Resolves with {ok, detail}, never rejects.
async function sendRest(chat, user, text) {
  const r = await call('POST', `/api/v1/chats/${chat.chatId}/messages`, { ...user.headers, ...JSON_TYPE },
    JSON.stringify({ text, clientMessageId: randomUUID() }));
  return r.status === 202 ? { ok: true } : { ok: false, detail: `send ${r.status} ${r.body.slice(0, 200)}` };
}

// One user's WebSocket on /ws, authenticated with the same headers as its HTTP calls. send() and
// subscribe() resolve with {ok, detail} when the server answers ("sent" matched by
// clientMessageId, "subscribed" by topic) or after 10 s. An error frame names only the topic, so
// it answers the oldest open request on that topic. onEvent(payload, receivedAt) sees every event.
class ChatSocket {
  constructor(user) {
    this.user = user;
    this.pending = new Map(); // key -> {topic, settle}
    this.stray = []; // error frames that answered no open request
    this.onEvent = null;
  }

  open() {
    const WebSocket = require('ws'); // the only dependency; `npm ci` installs it
    return new Promise((resolve, reject) => {
      this.ws = new WebSocket(`ws://${base.host}/ws`, { headers: this.user.headers, perMessageDeflate: false });
      this.ws.once('open', resolve);
      this.ws.once('unexpected-response', (req, res) => reject(new Error(`WebSocket handshake answered ${res.statusCode}`)));
      this.ws.on('error', (e) => { reject(e); this.failAll(`socket error: ${e.message}`); });
      this.ws.on('close', () => this.failAll('socket closed'));
      this.ws.on('message', (data) => this.frame(JSON.parse(data.toString()), now()));
    });
  }

  frame(f, t) {
    if (f.type === 'event') {
      this.onEvent?.(f.payload, t);
    } else if (f.type === 'sent') {
      this.settle(`send ${f.payload?.clientMessageId}`, { ok: true });
    } else if (f.type === 'subscribed') {
      this.settle(`subscribe ${f.topic}`, { ok: true });
    } else if (f.type === 'error') {
      const oldest = [...this.pending].find(([, p]) => p.topic === f.topic);
      const detail = `error frame ${f.status} ${f.detail}`;
      if (oldest) this.settle(oldest[0], { ok: false, detail });
      else this.stray.push(`unexpected ${detail}`);
    }
  }

  request(key, topic, frame) {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(key, { ok: false, detail: `no answer to ${key.split(' ')[0]} within 10 s` }), 10_000);
      this.pending.set(key, { topic, settle: (r) => { clearTimeout(timer); resolve(r); } });
      this.ws.send(JSON.stringify(frame));
    });
  }

  settle(key, result) {
    const p = this.pending.get(key);
    if (p) {
      this.pending.delete(key);
      p.settle(result);
    }
  }

  failAll(detail) {
    for (const key of [...this.pending.keys()]) this.settle(key, { ok: false, detail });
  }

  send(topic, text) {
    const clientMessageId = randomUUID();
    return this.request(`send ${clientMessageId}`, topic, { type: 'send', topic, payload: { text, clientMessageId } });
  }

  subscribe(topic) {
    return this.request(`subscribe ${topic}`, topic, { type: 'subscribe', topic });
  }

  close() {
    this.ws.close();
  }
}

async function connect(users) {
  return Promise.all(users.map(async (user) => {
    const socket = new ChatSocket(user);
    await socket.open();
    return socket;
  }));
}

function latencyStats(ms) {
  ms.sort((a, b) => a - b);
  return { p50_ms: round(percentile(ms, 50)), p95_ms: round(percentile(ms, 95)), p99_ms: round(percentile(ms, 99)) };
}

// CLIENTS requests in flight: op(m) for m = 0, 1, 2... until WARMUP_S + SECONDS are over; the
// first WARMUP_S are not counted. Returns [t0, t1] of every successful request (warm-up included),
// the latencies of those started in the measured window, the window, and every error.
async function closedLoop(op, seconds, warmupS) {
  const start = now();
  const measureFrom = start + warmupS * 1000;
  const end = measureFrom + seconds * 1000;
  const samples = [];
  const errors = [];
  let next = 0;
  const cpu0 = process.cpuUsage();
  const worker = async () => {
    while (now() < end) {
      const m = next++;
      const t0 = now();
      const r = await op(m);
      const t1 = now();
      if (!r.ok) errors.push(r.detail);
      else samples.push([t0, t1]);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, worker));
  const cpu = process.cpuUsage(cpu0);
  return {
    samples, errors, total: samples.length, measureFrom, end,
    latencies: samples.filter(([t0]) => t0 >= measureFrom).map(([t0, t1]) => t1 - t0),
    // as wrk counts: requests completed within the measured seconds
    rps: round(samples.filter(([, t1]) => t1 >= measureFrom && t1 <= end).length / seconds, 1),
    driver_cpu: round((cpu.user + cpu.system) / 1e6 / ((now() - start) / 1000)),
  };
}

// Message m goes to chat m mod N, from its members in turn.
const sender = (list, m) => {
  const chat = list[m % list.length];
  return [chat, chat.members[Math.floor(m / list.length) % 2]];
};

async function chatSendLoad(mode, users, list, seconds, warmupS) {
  let send;
  let sockets = [];
  if (mode === 'rest') {
    send = (chat, u, text) => sendRest(chat, users[u], text);
  } else if (mode === 'ws') {
    sockets = await connect(users);
    send = (chat, u, text) => sockets[u].send(chat.topic, text);
  } else {
    throw new Error(`chat-send: mode is rest or ws, not ${mode}`);
  }
  const run = await closedLoop((m) => send(...sender(list, m), `bench message ${m}`), seconds, warmupS);
  sockets.forEach((s) => { run.errors.push(...s.stray); s.close(); });
  return {
    rps: run.rps,
    ...latencyStats(run.latencies),
    messages: run.total,
    chats: list.length,
    connections: mode === 'ws' ? sockets.length : CLIENTS,
    driver_cpu: run.driver_cpu,
    errors: run.errors.length,
    error_sample: run.errors[0],
  };
}

async function chatSend(mode, usersFile, chatsFile, seconds, warmupS) {
  console.log(JSON.stringify(await chatSendLoad(mode, readUsers(usersFile), readChats(chatsFile), seconds, warmupS)));
}

// IDLE sockets (spread over the users, subscribed to nothing) stay open on /ws while the chat-send
// ws load runs; the app's threads and RSS are sampled from /proc/PID every 500 ms. Every idle
// socket must still be open at the end (the app pings them; `ws` answers).
async function chatIdle(usersFile, chatsFile, idle, seconds, warmupS, pid) {
  const WebSocket = require('ws');
  const users = readUsers(usersFile);
  const errors = [];
  const idleSockets = [];
  let closed = 0;
  const t0 = now();
  for (let i = 0; i < idle; i += 500) {
    await Promise.all(Array.from({ length: Math.min(500, idle - i) }, (_, k) => new Promise((resolve) => {
      const ws = new WebSocket(`ws://${base.host}/ws`, { headers: users[(i + k) % users.length].headers, perMessageDeflate: false });
      ws.once('open', () => { idleSockets.push(ws); resolve(); });
      ws.once('unexpected-response', (req, res) => { errors.push(`idle handshake ${res.statusCode}`); resolve(); });
      ws.on('error', (e) => { errors.push(`idle socket: ${e.message}`); resolve(); });
      ws.on('close', () => { closed++; });
    })));
  }
  const openSeconds = round((now() - t0) / 1000, 1);
  let maxThreads = 0;
  let maxRss = 0;
  const sample = () => {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    maxThreads = Math.max(maxThreads, Number(/^Threads:\s+(\d+)/m.exec(status)[1]));
    maxRss = Math.max(maxRss, Number(/^VmRSS:\s+(\d+)/m.exec(status)[1]) / 1024);
  };
  sample();
  const sampler = setInterval(sample, 500);
  const load = await chatSendLoad('ws', users, readChats(chatsFile), seconds, warmupS);
  clearInterval(sampler);
  sample();
  const open = idleSockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
  if (open < idle) errors.push(`${idle - open} of ${idle} idle sockets not open at the end (${closed} closed)`);
  idleSockets.forEach((ws) => ws.terminate());
  console.log(JSON.stringify({
    ...load,
    idle_sockets: idle,
    idle_open_at_end: open,
    idle_open_seconds: openSeconds,
    max_threads: maxThreads,
    max_rss_mib: Math.round(maxRss),
    errors: load.errors + errors.length,
    error_sample: load.error_sample ?? errors[0],
  }));
}

// One chat, written by both members in turn as fast as CLIENTS requests in flight allow. The
// first and the last 10 % of the measured time (requests completed in each) are compared: a chat
// that gets slower to write to as its history grows shows ratios below 1 (throughput) or above
// 1 (p99).
async function chatHot(usersFile, chatsFile, seconds, warmupS) {
  const users = readUsers(usersFile);
  const list = readChats(chatsFile).slice(0, 1);
  const run = await closedLoop((m) => {
    const [chat, u] = sender(list, m);
    return sendRest(chat, users[u], `hot message ${m}`);
  }, seconds, warmupS);
  const tenth = (run.end - run.measureFrom) / 10;
  const windowStats = (from, to) => { // the requests completed in [from, to)
    const ms = run.samples.filter(([, t1]) => t1 >= from && t1 < to).map(([t0, t1]) => t1 - t0);
    return { rps: round(ms.length / (tenth / 1000), 1), ...latencyStats(ms) };
  };
  const first = windowStats(run.measureFrom, run.measureFrom + tenth);
  const last = windowStats(run.end - tenth, run.end);
  console.log(JSON.stringify({
    rps: run.rps,
    ...latencyStats(run.latencies),
    chat_id: list[0].chatId,
    messages: run.total,
    first_rps: first.rps,
    first_p99_ms: first.p99_ms,
    last_rps: last.rps,
    last_p99_ms: last.p99_ms,
    rps_ratio: first.rps ? round(last.rps / first.rps) : null,
    p99_ratio: first.p99_ms ? round(last.p99_ms / first.p99_ms) : null,
    driver_cpu: run.driver_cpu,
    errors: run.errors.length,
    error_sample: run.errors[0],
  }));
}

// Every member keeps one socket subscribed to all its chats. At a constant RATE (open loop, as
// `lag`), message m is sent to chat m mod N by its members in turn, every other one through REST
// and WebSocket; the latency counts from its scheduled send time until the companion's socket
// receives the event. A message whose event has not arrived 10 s after the last send is lost (an
// error).
async function chatE2e(usersFile, chatsFile, rate, seconds, warmupS) {
  const users = readUsers(usersFile);
  const list = readChats(chatsFile);
  const sockets = await connect(users);
  const errors = [];
  const subscribed = await Promise.all(list.flatMap((chat) => chat.members.map((u) => sockets[u].subscribe(chat.topic))));
  const refused = subscribed.filter((r) => !r.ok);
  if (refused.length) throw new Error(`${refused.length} subscriptions refused, first: ${refused[0].detail}`);

  const unreceived = new Map(); // m -> {scheduled, via}: sent, its event not received yet
  const latency = { all: [], rest: [], ws: [] };
  const ack = [];
  let sent = 0;
  let inFlight = 0;
  let backlogged = 0;
  let receivedInWindow = 0;
  const maxInFlight = rate; // one second of backlog
  const start = now();
  const measureFrom = start + warmupS * 1000;
  const end = measureFrom + seconds * 1000;
  const cpu0 = process.cpuUsage();
  sockets.forEach((socket, u) => {
    socket.onEvent = (payload, t) => {
      if (payload.senderId === users[u].id) return; // the sender's own copy
      const m = Number(/^e2e (\d+)$/.exec(payload.text ?? '')?.[1]);
      const message = unreceived.get(m);
      if (!message) return;
      unreceived.delete(m);
      if (message.scheduled >= measureFrom) {
        latency.all.push(t - message.scheduled);
        latency[message.via].push(t - message.scheduled);
      }
      if (t >= measureFrom && t <= end) receivedInWindow++;
    };
  });
  const sends = new Set();
  const fire = (m, scheduled) => {
    const round_ = Math.floor(m / list.length);
    const [chat, u] = sender(list, m);
    const via = (m + round_) % 2 ? 'ws' : 'rest';
    const text = `e2e ${m}`;
    unreceived.set(m, { scheduled, via });
    inFlight++;
    const p = (via === 'ws' ? sockets[u].send(chat.topic, text) : sendRest(chat, users[u], text)).then((r) => {
      inFlight--;
      if (!r.ok) {
        unreceived.delete(m);
        errors.push(`${via} ${r.detail}`);
      } else if (scheduled >= measureFrom) ack.push(now() - scheduled);
    }).finally(() => sends.delete(p));
    sends.add(p);
  };
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const t = Math.min(now(), end);
      for (const due = Math.floor(((t - start) / 1000) * rate); sent < due; sent++) {
        if (inFlight >= maxInFlight) backlogged++;
        else fire(sent, start + (sent * 1000) / rate);
      }
      if (t >= end) { clearInterval(timer); resolve(); }
    }, 1);
  });
  await Promise.allSettled([...sends]);
  for (const waitUntil = now() + 10_000; unreceived.size > 0 && now() < waitUntil;) await sleep(20);
  if (unreceived.size > 0) errors.push(`${unreceived.size} messages sent but never received by the companion`);
  const cpu = process.cpuUsage(cpu0);
  sockets.forEach((s) => { errors.push(...s.stray); s.close(); });

  const rest = latencyStats(latency.rest);
  const ws = latencyStats(latency.ws);
  const acks = latencyStats(ack);
  console.log(JSON.stringify({
    rps: round(receivedInWindow / seconds, 1),
    offered_rps: rate,
    ...latencyStats(latency.all),
    latency_max_ms: round(latency.all[latency.all.length - 1]),
    received: latency.all.length,
    rest_p50_ms: rest.p50_ms,
    rest_p99_ms: rest.p99_ms,
    ws_p50_ms: ws.p50_ms,
    ws_p99_ms: ws.p99_ms,
    ack_p50_ms: acks.p50_ms,
    ack_p99_ms: acks.p99_ms,
    lost: unreceived.size,
    backlogged,
    subscriptions: subscribed.length,
    driver_cpu: round((cpu.user + cpu.system) / 1e6 / ((now() - start) / 1000)),
    errors: errors.length,
    error_sample: errors[0],
  }));
}

async function historyPage(chat, user, limit) {
  const r = await call('GET', `/api/v1/chats/${chat.chatId}/messages?limit=${limit}`, user.headers);
  if (r.status !== 200) return { ok: false, detail: `history ${r.status} ${r.body.slice(0, 200)}` };
  return { ok: true, messages: JSON.parse(r.body) };
}

// Tops every chat up to MIN messages (a newest page of 200 tells how many it has, up to 200).
async function chatFill(usersFile, chatsFile, min) {
  const users = readUsers(usersFile);
  const list = readChats(chatsFile);
  if (min > 200) throw new Error('chat-fill counts up to 200 messages');
  const missing = [];
  let next = 0;
  const count = async () => {
    while (next < list.length) {
      const chat = list[next++];
      const r = await historyPage(chat, users[chat.members[0]], 200);
      if (!r.ok) throw new Error(r.detail);
      missing.push([chat, Math.max(0, min - r.messages.length)]);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, count));
  const tasks = [];
  for (let i = 0; missing.some(([, n]) => n > i); i++) {
    for (const [chat, n] of missing) if (n > i) tasks.push([chat, chat.members[i % 2]]);
  }
  next = 0;
  const failures = [];
  const send = async () => {
    while (next < tasks.length) {
      const [chat, u] = tasks[next++];
      const r = await sendRest(chat, users[u], `history message ${next}`);
      if (!r.ok) failures.push(r.detail);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, send));
  if (failures.length) throw new Error(`${failures.length} messages not sent, first: ${failures[0]}`);
  console.log(`sent ${tasks.length} messages: ${list.length} chats have at least ${min}`);
}

// policyhub_chats_history_pages_total by source, from the app's Prometheus endpoint.
async function historyPages() {
  const r = await call('GET', '/actuator/prometheus', {}, undefined, 10_000, metricsBase);
  if (r.status !== 200) throw new Error(`GET /actuator/prometheus: ${r.status}`);
  const pages = {};
  for (const line of r.body.split('\n')) {
    const m = /^policyhub_chats_history_pages_total\{([^}]*)\}\s+(\S+)/.exec(line);
    const source = m && /source="([^"]+)"/.exec(m[1])?.[1];
    if (source) pages[source] = (pages[source] ?? 0) + Number(m[2]);
  }
  if (!('redis' in pages && 'clickhouse' in pages)) throw new Error('no policyhub_chats_history_pages_total{source=redis|clickhouse} in /actuator/prometheus');
  return pages;
}

// Newest pages of LIMIT messages, round robin over the chats, read by their members in turn. The
// page counter of the app must show that SOURCE served every page; any page the other store
// served is an error (the row would not measure what it says).
async function chatHistory(usersFile, chatsFile, limit, seconds, warmupS, source) {
  const users = readUsers(usersFile);
  const list = readChats(chatsFile);
  const other = { redis: 'clickhouse', clickhouse: 'redis' }[source];
  if (!other) throw new Error(`chat-history: source is redis or clickhouse, not ${source}`);
  const before = await historyPages();
  const run = await closedLoop(async (m) => {
    const [chat, u] = sender(list, m);
    const r = await historyPage(chat, users[u], limit);
    if (r.ok && r.messages.length !== limit) return { ok: false, detail: `a page of ${r.messages.length} messages, not ${limit}` };
    return r;
  }, seconds, warmupS);
  const after = await historyPages();
  const served = { redis: after.redis - before.redis, clickhouse: after.clickhouse - before.clickhouse };
  if (served[other] > 0) run.errors.push(`${served[other]} of ${run.total} pages served by ${other}, not ${source}`);
  else if (served[source] < run.total) run.errors.push(`${source} served ${served[source]} of ${run.total} pages`);
  console.log(JSON.stringify({
    rps: run.rps,
    ...latencyStats(run.latencies),
    limit,
    source,
    pages: run.total,
    served_by_redis: served.redis,
    served_by_clickhouse: served.clickhouse,
    chats: list.length,
    driver_cpu: run.driver_cpu,
    errors: run.errors.length,
    error_sample: run.errors[0],
  }));
}

// The http.server.requests histogram of the app's Prometheus endpoint, summed over every series but
// the endpoint's own: cumulative count per upper bound (seconds; +Inf last).
async function requestHistogram() {
  const r = await call('GET', '/actuator/prometheus?includedNames=http_server_requests_seconds', {}, undefined, 900, metricsBase);
  if (r.status !== 200) return null;
  const buckets = new Map();
  for (const line of r.body.split('\n')) {
    const m = /^http_server_requests_seconds_bucket\{(.*)\}\s+(\S+)$/.exec(line); // a uri template has braces too
    if (!m || /uri="\/actuator/.test(m[1])) continue;
    const le = /le="([^"]+)"/.exec(m[1])[1];
    buckets.set(le, (buckets.get(le) ?? 0) + Number(m[2]));
  }
  return [...buckets].map(([le, count]) => [le === '+Inf' ? Infinity : Number(le), count]).sort((a, b) => a[0] - b[0]);
}

// The q-quantile in ms of the answers between two histograms, interpolated within its bucket.
function quantileBetween(before, after, q) {
  const counts = after.map(([le, count], i) => [le, count - (before.find(([l]) => l === le)?.[1] ?? 0)]);
  const total = counts.at(-1)?.[1] ?? 0;
  if (total <= 0) return null;
  const wanted = q * total;
  let lower = 0, below = 0;
  for (const [le, cumulative] of counts) {
    if (cumulative >= wanted) {
      if (le === Infinity) return lower * 1000;
      return (lower + (le - lower) * (wanted - below) / Math.max(cumulative - below, 1)) * 1000;
    }
    if (le !== Infinity) [lower, below] = [le, cumulative];
  }
  return lower * 1000;
}

// Once a second, the answers the app gave (but to its metrics endpoint) and their p99 as the server
// measured them, from its histogram: what the plot draws over time. ORIGIN_MS is the epoch time the
// seconds count from (the first-minute scenario: the app's process start); while the app does not
// answer, a line says so, and a restart (counters back to 0) starts the differences afresh.
async function sample(originMs) {
  let previous = null;
  for (let next = Date.now() + 1000; ; next += 1000) {
    await sleep(Math.max(0, next - Date.now()));
    const histogram = await requestHistogram().catch(() => null);
    const at = Date.now();
    const t = round((at - originMs) / 1000, 1);
    if (!histogram) {
      console.log(JSON.stringify({ t, up: false }));
      previous = null;
      continue;
    }
    const count = histogram.at(-1)?.[1] ?? 0;
    if (previous && count >= previous.count) {
      console.log(JSON.stringify({
        t,
        up: true,
        rps: round((count - previous.count) / ((at - previous.at) / 1000), 1),
        p99_ms: round(quantileBetween(previous.histogram, histogram, 0.99)),
      }));
    }
    previous = { histogram, count, at };
  }
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
    case 'register': return register(Number(args[0]));
    case 'chats': return chats(args[0], Number(args[1]));
    case 'chat-send': return chatSend(args[0], args[1], args[2], Number(args[3]), Number(args[4]));
    case 'chat-idle': return chatIdle(args[0], args[1], ...args.slice(2).map(Number));
    case 'chat-hot': return chatHot(args[0], args[1], Number(args[2]), Number(args[3]));
    case 'chat-e2e': return chatE2e(args[0], args[1], ...args.slice(2).map(Number));
    case 'chat-fill': return chatFill(args[0], args[1], Number(args[2]));
    case 'chat-history': return chatHistory(args[0], args[1], Number(args[2]), Number(args[3]), Number(args[4]), args[5]);
    case 'sample': return sample(Number(args[0]));
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
