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
# BENCH_PGBENCH_SECONDS (15), BENCH_PORT (18081).
set -euo pipefail

BENCH_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd -- "$BENCH_DIR/.." && pwd)
JAR=${1:-$ROOT/app/target/policyhub.jar}

LOAD_SECONDS=${BENCH_SECONDS:-20}
PGBENCH_SECONDS=${BENCH_PGBENCH_SECONDS:-15}
PORT=${BENCH_PORT:-18081}
CLIENTS=16          # concurrency of every closed-loop scenario and of the pgbench reference
WRK_THREADS=1       # one wrk thread drives 16 connections easily and leaves the cores to the app
ACCOUNTS=1000       # accounts of deposit-many and of the projection-lag background load
LAG_RATE=1000       # deposits/s offered during projection-lag
PROBE_RATE=20       # read-your-writes probes/s during projection-lag
APPLICATIONS=200    # OSAGO applications of osago-applications (5 insurer calls each)
WARMUP_SECONDS=20   # JIT warm-up before the first measured scenario, not recorded (C2 still
                    # compiles after 15 s of deposits on 2 cores)

DB=policyhub_bench
PG_CONN=(-h 127.0.0.1 -p 15432 -U policyhub)
PSQL=(env PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 "${PG_CONN[@]}")
DRIVER=(node "$BENCH_DIR/driver.js")
export PGPASSWORD=policyhub
export BENCH_URL=http://127.0.0.1:$PORT
export AXONIQ_UPDATE_CHECKER_DISABLED=true

PG_PID_FILE=${POLICYHUB_LOCAL_DIR:-$ROOT/.local}/pg/data/postmaster.pid # scripts/infra.sh's PostgreSQL
RESULTS=$BENCH_DIR/results
RUN=$RESULTS/run
CLK_TCK=$(getconf CLK_TCK)
APP_PID=""
LOADER_PID=""
SIMULATOR_STARTED=false
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
  if [[ -n $APP_PID ]]; then
    kill "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  if [[ $SIMULATOR_STARTED == true ]]; then "$ROOT/scripts/simulator.sh" stop >/dev/null 2>&1 || true; fi
  # The run leaves no database behind (the event store grows by ~100k events per run).
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>/dev/null || true
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
  [[ -f $JAR ]] || die "no application jar at $JAR (make build)"
  # Something else answering on the port would be measured instead of our app.
  if curl -s -o /dev/null --max-time 2 "$BENCH_URL/"; then die "127.0.0.1:$PORT is already in use"; fi
}

# Every run starts from an empty event store; the scratch tables of the references live in their
# own schema, which Flyway (schema public) does not look at.
recreate_database() {
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
  "${PSQL[@]}" -d "$DB" -c "CREATE SCHEMA bench" \
    -c "CREATE TABLE bench.ref_insert (id bigserial PRIMARY KEY, payload text NOT NULL)"
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
    printf 'java\t%s\n' "$(java -version 2>&1 | head -n 1)"
    printf 'wrk\t%s\n' "$(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)"
    printf 'node\t%s\n' "$(node --version)"
  } >"$RUN/meta.tsv"
}

start_app() {
  log "starting the app on 127.0.0.1:$PORT (log: ${RUN#"$ROOT"/}/app.log)"
  # Started from the checkout root, where the app keeps its local files (.local/).
  (cd "$ROOT" && exec java -Xmx768m -jar "$TMP/policyhub.jar" --server.port="$PORT" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:15432/$DB") >"$RUN/app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 240); do
    if curl -fs -o /dev/null --max-time 2 "$BENCH_URL/actuator/health/readiness"; then return 0; fi
    kill -0 "$APP_PID" 2>/dev/null || break
    sleep 0.5
  done
  tail -n 40 "$RUN/app.log" >&2
  die "the app did not become ready (see $RUN/app.log)"
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
# used by the app, PostgreSQL, the load generator and the whole machine, and the app's peak RSS.
run_scenario() {
  local name=$1 ref=null parser=$3 rc=0 result errors=0 wall
  local t0 t1 app0="" app1 pg0 pg1 host0 host1 busy0 busy1 total0 total1 child0 child1 app_cpu=null app_rss=null
  [[ -z $2 ]] || ref="\"$2\""
  shift 3
  log "scenario $name"
  if [[ -n $APP_PID ]]; then
    echo 5 >"/proc/$APP_PID/clear_refs" # restart the peak-RSS count (VmHWM) for this scenario
    app0=$(app_ticks)
  fi
  children_cpu
  pg0=$(pg_ticks) host0=$(host_ticks) child0=$CHILD_CPU t0=$EPOCHREALTIME
  run_bg "$@" >"$RUN/$name.out" 2>"$RUN/$name.err" || rc=$?
  t1=$EPOCHREALTIME
  children_cpu
  child1=$CHILD_CPU host1=$(host_ticks)
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
  printf '{"name":"%s","reference":%s,"seconds":%s,"exit_code":%d,"app_cpu":%s,"app_rss_mib":%s,"pg_cpu":%s,"loadgen_cpu":%s,"host_cpu":%s,"result":%s}\n' \
    "$name" "$ref" "$wall" "$rc" "$app_cpu" "$app_rss" "$(calc "($pg1 - $pg0) / $CLK_TCK / $wall")" \
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

# ------------------------------------------------------------------ the run

main() {
  FAILED=()
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

  start_simulator
  start_app
  driver users "$ACCOUNTS" >"$TMP/users-many.tsv"
  driver users 1 >"$TMP/users-hot.tsv"
  driver users "$PROBE_RATE" >"$TMP/users-probe.tsv"
  for f in many hot probe; do driver open "$TMP/users-$f.tsv" >&2; done
  log "warm-up: ${WARMUP_SECONDS} s of deposits (not recorded)"
  run_bg wrk_load deposit "$TMP/users-many.tsv" "$WARMUP_SECONDS" >"$RUN/warmup.out"
  settle

  local ref=pgbench-c$CLIENTS
  run_scenario deposit-many "$ref" parse_wrk wrk_load deposit "$TMP/users-many.tsv" "$LOAD_SECONDS"
  settle
  run_scenario deposit-hot "$ref" parse_wrk wrk_load deposit "$TMP/users-hot.tsv" "$LOAD_SECONDS"
  settle
  # open-account needs a user never seen before for every request, and each costs a signed token:
  # mint three times what the deposit rate just measured would use, at least 500/s.
  local rps=500
  if [[ $(grep '^{"name":"deposit-many"' "$RUN/scenarios.jsonl") =~ \"rps\":([0-9]+) ]] && ((BASH_REMATCH[1] > rps)); then
    rps=${BASH_REMATCH[1]}
  fi
  driver users $((3 * rps * LOAD_SECONDS)) >"$TMP/users-fresh.tsv"
  run_scenario open-account "$ref" parse_wrk wrk_load open "$TMP/users-fresh.tsv" "$LOAD_SECONDS"
  settle
  run_scenario projection-lag "" parse_last_line "${DRIVER[@]}" lag "$TMP/users-many.tsv" "$TMP/users-probe.tsv" \
    "$LAG_RATE" "$PROBE_RATE" "$LOAD_SECONDS" 3
  settle

  local events
  events=$("${PSQL[@]}" -d "$DB" -Atc 'SELECT max(global_index) FROM domain_event_entry')
  run_scenario batch-insert "" parse_batch_insert batch_insert "$events"
  run_scenario replay batch-insert parse_last_line "${DRIVER[@]}" replay accounts "$events"
  settle

  driver users "$APPLICATIONS" >"$TMP/users-applications.tsv"
  run_scenario osago-applications "" parse_last_line "${DRIVER[@]}" applications "$TMP/users-applications.tsv"

  node "$BENCH_DIR/report.js" "$RUN/meta.tsv" "$RUN/scenarios.jsonl" "$RESULTS/latest.md" "$RESULTS/latest.json"
  if ((${#FAILED[@]})); then die "failed scenarios: ${FAILED[*]}"; fi
}

main
