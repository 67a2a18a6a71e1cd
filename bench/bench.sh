#!/usr/bin/env bash
# `make bench`: the durable-commit reference (pgbench) and the PolicyHub scenarios, all in one run
# on 127.0.0.1, on a fresh database. Prints a Markdown table and writes bench/results/latest.md
# and latest.json; raw outputs and the app log go to bench/results/run/. Exits non-zero when the
# app does not start or any scenario saw an error. See bench/README.md.
#
#   bench/bench.sh [JAR]      (default app/target/policyhub.jar; the jar is copied first, so a
#                              concurrent rebuild cannot break the run)
#
# Knobs (environment): BENCH_SECONDS (measured seconds per HTTP scenario, 20),
# BENCH_PGBENCH_SECONDS (15), BENCH_PORT (18081), BENCH_SCENARIOS (which scenarios to run: names,
# shell patterns or name prefixes, separated by commas or spaces, e.g. "chat" or
# "pgbench-c16,chat-send-*"; default all of them), JAVA_OPTS (the app's JVM options; default the
# Makefile's, as `make run` uses), BENCH_APP_ARGS / BENCH_JAVA_OPTS (extra
# arguments / JVM options for the app, for A/B runs, e.g. "--policyhub.event-store.group-commit=false"),
# AXONSERVER_JAR (the Axon Server jar: with it, deposits, account opening and chat sends are measured
# once more in the distributed mode's event store, scenarios axonserver-*, against an Axon Server of
# the run's own; without it they are reported as skipped; and distributed-deposit-many, the four roles
# of scripts/distributed.sh behind the edge).
set -euo pipefail

BENCH_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd -- "$BENCH_DIR/.." && pwd)
JAR=${1:-$ROOT/app/target/policyhub.jar}

LOAD_SECONDS=${BENCH_SECONDS:-20}
PGBENCH_SECONDS=${BENCH_PGBENCH_SECONDS:-15}
PORT=${BENCH_PORT:-18081}
# the JVM options of `make run` (the Makefile's JAVA_OPTS), so the bench measures what runs
APP_JAVA_OPTS=${JAVA_OPTS:-$(make -s --no-print-directory -C "$ROOT" java-opts)}
CLIENTS=16          # concurrency of every closed-loop scenario and of the pgbench reference
WRK_THREADS=1       # one wrk thread drives 16 connections easily and leaves the cores to the app
ACCOUNTS=1000       # accounts of deposit-many and of the projection-lag background load
LAG_RATE=1000       # deposits/s offered during projection-lag
PROBE_RATE=20       # read-your-writes probes/s during projection-lag
APPLICATIONS=200    # OSAGO applications of osago-applications (5 insurer calls each)
WARMUP_ROUND=5      # warm-up before the first measured scenario, not recorded: rounds of this many
WARMUP_MIN=20       # seconds of deposits, at least WARMUP_MIN and at most WARMUP_MAX seconds in all,
WARMUP_MAX=90       # until the JIT compiler has gone quiet (on 2 cores C2 compiles ~0.8 of a core
WARMUP_QUIET=5      # for the first 30-40 s): under WARMUP_QUIET % of a core compiling in a round
IDLE_SOCKETS=10000  # chat-ws-idle: sockets held open on /ws, idle, while chat-send-ws runs again
CHAT_USERS=40       # registered users of the chat scenarios, each a member of 2 * CHATS / CHAT_USERS chats
CHATS=200           # chats of chat-send-rest, chat-send-ws and chat-e2e-latency
CHAT_RATE=200       # messages/s offered during chat-e2e-latency
CHAT_WARMUP_SECONDS=3                       # each chat scenario starts with this, not recorded
HISTORY_CHATS=50    # chats of chat-history-*, each topped up to HISTORY_MESSAGES first
HISTORY_MESSAGES=200                        # more than the Redis hot cache holds (100 per chat)
HISTORY_SECONDS=$(((LOAD_SECONDS + 1) / 2)) # each of chat-history-hot and chat-history-cold
HOT_CHAT_SECONDS=$((LOAD_SECONDS + 5))      # chat-hot-writes: ~1,000 messages/s into one chat
FIRST_MINUTE_SECONDS=60                     # first-minute: deposits from readiness until this long after the process start
ALL_SCENARIOS=(pgbench-c16 pgbench-c1 deposit-many deposit-hot deposit-rejected balance-read open-account projection-lag batch-insert replay
  osago-applications chat-send-rest chat-send-ws chat-ws-idle chat-e2e-latency chat-history-hot chat-history-cold chat-hot-writes
  first-minute
  axonserver-deposit-many axonserver-open-account axonserver-chat-send-rest axonserver-append
  distributed-deposit-many)

DB=policyhub_bench  # the PostgreSQL and the ClickHouse database of the run (${DB}_axon: of its Axon Server part)
AS_HTTP_PORT=18028  # the run's own Axon Server
AS_GRPC_PORT=18228
PG_CONN=(-h 127.0.0.1 -p 15432 -U policyhub)
CH_PORTS=(18123 18124 18125 18126) # HTTP ports of scripts/infra.sh's ClickHouse: router, then the shards
REDIS_PORT=16379
PSQL=(env PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 "${PG_CONN[@]}")
DRIVER=(node "$BENCH_DIR/driver.js")
export PGPASSWORD=policyhub
export BENCH_URL=http://127.0.0.1:$PORT
export AXONIQ_UPDATE_CHECKER_DISABLED=true

LOCAL_DIR=${POLICYHUB_LOCAL_DIR:-$ROOT/.local}
PG_PID_FILE=$LOCAL_DIR/pg/data/postmaster.pid # scripts/infra.sh's PostgreSQL
STORE_PID_FILES=("$LOCAL_DIR"/clickhouse/{router,shard1,shard2,shard3}/clickhouse.pid "$LOCAL_DIR/redis/redis.pid")
RESULTS=$BENCH_DIR/results
RUN=$RESULTS/run
CLK_TCK=$(getconf CLK_TCK)
APP_PID=""
LOADER_PID=""
SAMPLER_PID=""
SERIES_ORIGIN_MS="" # where a scenario's time series counts from: its start, unless set (first-minute: the process start)
SIMULATOR_STARTED=false
DISTRIBUTED_UP=false
CREATED_DATABASES=()
AS_PID=""
TMP=""
STARTED=$EPOCHREALTIME

# Messages go to the stderr we were started with, also from the trap while a scenario's own
# stderr is redirected to its file.
exec 3>&2
log() { printf '[bench] %s\n' "$*" >&3; }
die() { printf '[bench] ERROR: %s\n' "$*" >&3; exit 1; }
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }

# ------------------------------------------------------------------ setup and teardown

cleanup() {
  local status=$?
  if [[ -n $LOADER_PID ]]; then kill "$LOADER_PID" 2>/dev/null || true; fi
  stop_sampler
  stop_app
  stop_axonserver
  if [[ $DISTRIBUTED_UP == true ]]; then "$ROOT/scripts/distributed.sh" down >/dev/null 2>&1 || true; fi
  if [[ $SIMULATOR_STARTED == true ]]; then "$ROOT/scripts/simulator.sh" stop >/dev/null 2>&1 || true; fi
  # The run leaves no database behind (the event store grows by ~100k events per run), and no
  # chat in the Redis hot cache (its keys would otherwise stay a week).
  local db
  for db in "${CREATED_DATABASES[@]}"; do
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>/dev/null || true
    clickhouse_all "DROP DATABASE IF EXISTS $db" 2>/dev/null || true
  done
  if [[ -n $TMP ]] && compgen -G "$TMP/chats-*.tsv" >/dev/null; then
    cut -f1 "$TMP"/chats-*.tsv | sed 's/^/chat-recent:/' |
      xargs -r -n 500 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" DEL >/dev/null 2>&1 || true
  fi
  [[ -n $TMP ]] && rm -rf "$TMP"
  log "finished in $(calc "$EPOCHREALTIME - $STARTED" 0) s (exit $status)"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

preflight() {
  local tool
  # wrk is not installed by default; install it like scripts/infra.sh installs its packages.
  if ! command -v wrk >/dev/null; then
    [[ $(id -u) -eq 0 ]] || die "wrk is missing: sudo apt-get install -y wrk"
    log "installing wrk"
    apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
  fi
  for tool in wrk pgbench psql java node curl awk git; do
    command -v "$tool" >/dev/null || die "$tool is missing"
  done
  if any_selected 'chat-*'; then
    command -v redis-cli >/dev/null || die "redis-cli is missing (scripts/infra.sh installs it)"
    # the driver's WebSocket client (package.json); npm ci as `make test` does it
    if ! (cd "$ROOT" && node -e "require.resolve('ws')" 2>/dev/null); then
      log "installing the node packages (npm ci)"
      (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) >&2 || die "npm ci failed"
    fi
  fi
  [[ -f $JAR ]] || die "no application jar at $JAR (make build)"
  # Something else answering on the port would be measured instead of our app.
  if curl -s -o /dev/null --max-time 2 "$BENCH_URL/"; then die "127.0.0.1:$PORT is already in use"; fi
}

# Every run starts from an empty event store; the scratch tables of the references live in their
# own schema, which Flyway (schema public) does not look at.
stop_app() {
  if [[ -n $APP_PID ]]; then
    kill "$APP_PID" 2>/dev/null || true
    # up to a minute: a JVM recording its ahead-of-time cache writes it on the way out
    for _ in $(seq 1 300); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
    APP_PID=""
  fi
}

stop_axonserver() {
  if [[ -n $AS_PID ]]; then
    kill "$AS_PID" 2>/dev/null || true
    wait "$AS_PID" 2>/dev/null || true
    AS_PID=""
  fi
}

# An empty Axon Server of the run's own, on loopback (its data under the run's temporary directory)
start_axonserver() {
  local dir=$TMP/axonserver
  mkdir -p "$dir"
  printf '%s\n' axoniq.axonserver.standalone=true axoniq.axonserver.hostname=localhost server.address=127.0.0.1 \
    "server.port=$AS_HTTP_PORT" "axoniq.axonserver.port=$AS_GRPC_PORT" "axoniq.axonserver.event.storage=$dir/events" \
    "axoniq.axonserver.snapshot.storage=$dir/events" "axoniq.axonserver.controldb-path=$dir/data" \
    "axoniq.axonserver.pid-file-location=$dir/data" >"$dir/axonserver.properties"
  log "starting Axon Server on 127.0.0.1:$AS_HTTP_PORT (grpc $AS_GRPC_PORT; log: ${RUN#"$ROOT"/}/axonserver.log)"
  (cd "$dir" && exec java -Xmx512m -jar "$(realpath -- "$AXONSERVER_JAR")") >"$RUN/axonserver.log" 2>&1 &
  AS_PID=$!
  for _ in $(seq 1 240); do
    if grep -q "Gateway started on port: $AS_GRPC_PORT" "$RUN/axonserver.log"; then return 0; fi
    kill -0 "$AS_PID" 2>/dev/null || break
    sleep 0.5
  done
  tail -n 40 "$RUN/axonserver.log" >&2
  die "Axon Server did not start (see $RUN/axonserver.log)"
}

recreate_database() {
  CREATED_DATABASES+=("$DB")
  # FORCE cannot end an autovacuum worker still cleaning up after the previous run (not our role's
  # process): it finishes within seconds, so try again
  local attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" && break
    ((attempt < 10)) || die "cannot drop the database $DB"
    sleep 2
  done
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB"
  "${PSQL[@]}" -d "$DB" -c "CREATE SCHEMA bench" \
    -c "CREATE TABLE bench.ref_insert (id bigserial PRIMARY KEY, payload text NOT NULL)"
  # chat history: the app creates its tables in this database on the router and every shard
  { clickhouse_all "DROP DATABASE IF EXISTS $DB" && clickhouse_all "CREATE DATABASE $DB"; } ||
    die "cannot create the ClickHouse database $DB on ports ${CH_PORTS[*]}"
}

clickhouse_all() { # SQL, on every ClickHouse node
  local port
  for port in "${CH_PORTS[@]}"; do
    curl -fsS --max-time 30 --data-binary "$1" "http://127.0.0.1:$port/" >/dev/null || return 1
  done
}

# Whether the app keeps its chat history in the run's ClickHouse database (a jar that does not know
# policyhub.clickhouse.database would write to the developer's database): it creates its tables
# when it becomes ready.
check_clickhouse_database() {
  local tables
  for _ in $(seq 1 50); do
    tables=$(curl -fsS --max-time 5 --data-binary \
      "SELECT count() FROM system.tables WHERE database = '$DB' AND name = 'chat_messages'" "http://127.0.0.1:${CH_PORTS[0]}/") || tables=0
    [[ $tables == 1 ]] && return 0
    sleep 0.2
  done
  die "the app did not create its chat tables in the ClickHouse database $DB: is the jar older than policyhub.clickhouse.database?"
}

# BENCH_SCENARIOS: names, shell patterns (chat-send-*) or prefixes (chat, deposit), by commas or spaces.
select_scenarios() {
  local pattern name found
  IFS=', ' read -r -a PATTERNS <<<"${BENCH_SCENARIOS:-all}"
  ((${#PATTERNS[@]})) || PATTERNS=(all)
  for pattern in "${PATTERNS[@]}"; do
    found=false
    for name in "${ALL_SCENARIOS[@]}"; do
      if matches "$name" "$pattern"; then found=true; fi
    done
    $found || die "BENCH_SCENARIOS: $pattern names no scenario (${ALL_SCENARIOS[*]})"
  done
}

matches() { # NAME PATTERN
  # shellcheck disable=SC2053 # the pattern is a glob on purpose
  [[ $2 == all || $1 == $2 || $1 == "$2"-* ]]
}

selected() { # NAME: is this scenario to run?
  local pattern
  for pattern in "${PATTERNS[@]}"; do
    if matches "$1" "$pattern"; then return 0; fi
  done
  return 1
}

any_selected() { # PATTERN: is any scenario it matches to run?
  local name
  for name in "${ALL_SCENARIOS[@]}"; do
    # shellcheck disable=SC2053
    if [[ $name == $1 ]] && selected "$name"; then return 0; fi
  done
  return 1
}

write_meta() {
  local commit mem_kb
  commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "unknown (not a git checkout)")
  if [[ -n $(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null) ]]; then commit+=" (with uncommitted changes)"; fi
  mem_kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
  {
    printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
    printf 'commit\t%s\n' "$commit"
    printf 'cpus\t%s\n' "$(nproc)"
    printf 'cpu_model\t%s\n' "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    printf 'ram_gib\t%s\n' "$(calc "$mem_kb / 1048576" 1)"
    printf 'kernel\t%s\n' "$(uname -r)"
    printf 'postgresql\t%s\n' "$("${PSQL[@]}" -d "$DB" -Atc 'SHOW server_version')"
    printf 'clickhouse\t%s\n' "$(curl -fsS --max-time 5 --data-binary 'SELECT version()' "http://127.0.0.1:${CH_PORTS[0]}/" || echo unknown)"
    printf 'redis\t%s\n' "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" INFO server 2>/dev/null | tr -d '\r' | sed -n 's/^redis_version://p' || echo unknown)"
    printf 'java\t%s\n' "$("$("$ROOT/scripts/app.sh" --java)" -version 2>&1 | head -n 1)"
    printf 'jvm_options\t%s\n' "$APP_JAVA_OPTS ${BENCH_JAVA_OPTS:-}"
    printf 'wrk\t%s\n' "$(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)"
    printf 'node\t%s\n' "$(node --version)"
  } >"$RUN/meta.tsv"
}

start_app() {
  launch_app
  await_ready
}

launch_app() {
  log "starting the app on 127.0.0.1:$PORT (log: ${RUN#"$ROOT"/}/app.log)"
  # Started from the checkout root, where the app keeps its local files (.local/). The users' tokens,
  # taken once at the start, live the longest an access token may (the run takes ~15 minutes; first-minute mints its own).
  # scripts/app.sh: the JDK and ahead-of-time cache of `make run`, the cache kept with the run's jar
  (cd "$ROOT" && JAVA_OPTS="$APP_JAVA_OPTS ${BENCH_JAVA_OPTS:-}" APP_DIR="$TMP/app" exec "$ROOT/scripts/app.sh" "$TMP/policyhub.jar" --server.port="$PORT" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:15432/$DB" \
    --policyhub.clickhouse.database="$DB" --policyhub.chats.send-limit=1000000000 \
    --policyhub.ws.max-sockets-per-user=100000 --policyhub.security.jwt.lifetime=15m \
    ${BENCH_APP_ARGS:-}) >>"$RUN/app.log" 2>&1 &
  APP_PID=$!
}

await_ready() {
  for _ in $(seq 1 240); do
    if curl -fs -o /dev/null --max-time 2 "$BENCH_URL/actuator/health/readiness"; then return 0; fi
    kill -0 "$APP_PID" 2>/dev/null || break
    sleep 0.5
  done
  tail -n 40 "$RUN/app.log" >&2
  die "the app did not become ready (see $RUN/app.log)"
}

# The load's tokens (auth.js) name one sign-in session of the run, opened here as a login would
# open it; each request's session check reads it like any other. Apps older than sessions have no
# table for it and no check.
open_bench_session() {
  export BENCH_SESSION_ID=${BENCH_SESSION_ID:-$(cat /proc/sys/kernel/random/uuid)}
  "${PSQL[@]}" -d "$DB" -c "do \$\$ begin if to_regclass('public.auth_sessions') is not null then
    insert into auth_sessions (session_id, user_id, created_at, expires_at)
    values ('$BENCH_SESSION_ID', '$BENCH_SESSION_ID', now(), now() + interval '1 day') on conflict do nothing;
    end if; end \$\$;"
}

# The app's insurer adapters call 127.0.0.1:8090: reuse a running simulator, else start one in
# deterministic mode (configured latencies, no random failures) and stop it at exit.
start_simulator() {
  if ! "$ROOT/scripts/simulator.sh" status >/dev/null 2>&1; then
    "$ROOT/scripts/simulator.sh" start --simulator.deterministic=true >"$RUN/simulator.log" 2>&1 ||
      { cat "$RUN/simulator.log" >&2; die "the insurer simulator did not start"; }
    SIMULATOR_STARTED=true
  fi
}

app_alive() {
  kill -0 "$APP_PID" 2>/dev/null || { tail -n 40 "$RUN/app.log" >&2; die "the app died (see $RUN/app.log)"; }
}

# Runs "$@" in the background and waits for it, so that a signal reaches our trap at once and
# cleanup can end the load generator by its pid. Load generator functions exec their tool, so
# that pid is the tool's own.
run_bg() {
  local rc=0
  "$@" &
  LOADER_PID=$!
  wait "$LOADER_PID" || rc=$?
  LOADER_PID=""
  return "$rc"
}

driver() { run_bg "${DRIVER[@]}" "$@"; }

# The app's answers and their p99 each second (driver.js sample), in the background while a
# scenario runs, for the plot (plot.js). Its own scrapes are left out of the counts.
start_sampler() { # NAME
  "${DRIVER[@]}" sample "${SERIES_ORIGIN_MS:-$(date +%s%3N)}" >"$RUN/$1.series.jsonl" 2>/dev/null &
  SAMPLER_PID=$!
}

stop_sampler() {
  if [[ -n $SAMPLER_PID ]]; then
    kill "$SAMPLER_PID" 2>/dev/null || true
    wait "$SAMPLER_PID" 2>/dev/null || true
    SAMPLER_PID=""
  fi
}

# So that one scenario's projection backlog does not steal CPU from the next one.
settle() { driver settle 180 >&2; }

# ------------------------------------------------------------------ measuring

app_ticks() { # utime + stime of the app, in clock ticks
  local stat f
  read -r stat <"/proc/$APP_PID/stat"
  read -r -a f <<<"${stat##*) }"
  echo $((f[11] + f[12]))
}

pg_ticks() { # CPU ticks of PostgreSQL: the postmaster with its exited children, and its live children
  local pm stat file f total
  read -r pm <"$PG_PID_FILE"
  read -r stat <"/proc/$pm/stat"
  read -r -a f <<<"${stat##*) }"
  total=$((f[11] + f[12] + f[13] + f[14]))
  for file in /proc/[0-9]*/stat; do
    read -r stat 2>/dev/null <"$file" || continue
    read -r -a f <<<"${stat##*) }"
    if ((f[1] == pm)); then total=$((total + f[11] + f[12])); fi
  done
  echo "$total"
}

store_ticks() { # CPU ticks of scripts/infra.sh's ClickHouse nodes and Redis (those that run)
  local file pid stat f total=0
  for file in "${STORE_PID_FILES[@]}"; do
    pid=""
    # ClickHouse writes its pid file without a final newline: read then fails but has read the pid
    read -r pid 2>/dev/null <"$file" || [[ -n $pid ]] || continue
    read -r stat 2>/dev/null <"/proc/$pid/stat" || continue
    read -r -a f <<<"${stat##*) }"
    total=$((total + f[11] + f[12] + f[13] + f[14]))
  done
  echo "$total"
}

host_ticks() { # busy and total ticks of the whole machine
  local _ user nice system idle iowait irq softirq steal
  read -r _ user nice system idle iowait irq softirq steal _ </proc/stat
  echo "$((user + nice + system + irq + softirq + steal)) $((user + nice + system + idle + iowait + irq + softirq + steal))"
}

# Sets CHILD_CPU to the CPU seconds (an awk expression) of this shell's finished children, i.e.
# the load generators. `times` must run in this shell, not in a $(...) subshell.
children_cpu() {
  local _ user sys
  times >"$TMP/times"
  { read -r _; read -r user sys; } <"$TMP/times"
  user=${user%s} sys=${sys%s}
  CHILD_CPU="(${user%%m*}*60+${user#*m}+${sys%%m*}*60+${sys#*m})"
}

# run_scenario NAME REFERENCE PARSER COMMAND...
# Runs the load generator COMMAND and appends one JSON line to scenarios.jsonl: what PARSER makes
# of its output (rps, p50/p95/p99_ms, errors, ...) plus, over the same window, the average cores
# used by the app, PostgreSQL, ClickHouse and Redis, the load generator and the whole machine, and
# the app's peak RSS. Does nothing for a scenario that BENCH_SCENARIOS leaves out.
run_scenario() {
  local name=$1 ref=null parser=$3 rc=0 result errors=0 wall
  local t0 t1 app0="" app1 pg0 pg1 st0 st1 host0 host1 busy0 busy1 total0 total1 child0 child1 app_cpu=null app_rss=null
  selected "$name" || return 0
  [[ -z $2 ]] || ref="\"$2\""
  shift 3
  log "scenario $name"
  if [[ -n $APP_PID ]]; then
    echo 5 >"/proc/$APP_PID/clear_refs" # restart the peak-RSS count (VmHWM) for this scenario
    app0=$(app_ticks)
    start_sampler "$name"
  fi
  children_cpu
  pg0=$(pg_ticks) st0=$(store_ticks) host0=$(host_ticks) child0=$CHILD_CPU t0=$EPOCHREALTIME
  run_bg "$@" >"$RUN/$name.out" 2>"$RUN/$name.err" || rc=$?
  t1=$EPOCHREALTIME
  children_cpu # before the sampler is reaped: the load-gen column is the load generator's alone
  stop_sampler
  child1=$CHILD_CPU st1=$(store_ticks) host1=$(host_ticks)
  # A backend that just exited counts only once the postmaster has reaped it.
  sleep 0.2
  pg1=$(pg_ticks)
  wall=$(calc "$t1 - $t0" 3)
  if [[ -n $app0 ]]; then
    app_alive
    app1=$(app_ticks)
    app_cpu=$(calc "($app1 - $app0) / $CLK_TCK / $wall")
    app_rss=$(calc "$(awk '/^VmHWM:/ { print $2 }' "/proc/$APP_PID/status") / 1024" 0)
  fi
  read -r busy0 total0 <<<"$host0"
  read -r busy1 total1 <<<"$host1"
  result=$("$parser" "$RUN/$name.out") || result=""
  [[ $result == \{* ]] || result=null
  [[ $result =~ \"errors\":([0-9]+) ]] && errors=${BASH_REMATCH[1]}
  if ((rc != 0)) || [[ $result == null ]] || ((errors > 0)); then
    log "FAILED: $name (exit $rc, $errors errors); output:"
    tail -n 20 "$RUN/$name.out" "$RUN/$name.err" >&2
    FAILED+=("$name")
  fi
  printf '{"name":"%s","reference":%s,"seconds":%s,"exit_code":%d,"app_cpu":%s,"app_rss_mib":%s,"pg_cpu":%s,"stores_cpu":%s,"loadgen_cpu":%s,"host_cpu":%s,"result":%s}\n' \
    "$name" "$ref" "$wall" "$rc" "$app_cpu" "$app_rss" "$(calc "($pg1 - $pg0) / $CLK_TCK / $wall")" \
    "$(calc "($st1 - $st0) / $CLK_TCK / $wall")" \
    "$(calc "($child1 - $child0) / $wall")" \
    "$(calc "($busy1 - $busy0) / ($total1 - $total0) * $(nproc)")" "$result" >>"$RUN/scenarios.jsonl"
}

parse_wrk() { sed -n 's/^BENCH_RESULT //p' "$1"; }
parse_last_line() { tail -n 1 "$1"; }

# pgbench prints tps; the latency percentiles come from its per-transaction log (10 % sample).
parse_pgbench() {
  local out=$1 tps failed
  tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$out")
  failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$out")
  [[ -n $tps ]] || return 1
  cat "${out%.out}".log.* | awk '{ print $3 / 1000 }' | sort -n | awk -v tps="$tps" -v failed="${failed:-0}" '
    { v[NR] = $1 }
    function p(q) { i = int(q * NR + 0.999999); if (i < 1) i = 1; return v[i] }
    END { printf "{\"rps\":%.1f,\"p50_ms\":%.2f,\"p95_ms\":%.2f,\"p99_ms\":%.2f,\"errors\":%d}\n", tps, p(0.50), p(0.95), p(0.99), failed }'
}

# chat-hot-writes: the driver's result plus the chat's snapshots in the event store (Axon keeps the
# latest one); no snapshot at all is an error.
parse_chat_hot_writes() {
  local line chat snapshot events
  line=$(tail -n 1 "$1")
  [[ $line =~ \"chat_id\":\"([0-9a-f-]{36})\" ]] || return 1
  chat=${BASH_REMATCH[1]}
  snapshot=$("${PSQL[@]}" -d "$DB" -Atc "SELECT count(*) || ' ' || coalesce(max(sequence_number), -1)
    FROM snapshot_event_entry WHERE aggregate_identifier = '$chat'") || return 1
  events=$("${PSQL[@]}" -d "$DB" -Atc "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = '$chat'") || return 1
  # shellcheck disable=SC2016 # JavaScript, not shell
  node -e '
    const [line, snapshot, events] = process.argv.slice(1);
    const [snapshots, sequence] = snapshot.split(" ").map(Number);
    const r = { ...JSON.parse(line), chat_events: Number(events), snapshots, snapshot_sequence: sequence };
    if (snapshots === 0) {
      r.errors++;
      r.error_sample ??= `no snapshot of chat ${r.chat_id} after ${events} events`;
    }
    console.log(JSON.stringify(r));' "$line" "$snapshot" "$events"
}

# first-minute: wrk's result plus, from the time series (seconds since the process start), when the
# app answered ready and from which second on it held 80 % of deposit-many's rate for 3 seconds.
parse_first_minute() {
  local line warm
  line=$(sed -n 's/^BENCH_RESULT //p' "$1")
  [[ -n $line ]] || return 1
  warm=$(sed -n 's/^{"name":"deposit-many".*"result":{"rps":\([0-9.]*\).*/\1/p' "$RUN/scenarios.jsonl")
  # shellcheck disable=SC2016 # JavaScript, not shell
  node -e '
    const fs = require("node:fs");
    const [line, warm, seriesFile, readyFile] = process.argv.slice(1);
    const samples = fs.readFileSync(seriesFile, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
    const r = { ...JSON.parse(line), warm_rps: warm ? Number(warm) : null, ready_s: Number(fs.readFileSync(readyFile, "utf8")) };
    const held = (i) => [0, 1, 2].every((k) => samples[i + k]?.up && samples[i + k].rps >= 0.8 * r.warm_rps);
    const first = r.warm_rps ? samples.findIndex((s, i) => held(i)) : -1;
    r.reach_80_s = first >= 0 ? samples[first].t : null;
    r.rates = samples.filter((s) => s.up).map((s) => [s.t, s.rps]);
    console.log(JSON.stringify(r));' "$line" "$warm" "$RUN/first-minute.series.jsonl" "$TMP/ready-seconds"
}

# psql's \timing of the one INSERT ... SELECT.
parse_batch_insert() {
  awk '/^INSERT 0 / { rows = $3 } /^Time: / { ms = $2 }
    END { if (!rows || !ms) exit 1; printf "{\"rps\":%.1f,\"rows\":%d,\"seconds\":%.3f,\"errors\":0}\n", rows / (ms / 1000), rows, ms / 1000 }' "$1"
}

pgbench_load() { # CLIENTS
  exec pgbench "${PG_CONN[@]}" -n -c "$1" -j $(($1 < 2 ? $1 : 2)) -T "$PGBENCH_SECONDS" \
    -f "$BENCH_DIR/pgbench-insert.sql" -l --sampling-rate=0.1 --log-prefix="$RUN/pgbench-c$1.log" "$DB"
}

wrk_load() { # MODE USERS_FILE SECONDS
  exec wrk -t "$WRK_THREADS" -c "$CLIENTS" -d "$3" --timeout 5s -s "$BENCH_DIR/load.lua" \
    "$BENCH_URL" "$1" "$2" "$WRK_THREADS"
}

# The same rows as the balance read model, written by one plain INSERT ... SELECT.
batch_insert() { # ROWS
  exec psql -X -v ON_ERROR_STOP=1 "${PG_CONN[@]}" -d "$DB" -c "CREATE TABLE bench.ref_balance (LIKE public.account_balance INCLUDING ALL)" \
    -c '\timing on' -c "
    INSERT INTO bench.ref_balance (account_id, owner_id, balance, currency, last_sequence, updated_at)
    SELECT md5('a' || i)::uuid, md5('o' || i)::uuid, i * 10.00, 'RUB', i, now()
      FROM generate_series(1, $1) AS i"
}

# Deposits from the app's readiness until FIRST_MINUTE_SECONDS after its process start.
first_minute_load() { # USERS
  await_ready
  local ready_ms
  ready_ms=$(($(date +%s%3N) - SERIES_ORIGIN_MS))
  calc "$ready_ms / 1000" 1 >"$TMP/ready-seconds"
  wrk_load deposit "$1" $(((FIRST_MINUTE_SECONDS * 1000 - ready_ms) / 1000))
}

compile_ms() { # time the app's JIT compilers have spent so far
  curl -fs --max-time 5 "${BENCH_METRICS_URL:-$BENCH_URL}/actuator/prometheus" | awk '/^jvm_compilation_time_ms_total/ { print int($NF) }'
}

# Deposits until the JIT has compiled the command path: measured before that, the scenarios
# would report how fast C2 compiles on a loaded machine, not the steady state.
warm_up() {
  local seconds=0 before compiling
  : >"$RUN/warmup.out"
  while :; do
    before=$(compile_ms)
    run_bg wrk_load deposit "$TMP/users-many.tsv" "$WARMUP_ROUND" >>"$RUN/warmup.out"
    seconds=$((seconds + WARMUP_ROUND))
    compiling=$(($(compile_ms) - before))
    if ((seconds >= WARMUP_MIN && compiling * 100 < WARMUP_QUIET * WARMUP_ROUND * 1000)) || ((seconds >= WARMUP_MAX)); then
      break
    fi
  done
  log "warm-up: $seconds s of deposits (not recorded), the last $WARMUP_ROUND s with $compiling ms of JIT compilation"
  settle
}

# ------------------------------------------------------------------ the run

needs_app() { # is any scenario but the pgbench references to run?
  local name
  for name in "${ALL_SCENARIOS[@]}"; do
    if [[ $name != pgbench-* ]] && selected "$name"; then return 0; fi
  done
  return 1
}

# run_scenario, then (when it ran) wait until the projections caught up with it
run_settled() {
  run_scenario "$@"
  if selected "$1"; then settle; fi
}

# Users for an open-account scenario: each request needs a user never seen before, and each costs a
# signed token, so mint three times what the deposit rate just measured (SCENARIO) would use, at
# least 500/s; running out fails the scenario loudly rather than inflating its rate.
fresh_users() { # SCENARIO
  local rps=500
  if [[ $(grep "^{\"name\":\"$1\"" "$RUN/scenarios.jsonl" 2>/dev/null) =~ \"rps\":([0-9]+) ]] && ((BASH_REMATCH[1] > rps)); then
    rps=${BASH_REMATCH[1]}
  fi
  driver users $((3 * rps * LOAD_SECONDS))
}

# On a JDK with an ahead-of-time cache (scripts/app.sh), the app's first start has none: it records
# one under deposits and writes it when stopped, and the run measures the processes that start from it,
# as every start after the first one of a build does.
record_aot_cache() {
  grep -q 'ahead-of-time cache: record' "$RUN/app.log" || return 0
  driver users "$ACCOUNTS" >"$TMP/users-many.tsv" # warm_up deposits on these
  driver open "$TMP/users-many.tsv" >&2
  warm_up
  log "ahead-of-time cache: recorded under the warm-up, written as the app stops"
  stop_app
  start_app
  open_bench_session
}

account_scenarios() {
  any_selected 'deposit-*' || selected balance-read || selected open-account || selected projection-lag || return 0
  driver users "$ACCOUNTS" >"$TMP/users-many.tsv"
  driver users 1 >"$TMP/users-hot.tsv"
  driver users "$PROBE_RATE" >"$TMP/users-probe.tsv"
  for f in many hot probe; do driver open "$TMP/users-$f.tsv" >&2; done
  warm_up

  local ref=pgbench-c$CLIENTS
  run_settled deposit-many "$ref" parse_wrk wrk_load deposit "$TMP/users-many.tsv" "$LOAD_SECONDS"
  run_settled deposit-hot "$ref" parse_wrk wrk_load deposit "$TMP/users-hot.tsv" "$LOAD_SECONDS"
  # the request of deposit-many without its command, then the cheapest read: nothing to settle after them
  run_scenario deposit-rejected "$ref" parse_wrk wrk_load rejected "$TMP/users-many.tsv" "$LOAD_SECONDS"
  run_scenario balance-read "$ref" parse_wrk wrk_load balance "$TMP/users-many.tsv" "$LOAD_SECONDS"
  if selected open-account; then
    fresh_users deposit-many >"$TMP/users-fresh.tsv"
    run_settled open-account "$ref" parse_wrk wrk_load open "$TMP/users-fresh.tsv" "$LOAD_SECONDS"
  fi
  run_settled projection-lag "" parse_last_line "${DRIVER[@]}" lag "$TMP/users-many.tsv" "$TMP/users-probe.tsv" \
    "$LAG_RATE" "$PROBE_RATE" "$LOAD_SECONDS" 3
}

replay_scenarios() {
  selected batch-insert || selected replay || return 0
  local events
  events=$("${PSQL[@]}" -d "$DB" -Atc 'SELECT max(global_index) FROM domain_event_entry')
  run_scenario batch-insert "" parse_batch_insert batch_insert "$events"
  run_settled replay batch-insert parse_last_line "${DRIVER[@]}" replay accounts "$events"
}

# Last, so that their events do not change what replay measures. Chats need registered users;
# CHAT_USERS of them share CHATS chats, the hot chat has two members of its own.
chat_scenarios() {
  any_selected 'chat-*' || return 0
  check_clickhouse_database
  settle
  if any_selected 'chat-[!h]*' || any_selected 'chat-history-*'; then
    log "chats: registering $CHAT_USERS users, starting $CHATS chats"
    driver register "$CHAT_USERS" >"$TMP/users-chat.tsv"
    driver chats "$TMP/users-chat.tsv" "$CHATS" >"$TMP/chats-main.tsv"
  fi
  if selected chat-hot-writes; then
    driver register 2 >"$TMP/users-hot-chat.tsv"
    driver chats "$TMP/users-hot-chat.tsv" 1 >"$TMP/chats-hot.tsv"
  fi
  settle

  local ref=pgbench-c$CLIENTS users=$TMP/users-chat.tsv chats=$TMP/chats-main.tsv
  run_settled chat-send-rest "$ref" parse_last_line "${DRIVER[@]}" chat-send rest "$users" "$chats" \
    "$LOAD_SECONDS" "$CHAT_WARMUP_SECONDS"
  run_settled chat-send-ws "$ref" parse_last_line "${DRIVER[@]}" chat-send ws "$users" "$chats" \
    "$LOAD_SECONDS" "$CHAT_WARMUP_SECONDS"
  run_settled chat-ws-idle chat-send-ws parse_last_line "${DRIVER[@]}" chat-idle "$users" "$chats" "$IDLE_SOCKETS" \
    "$LOAD_SECONDS" "$CHAT_WARMUP_SECONDS" "$APP_PID"
  run_settled chat-e2e-latency "" parse_last_line "${DRIVER[@]}" chat-e2e "$users" "$chats" \
    "$CHAT_RATE" "$LOAD_SECONDS" "$CHAT_WARMUP_SECONDS"
  if selected chat-history-hot || selected chat-history-cold; then
    head -n "$HISTORY_CHATS" "$chats" >"$TMP/chats-history.tsv"
    driver chat-fill "$users" "$TMP/chats-history.tsv" "$HISTORY_MESSAGES" >&2
    settle # the hot cache and ClickHouse hold every message
    # the newest 50 are in the Redis hot cache (100 per chat); 150 are more than it holds
    run_scenario chat-history-hot "" parse_last_line "${DRIVER[@]}" chat-history "$users" "$TMP/chats-history.tsv" \
      50 "$HISTORY_SECONDS" "$CHAT_WARMUP_SECONDS" redis
    run_scenario chat-history-cold chat-history-hot parse_last_line "${DRIVER[@]}" chat-history "$users" \
      "$TMP/chats-history.tsv" 150 "$HISTORY_SECONDS" "$CHAT_WARMUP_SECONDS" clickhouse
  fi
  run_settled chat-hot-writes "" parse_chat_hot_writes "${DRIVER[@]}" chat-hot "$TMP/users-hot-chat.tsv" \
    "$TMP/chats-hot.tsv" "$HOT_CHAT_SECONDS" "$CHAT_WARMUP_SECONDS"
}

# The first minute after a restart: the app is stopped and started again (JIT, caches and pools
# cold) and deposits on many accounts run from its readiness on, measured against deposit-many's
# warm rate; the time series counts from the process start. The users are minted and their accounts
# opened before the restart (the run's first tokens may be near their end).
first_minute_scenario() {
  selected first-minute || return 0
  driver users "$ACCOUNTS" >"$TMP/users-restart.tsv"
  driver open "$TMP/users-restart.tsv" >&2
  settle
  stop_app
  SERIES_ORIGIN_MS=$(date +%s%3N)
  launch_app
  run_settled first-minute deposit-many parse_first_minute first_minute_load "$TMP/users-restart.tsv"
  SERIES_ORIGIN_MS=""
}

# The distributed mode's event store: the app on an Axon Server of its own (a fresh database too, as
# its tokens hold Axon Server positions), warmed up as before, then deposits, account opening and
# chat sends, each against its local-mode result in this run.
axonserver_scenarios() {
  any_selected 'axonserver-*' || return 0
  if [[ -z ${AXONSERVER_JAR:-} ]]; then
    log "axonserver-*: skipped: AXONSERVER_JAR does not name the Axon Server jar"
    return 0
  fi
  stop_app
  start_axonserver
  DB=${DB}_axon
  recreate_database
  BENCH_APP_ARGS="${BENCH_APP_ARGS:-} --spring.profiles.active=local,axonserver --axon.axonserver.servers=localhost:$AS_GRPC_PORT"
  start_app
  open_bench_session
  driver users "$ACCOUNTS" >"$TMP/users-as-many.tsv"
  driver open "$TMP/users-as-many.tsv" >&2
  cp "$TMP/users-as-many.tsv" "$TMP/users-many.tsv" # warm_up deposits on these
  warm_up
  run_settled axonserver-deposit-many deposit-many parse_wrk wrk_load deposit "$TMP/users-as-many.tsv" "$LOAD_SECONDS"
  if selected axonserver-open-account; then
    fresh_users axonserver-deposit-many >"$TMP/users-as-fresh.tsv"
    run_settled axonserver-open-account open-account parse_wrk wrk_load open "$TMP/users-as-fresh.tsv" "$LOAD_SECONDS"
  fi
  if selected axonserver-chat-send-rest; then
    check_clickhouse_database
    driver register "$CHAT_USERS" >"$TMP/users-as-chat.tsv"
    driver chats "$TMP/users-as-chat.tsv" "$CHATS" >"$TMP/chats-as-main.tsv"
    settle
    run_settled axonserver-chat-send-rest chat-send-rest parse_last_line "${DRIVER[@]}" chat-send rest "$TMP/users-as-chat.tsv" \
      "$TMP/chats-as-main.tsv" "$LOAD_SECONDS" "$CHAT_WARMUP_SECONDS"
  fi
  # Last, with the app stopped: the machine is Axon Server's alone, and the app never reads these events.
  stop_app
  if selected axonserver-append; then
    # the connector and its dependencies as the app ships them: the jar's libraries, extracted
    java -Djarmode=tools -jar "$TMP/policyhub.jar" extract --destination "$TMP/extracted" >&2
    run_scenario axonserver-append "" parse_last_line java -cp "$TMP/extracted/lib/*" "$BENCH_DIR/AxonServerAppend.java" \
      "127.0.0.1:$AS_GRPC_PORT" "$CLIENTS" "$LOAD_SECONDS" "$CHAT_WARMUP_SECONDS"
  fi
}

# The four-role topology as deployed: scripts/distributed.sh starts the command, projections, query
# and messenger roles in JVMs of their own around an Axon Server of their own, behind the compose edge
# (nginx), on fresh data; deposits go through the edge. The app columns (CPU, RSS, the time series) are
# the command role's, which takes the deposits.
distributed_scenarios() {
  selected distributed-deposit-many || return 0
  if [[ -z ${AXONSERVER_JAR:-} ]]; then
    log "distributed-*: skipped: AXONSERVER_JAR does not name the Axon Server jar"
    return 0
  fi
  stop_app
  stop_axonserver
  local dir=$LOCAL_DIR/distributed url=$BENCH_URL db=$DB
  rm -rf "$dir/axonserver"
  DB=policyhub_distributed
  recreate_database
  log "the four roles and the edge (log: ${RUN#"$ROOT"/}/distributed.log)"
  DISTRIBUTED_UP=true
  "$ROOT/scripts/distributed.sh" up "$TMP/policyhub.jar" >"$RUN/distributed.log" 2>&1 ||
    { tail -n 40 "$RUN/distributed.log" >&2; die "scripts/distributed.sh up failed"; }
  export BENCH_URL=http://127.0.0.1:18180 BENCH_METRICS_URL=http://127.0.0.1:18181 BENCH_JWT_KEY=$dir/jwt/private-key.pem
  APP_PID=$(<"$dir/command.pid")
  open_bench_session
  driver users "$ACCOUNTS" >"$TMP/users-many.tsv" # warm_up deposits on these
  driver open "$TMP/users-many.tsv" >&2
  warm_up
  run_settled distributed-deposit-many axonserver-deposit-many parse_wrk wrk_load deposit "$TMP/users-many.tsv" "$LOAD_SECONDS"
  APP_PID=""
  "$ROOT/scripts/distributed.sh" down >>"$RUN/distributed.log" 2>&1
  DISTRIBUTED_UP=false
  export BENCH_URL=$url
  unset BENCH_METRICS_URL BENCH_JWT_KEY
  DB=$db
}

main() {
  FAILED=()
  select_scenarios
  preflight
  rm -rf "$RUN" && mkdir -p "$RUN"
  TMP=$(mktemp -d)
  cp "$JAR" "$TMP/policyhub.jar"

  log "infrastructure"
  "$ROOT/scripts/infra.sh" up >"$RUN/infra.log" 2>&1 || { cat "$RUN/infra.log" >&2; die "scripts/infra.sh up failed"; }
  recreate_database
  write_meta

  # The reference first, while nothing else runs.
  run_scenario "pgbench-c$CLIENTS" "" parse_pgbench pgbench_load "$CLIENTS"
  run_scenario pgbench-c1 "" parse_pgbench pgbench_load 1

  if needs_app; then
    if selected osago-applications; then start_simulator; fi
    start_app
    open_bench_session
    record_aot_cache
    account_scenarios
    replay_scenarios
    if selected osago-applications; then
      driver users "$APPLICATIONS" >"$TMP/users-applications.tsv"
      run_scenario osago-applications "" parse_last_line "${DRIVER[@]}" applications "$TMP/users-applications.tsv"
    fi
    chat_scenarios
    first_minute_scenario
    axonserver_scenarios
    distributed_scenarios
  fi

  # how scripts/app.sh started the measured app (its last start): with or without the ahead-of-time cache
  if [[ -f $RUN/app.log ]]; then
    printf 'app_launch\t%s\n' "$(sed -n 's/^\[app\] [^ ]* ([^)]*), //p' "$RUN/app.log" | tail -n 1)" >>"$RUN/meta.tsv"
  fi
  # latest.* (committed) is the report of a full run; a BENCH_SCENARIOS subset reports into run/
  local report=$RESULTS/latest
  if [[ ${PATTERNS[*]} != all ]]; then
    report=$RUN/partial
    log "BENCH_SCENARIOS=${BENCH_SCENARIOS}: report in ${report#"$ROOT"/}.md, ${RESULTS#"$ROOT"/}/latest.* unchanged"
  fi
  node "$BENCH_DIR/report.js" "$RUN/meta.tsv" "$RUN/scenarios.jsonl" "$report.md" "$report.json"
  node "$BENCH_DIR/plot.js" "$RUN/scenarios.jsonl" "$RUN" "$report.svg"
  if ((${#FAILED[@]})); then die "failed scenarios: ${FAILED[*]}"; fi
}

main
