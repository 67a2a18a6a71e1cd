#!/usr/bin/env node
'use strict';
// Turns one run's meta.tsv and scenarios.jsonl (written by bench.sh) into the Markdown table and
// the JSON report, and prints the Markdown.
//
//   node report.js META_TSV SCENARIOS_JSONL OUT_MD OUT_JSON

const fs = require('node:fs');

const [metaFile, scenariosFile, mdFile, jsonFile] = process.argv.slice(2);
const meta = Object.fromEntries(
  fs.readFileSync(metaFile, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t')),
);
const runs = fs.readFileSync(scenariosFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const byName = Object.fromEntries(runs.map((s) => [s.name, s]));

// The performance goals, checked against this run (they do not fail the run).
const RSS_LIMIT_MIB = 1024;
const targets = {
  'deposit-many': { text: '>= 50 %, p99 < 50 ms', met: (s) => s.ratio_pct >= 50 && s.p99_ms < 50 },
  'deposit-hot': { text: '>= 10 %', met: (s) => s.ratio_pct >= 10 },
  'projection-lag': { text: 'p99 < 250 ms', met: (s) => s.p99_ms < 250 },
  replay: { text: '>= 20,000 events/s', met: (s) => s.ops_per_s >= 20000 },
  // "a hot chat must not get slower to write to": the last 10 % of the run against the first, with
  // a margin for the noise of 2-second windows on a shared machine
  'first-minute': {
    text: '80 % of the warm rate within 30 s of the process start',
    met: (s) => s.raw.reach_80_s != null && s.raw.reach_80_s <= 30,
  },
  'chat-hot-writes': {
    text: 'no slowdown (last/first 10 %: ops >= 0.8, p99 <= 1.25)',
    met: (s) => s.raw.rps_ratio >= 0.8 && s.raw.p99_ratio <= 1.25,
  },
};

const n = (v) => (v == null ? '?' : v.toLocaleString('en-US'));
// what an Axon Server scenario reaches of Axon Server's own append rate in the same run
const appendShare = (r) => {
  const append = byName['axonserver-append']?.result?.rps;
  return append ? `${((100 * r.rps) / append).toFixed(1)} % of Axon Server's own append rate (axonserver-append)` : 'no axonserver-append in this run';
};

// what deposit-many reaches of a request without the command (deposit-rejected, balance-read) in the same run
const depositShare = (r) => {
  const deposits = byName['deposit-many']?.result?.rps;
  return deposits ? `deposit-many reaches ${((100 * deposits) / r.rps).toFixed(1)} % of it` : 'no deposit-many in this run';
};

const NOTES = {
  'pgbench-c16': () => 'one single-row INSERT per transaction, 16 clients, fsync on: the command-path reference',
  'pgbench-c1': () => 'the same with 1 client',
  'deposit-many': (r) => `POST deposit over HTTP, 16 connections, round robin over 1,000 accounts; ${r.requests.toLocaleString("en-US")} requests`,
  'deposit-hot': (r) => `POST deposit over HTTP, 16 connections, all on one account; ${r.requests.toLocaleString("en-US")} requests`,
  'deposit-rejected': (r) =>
    `deposit-many's request with an amount of 0, answered 400 problem+json by validation (no command): ` +
    `the same connections, tokens, session check and body; ${r.requests.toLocaleString("en-US")} requests; ${depositShare(r)}`,
  'balance-read': (r) =>
    `GET /api/v1/accounts/me over HTTP, 16 connections, round robin over deposit-many's 1,000 accounts: the same ` +
    `tokens and session check; instead of the command the aggregate's last sequence number and one indexed read (read-your-writes); ${r.requests.toLocaleString("en-US")} requests; ` +
    depositShare(r),
  'open-account': (r) => `POST /api/v1/accounts with a new user each time, 16 connections; ${r.requests.toLocaleString("en-US")} requests`,
  'projection-lag': (r) =>
    `percentiles are the lag (deposit 2xx until GET /me shows it; ${r.probes} probes, max ${r.lag_max_ms} ms); ` +
    `background: ${r.rps}/s achieved of ${r.offered_rps}/s offered, deposit p50 ${r.deposit_p50_ms} ms ` +
    `p99 ${r.deposit_p99_ms} ms, ${r.backlogged} not sent for backlog; driver CPU ${r.driver_cpu}`,
  'batch-insert': (r) => `one INSERT ... SELECT of ${r.rows} rows shaped like account_balance (same indexes): the replay reference`,
  replay: (r) => `rebuild of the balance read model from ${r.events} events, ${r.seconds} s`,
  'osago-applications': (r) =>
    `${r.applications} OSAGO applications (16 at a time) fanned out to the simulator's 5 insurers; percentiles are ` +
    `submit-to-COMPLETED times, ops/s completed applications per second; ${r.seconds} s in all`,
  'chat-send-rest': (r) =>
    `POST /api/v1/chats/{id}/messages (202), 16 in flight, round robin over ${r.chats} chats of registered users; ` +
    `${n(r.messages)} messages with the warm-up`,
  'chat-send-ws': (r) =>
    `WebSocket send frames, 16 in flight over ${r.connections} sockets, the same ${r.chats} chats; latency until the ` +
    `"sent" ack; ${n(r.messages)} messages with the warm-up`,
  'chat-ws-idle': (r) =>
    `chat-send-ws again while ${n(r.idle_sockets)} idle sockets stay open on /ws (opened in ${r.idle_open_seconds} s; ` +
    `${n(r.idle_open_at_end)} still open at the end); the app's peak: ${r.max_threads} threads, ${n(r.max_rss_mib)} MiB RSS ` +
    `(targets: under 300 threads, 1,536 MiB)`,
  'chat-e2e-latency': (r) =>
    `percentiles from the scheduled send until the companion's socket received the event, at ${r.offered_rps} ` +
    `messages/s offered (${r.rps}/s received), half REST (p50 ${r.rest_p50_ms} ms, p99 ${r.rest_p99_ms} ms), half ` +
    `WebSocket (p50 ${r.ws_p50_ms} ms, p99 ${r.ws_p99_ms} ms); send answered p50 ${r.ack_p50_ms} ms p99 ` +
    `${r.ack_p99_ms} ms; ${n(r.received)} messages, max ${r.latency_max_ms} ms, ${r.lost} lost, ${r.backlogged} not ` +
    `sent for backlog; ${r.subscriptions} subscriptions`,
  'chat-history-hot': (r) =>
    `GET newest ${r.limit} messages, 16 in flight, ${r.chats} chats of >= 200 messages; pages served by Redis ` +
    `${n(r.served_by_redis)}, by ClickHouse ${n(r.served_by_clickhouse)} (policyhub_chats_history_pages_total)`,
  'chat-history-cold': (r) =>
    `GET newest ${r.limit} messages (more than the hot cache's 100), the same chats; pages served by ClickHouse ` +
    `${n(r.served_by_clickhouse)}, by Redis ${n(r.served_by_redis)}`,
  'first-minute': (r) =>
    `the app restarted, deposits as in deposit-many from its readiness (${r.ready_s} s after the process start) until ` +
    `60 s after it; 80 % of the warm rate (${n(r.warm_rps)}/s) held for 3 s ` +
    `${r.reach_80_s == null ? 'at no point of the minute' : `from ${r.reach_80_s} s on`}; ` +
    `${n(r.requests)} requests (the curve: latest.svg)`,
  'axonserver-append': (r) =>
    `Axon Server's own append rate: ${r.clients} threads of the Axon Server connector, each appending one deposit-sized ` +
    `event at a time to an aggregate of its own (bench/AxonServerAppend.java), with the app stopped; ${n(r.requests)} appends`,
  'axonserver-deposit-many': (r) => `deposit-many on Axon Server; ${appendShare(r)}`,
  'axonserver-open-account': (r) => `open-account on Axon Server; ${appendShare(r)}`,
  'axonserver-chat-send-rest': (r) => `chat-send-rest on Axon Server; ${appendShare(r)}`,
  'distributed-deposit-many': (r) => {
    const local = byName['deposit-many']?.result?.rps;
    return `deposit-many through the edge (nginx) on the four roles, each in a JVM of its own around Axon Server ` +
      `(scripts/distributed.sh), against axonserver-deposit-many (one JVM); ` +
      `${local ? `${((100 * r.rps) / local).toFixed(1)} % of deposit-many in the local mode` : 'no deposit-many in this run'}; ` +
      `${appendShare(r)}; the app columns are the command role's`;
  },
  'chat-hot-writes': (r) =>
    `POST messages into one chat, 16 in flight: ${n(r.messages)} messages with the warm-up; last 10 % vs first 10 % of the run: ` +
    `${r.last_rps} vs ${r.first_rps} ops/s (ratio column), p99 ${r.last_p99_ms} vs ${r.first_p99_ms} ms ` +
    `(${r.p99_ratio}); ${r.chat_events} events, latest snapshot at sequence ${n(r.snapshot_sequence)}`,
};

const scenarios = runs.map((s) => {
  const r = s.result ?? {};
  // chat-hot-writes is its own reference: its last 10 % against its first 10 %
  const ownReference = r.first_rps != null && r.last_rps != null;
  const ref = ownReference ? r.first_rps : s.reference ? byName[s.reference]?.result?.rps : undefined;
  const ratioOf = ownReference ? r.last_rps : r.rps;
  const failed = s.exit_code !== 0 || !s.result || r.errors > 0;
  const row = {
    name: s.name,
    failed,
    ops_per_s: r.rps ?? null,
    p50_ms: r.p50_ms ?? null,
    p95_ms: r.p95_ms ?? null,
    p99_ms: r.p99_ms ?? null,
    errors: r.errors ?? null,
    error_sample: r.error_sample || null,
    app_cpu_cores: s.app_cpu,
    app_peak_rss_mib: s.app_rss_mib,
    postgres_cpu_cores: s.pg_cpu,
    // ClickHouse (router and shards) and Redis of scripts/infra.sh: the chat history and hot cache
    clickhouse_redis_cpu_cores: s.stores_cpu ?? null,
    loadgen_cpu_cores: s.loadgen_cpu,
    host_cpu_cores: s.host_cpu,
    // whatever else ran on the machine: a build or test run here disturbs every figure
    other_cpu_cores: Number(Math.max(0,
      s.host_cpu - (s.app_cpu ?? 0) - s.pg_cpu - (s.stores_cpu ?? 0) - s.loadgen_cpu).toFixed(2)),
    seconds: s.seconds,
    reference: ownReference ? 'its first 10 %' : s.reference,
    reference_ops_per_s: ref ?? null,
    ratio_pct: ref && ratioOf != null ? Number(((100 * ratioOf) / ref).toFixed(1)) : null,
    note: failed || !NOTES[s.name] ? null : NOTES[s.name](r),
    raw: s.result,
  };
  const target = targets[s.name];
  if (target) row.target = { goal: target.text, met: !failed && target.met(row) };
  if (s.app_rss_mib != null) row.rss_under_1_gib = s.app_rss_mib < RSS_LIMIT_MIB;
  return row;
});

const OTHER_CPU_WARNING = 0.2;
const disturbed = Math.max(...scenarios.map((s) => s.other_cpu_cores));
const dash = (v, suffix = '') => (v == null ? '—' : `${v.toLocaleString('en-US')}${suffix}`);
const lines = [
  `# PolicyHub benchmark, ${meta.date}`,
  '',
  `- machine: ${meta.cpus} × ${meta.cpu_model}, ${meta.ram_gib} GiB RAM, Linux ${meta.kernel}`,
  `- PostgreSQL ${meta.postgresql} (fsync on, same server for references and app), ${meta.java}, JVM options \`${(meta.jvm_options ?? '?').trim()}\`` +
    (meta.app_launch ? `; scripts/app.sh: ${meta.app_launch}` : ''),
  `- chats: ClickHouse ${meta.clickhouse ?? '?'} (router + 3 shards), Redis ${meta.redis ?? '?'}`,
  `- load: ${meta.wrk} (closed loop), Node ${meta.node} driver (constant rate, chats over REST and WebSocket); all on 127.0.0.1, ` +
    'sharing the cores with the app and PostgreSQL',
  `- commit ${meta.commit}`,
  '',
  ...(disturbed > OTHER_CPU_WARNING
    ? [`**Warning: other processes used up to ${disturbed} cores during the run (column "other CPU"); ` +
       'these figures are disturbed, run again on an idle machine.**', '']
    : []),
  '| scenario | ops/s | p50 ms | p95 ms | p99 ms | app CPU | app peak RSS MiB | PostgreSQL CPU | ClickHouse + Redis CPU | load-gen CPU | other CPU | reference | reference ops/s | ratio | target |',
  '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|---|',
  ...scenarios.map((s) => '| ' + [
    s.failed ? `**${s.name}: FAILED** (${s.errors ?? '?'} errors)` : s.name,
    dash(s.ops_per_s), dash(s.p50_ms), dash(s.p95_ms), dash(s.p99_ms),
    dash(s.app_cpu_cores), dash(s.app_peak_rss_mib), dash(s.postgres_cpu_cores), dash(s.clickhouse_redis_cpu_cores),
    dash(s.loadgen_cpu_cores),
    dash(s.other_cpu_cores),
    s.reference ?? '—', dash(s.reference_ops_per_s), dash(s.ratio_pct, ' %'),
    s.target ? `${s.target.goal}: ${s.target.met ? 'met' : 'missed'}` : '—',
  ].join(' | ') + ' |'),
  '',
  ...scenarios.map((s) => `- **${s.name}**: ${s.failed ? `FAILED, first error: ${s.error_sample ?? 'no result (see bench/results/run/)'}` : s.note}`),
  '',
  `CPU columns are average cores busy during the scenario (of ${meta.cpus}); "other" is the rest of ` +
    `the machine. App peak RSS target < 1 GiB: ${scenarios.every((s) => s.rss_under_1_gib !== false) ? 'met' : 'missed'}. ` +
    'Figures vary run to run by ±30 %: compare only within one run.',
];
const markdown = lines.join('\n') + '\n';

fs.writeFileSync(mdFile, markdown);
fs.writeFileSync(jsonFile, JSON.stringify({ meta, scenarios }, null, 2) + '\n');
process.stdout.write(markdown);
