#!/usr/bin/env bash
# PolicyHub local infrastructure: PostgreSQL, Redis and a 4-node ClickHouse
# (router + 3 shards). Everything runs as the current user (PostgreSQL as the
# `postgres` OS user when we are root, because it refuses root), listens on
# 127.0.0.1 only, on non-default ports, and keeps data/logs/pids under .local/
# so no system-wide service or /etc file is ever touched.
#
#   scripts/infra.sh up|down|status
#   scripts/infra.sh stop|start redis|clickhouse|axonserver   (one service, for degradation tests)
#   scripts/infra.sh kill axonserver|postgres                 (SIGKILL, for the fault tests; postgres with
#                                                              its backends)
#
# Axon Server (the distributed mode's event store and message router) is started too when
# AXONSERVER_JAR names its jar: on 127.0.0.1:18024 (HTTP) and 18224 (gRPC), data under
# .local/axonserver. With AXONSERVER_SERVERS set, that server is used and nothing is started.
#
# Overrides: POLICYHUB_LOCAL_DIR, POLICYHUB_PG_PORT, POLICYHUB_REDIS_PORT,
# POLICYHUB_CH_<NODE>_{HTTP,TCP,INTERSERVER}_PORT (NODE = ROUTER, SHARD1..3),
# POLICYHUB_INFRA_TIMEOUT (seconds to wait for a service, default 30).
set -euo pipefail

# Non-root shells often lack the sbin dirs, where clickhouse-server and runuser live.
export PATH="$PATH:/usr/sbin:/sbin"

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd)
LOCAL_DIR=$(realpath -m -- "${POLICYHUB_LOCAL_DIR:-$REPO_ROOT/.local}")
TIMEOUT=${POLICYHUB_INFRA_TIMEOUT:-30}

PG_PORT=${POLICYHUB_PG_PORT:-15432}
# PostgreSQL runs as the `postgres` OS user when we are root. If that user cannot search the
# checkout's path (e.g. a clone under /root), its data lives in a directory of this checkout's own
# under /var/tmp instead, which .local/pg then points to.
set_pg_paths() {
  PG_DIR=$LOCAL_DIR/pg
  if [[ $(id -u) -eq 0 ]] && id postgres &>/dev/null && ! runuser -u postgres -- test -x "$REPO_ROOT"; then
    PG_DIR=/var/tmp/policyhub-pg-$(printf '%s' "$LOCAL_DIR" | sha1sum | cut -c1-12)
  fi
  PG_DATA=$PG_DIR/data
  PG_RUN=$PG_DIR/run
  PG_LOG=$PG_DIR/postgres.log
}
set_pg_paths
PG_USER=policyhub
PG_PASSWORD=policyhub

REDIS_PORT=${POLICYHUB_REDIS_PORT:-16379}
REDIS_DIR=$LOCAL_DIR/redis
REDIS_PID=$REDIS_DIR/redis.pid
REDIS_LOG=$REDIS_DIR/redis.log

CH_DIR=$LOCAL_DIR/clickhouse
CH_CLUSTER=policyhub
CH_NODES=(router shard1 shard2 shard3)
CH_SHARDS=(shard1 shard2 shard3)
declare -A CH_HTTP CH_TCP CH_ISRV
while read -r node http tcp isrv; do
  var=POLICYHUB_CH_${node^^}_HTTP_PORT; CH_HTTP[$node]=${!var:-$http}
  var=POLICYHUB_CH_${node^^}_TCP_PORT; CH_TCP[$node]=${!var:-$tcp}
  var=POLICYHUB_CH_${node^^}_INTERSERVER_PORT; CH_ISRV[$node]=${!var:-$isrv}
done <<'EOF'
router 18123 19000 19009
shard1 18124 19001 19010
shard2 18125 19002 19011
shard3 18126 19003 19012
EOF

AXONSERVER_JAR=${AXONSERVER_JAR:-}
AS_HTTP_PORT=${POLICYHUB_AXONSERVER_HTTP_PORT:-18024}
AS_GRPC_PORT=${POLICYHUB_AXONSERVER_GRPC_PORT:-18224}
AS_DIR=$LOCAL_DIR/axonserver
AS_PID=$AS_DIR/axonserver.pid
AS_LOG=$AS_DIR/axonserver.log

IS_ROOT=false
if [[ $(id -u) -eq 0 ]]; then IS_ROOT=true; fi

log() { printf '[infra] %s\n' "$*"; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

# Fail with the end of the given log files, so CI output shows why.
die_with_logs() {
  local msg=$1 f
  shift
  {
    printf '[infra] ERROR: %s\n' "$msg"
    for f in "$@"; do
      if [[ -s $f ]]; then printf -- '--- tail of %s ---\n' "$f"; tail -n 40 -- "$f"; fi
    done
  } >&2
  exit 1
}

# A killed process stays a zombie until reaped, and kill -0 still succeeds on
# it; so read its state (after the parenthesised name) from /proc instead.
pid_alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) && [[ ${stat##*) } != [ZX]* ]]
}
pid_gone() { ! pid_alive "$1"; }

# Prints the pid recorded in a pid file if that process is alive and is the
# expected program (a stale pid may have been reused by something else).
live_pid() {
  local pidfile=$1 comm=$2 pid
  [[ -r $pidfile ]] || return 1
  pid=$(head -n 1 -- "$pidfile" 2>/dev/null | tr -dc '0-9')
  [[ -n $pid ]] && pid_alive "$pid" || return 1
  [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$comm"* ]] || return 1
  echo "$pid"
}

# True if anything accepts TCP connections on 127.0.0.1:port.
port_busy() { timeout 2 bash -c ": >/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# Refuse to start when another process (e.g. a second checkout) owns our ports.
ensure_ports_free() {
  local what=$1 port
  shift
  for port in "$@"; do
    if port_busy "$port"; then
      die "$what: port $port on 127.0.0.1 is already used by a process this checkout did not start ($LOCAL_DIR); stop it or override the port"
    fi
  done
}

# Runs "$@" with stdin from /dev/null and every inherited descriptor above 2
# closed. A daemon keeping one open (e.g. CI's output pipe, or a $(...) capture)
# would hang whoever waits for that pipe to close. Callers add setsid so the
# daemon also leaves the caller's session and its signals.
detached() {
  (
    for fd in /proc/self/fd/*; do
      fd=${fd##*/}
      if ((fd > 2)); then exec {fd}>&-; fi
    done
    "$@" </dev/null
  )
}

# Polls "$@" (a command or function) until it succeeds or TIMEOUT passes.
wait_until() {
  local deadline=$((SECONDS + TIMEOUT))
  until "$@"; do
    if ((SECONDS >= deadline)); then return 1; fi
    sleep 0.2
  done
}

# ---------------------------------------------------------------- packages

# Highest installed PostgreSQL (binaries are not on PATH on Debian).
pg_newest_bin() {
  local initdb
  initdb=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
  [[ -x $initdb ]] || return 1
  dirname -- "$initdb"
}

missing_packages() {
  local -a miss=()
  pg_newest_bin >/dev/null || miss+=(postgresql)
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null || miss+=(redis-server)
  command -v clickhouse-server >/dev/null || miss+=(clickhouse-server)
  command -v clickhouse-client >/dev/null || miss+=(clickhouse-client)
  command -v curl >/dev/null || miss+=(curl)
  # the edge of the distributed mode (scripts/distributed.sh); never started as a system service
  [[ -x /usr/sbin/nginx ]] || command -v nginx >/dev/null || miss+=(nginx)
  echo "${miss[*]}"
}

ensure_packages() {
  local miss
  miss=$(missing_packages)
  [[ -z $miss ]] && return 0
  if ! $IS_ROOT; then
    printf '[infra] missing packages; install them first:\n' >&2
    printf 'sudo apt-get install -y %s\n' "$miss" >&2
    exit 1
  fi
  log "installing $miss"
  # Debian starts a package's system-wide service on install; policy-rc.d
  # answering 101 forbids that. Only add (and later remove) our own.
  local policy=/usr/sbin/policy-rc.d own_policy=false
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\n# temporary, from PolicyHub scripts/infra.sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    own_policy=true
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  # A fresh machine has empty package lists.
  apt-get update -q
  # shellcheck disable=SC2086 # $miss is a word list
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o Dpkg::Use-Pty=0 $miss
  if $own_policy; then
    rm -f "$policy"
    trap - EXIT
  fi
  miss=$(missing_packages)
  [[ -z $miss ]] || die "still missing after apt-get install: $miss"
}

# -------------------------------------------------------------- PostgreSQL

# Binaries of the version that created the data dir, else the newest one.
pg_bin() {
  local ver
  if [[ -r $PG_DATA/PG_VERSION ]]; then
    ver=$(<"$PG_DATA/PG_VERSION")
    [[ -x /usr/lib/postgresql/$ver/bin/postgres ]] ||
      die "$PG_DATA was created by PostgreSQL $ver, which is not installed (remove $PG_DIR to start afresh)"
    echo "/usr/lib/postgresql/$ver/bin"
  else
    pg_newest_bin
  fi
}

# PostgreSQL refuses to run as root, so root hands it to the `postgres` user.
# cd / because that user may not be allowed into the caller's directory.
as_pg() {
  if $IS_ROOT; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# Links .local/pg to PostgreSQL's data when it had to live outside the checkout (see set_pg_paths).
pg_link_data_dir() {
  if [[ $PG_DIR != "$LOCAL_DIR/pg" ]]; then
    mkdir -p "$PG_DIR"
    ln -sfn "$PG_DIR" "$LOCAL_DIR/pg"
  fi
}

pg_pid() { live_pid "$PG_DATA/postmaster.pid" postgres; }
pg_ready() { pg_pid >/dev/null && "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2; }

pg_init() {
  log "initialising PostgreSQL data dir $PG_DATA"
  mkdir -p "$PG_DATA" "$PG_RUN"
  if $IS_ROOT; then chown -R postgres:postgres "$PG_DIR"; fi
  chmod 700 "$PG_DATA"
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$PG_DIR/initdb.log" 2>&1 ||
    die_with_logs "initdb failed (remove $PG_DIR to retry from scratch)" "$PG_DIR/initdb.log"
  # Our settings live in their own file, rewritten on every start.
  echo "include 'policyhub.conf'" >>"$PG_DATA/postgresql.conf"
}

# (Re)written before each start so edits to this script take effect.
pg_write_config() {
  cat >"$PG_DATA/policyhub.conf" <<EOF
# Written by scripts/infra.sh on every start; edit the script, not this file.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_RUN'
unix_socket_permissions = 0700
max_connections = 200
shared_buffers = 256MB
# Durability stays on: benchmarks rely on it.
fsync = on
synchronous_commit = on
wal_level = replica
log_destination = 'stderr'
logging_collector = off
EOF
  cat >"$PG_DATA/pg_hba.conf" <<'EOF'
# Written by scripts/infra.sh. Unix socket (mode 0700, owner only): trust; TCP: password.
local all all                trust
host  all all 127.0.0.1/32   scram-sha-256
EOF
  if $IS_ROOT; then chown postgres:postgres "$PG_DATA/policyhub.conf" "$PG_DATA/pg_hba.conf"; fi
}

# Idempotent, so it runs on every `up` and repairs a half-provisioned cluster.
# As superuser over the socket, which pg_hba trusts.
pg_provision() {
  if ! "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_RUN" -p "$PG_PORT" -U postgres -d postgres <<EOF
SELECT 'CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD ''$PG_PASSWORD'''
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER')\gexec
SELECT format('CREATE DATABASE %I OWNER $PG_USER', d)
  FROM unnest(ARRAY['policyhub', 'policyhub_test', 'policyhub_scaleout', 'policyhub_test_axon', 'policyhub_scaleout_axon', 'policyhub_distributed']) AS d
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = d)\gexec
EOF
  then
    die_with_logs "creating the PostgreSQL role/databases failed" "$PG_LOG"
  fi
}

pg_up() {
  PG_BIN=$(pg_bin) || die "PostgreSQL binaries not found under /usr/lib/postgresql"
  if pg_pid >/dev/null; then
    log "postgres already running"
  else
    ensure_ports_free postgres "$PG_PORT"
    # A killed postmaster leaves its lock files behind, and PostgreSQL would
    # still take an unreaped zombie (or a reused pid) for a live owner.
    rm -f "$PG_DATA/postmaster.pid" "$PG_RUN/.s.PGSQL.$PG_PORT.lock"
    [[ -f $PG_DATA/PG_VERSION ]] || pg_init
    pg_write_config
    log "starting postgres on 127.0.0.1:$PG_PORT"
    detached as_pg setsid -w "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -s -w -t "$TIMEOUT" start ||
      die_with_logs "postgres failed to start" "$PG_LOG"
  fi
  wait_until pg_ready || die_with_logs "postgres is not accepting connections on port $PG_PORT" "$PG_LOG"
  pg_provision
}

# SIGKILL of the postmaster and every backend (its process group), for the crash tests
pg_kill() {
  local pid pgid
  pid=$(pg_pid) || return 0
  pgid=$(ps -o pgid= -p "$pid" | tr -d ' ')
  log "killing postgres (pid $pid, process group $pgid, SIGKILL)"
  if [[ -n $pgid && $pgid != "$(ps -o pgid= -p $$ | tr -d ' ')" ]]; then
    kill -KILL -- "-$pgid" 2>/dev/null || kill -KILL "$pid"
  else
    kill -KILL "$pid"
  fi
  wait_until pid_gone "$pid" || die "postgres (pid $pid) still running"
}

pg_down() {
  local pid
  pid=$(pg_pid) || return 0
  log "stopping postgres (pid $pid)"
  as_pg "$(pg_bin)/pg_ctl" -D "$PG_DATA" -s -m fast -w -t "$TIMEOUT" stop
}

# ------------------------------------------------------------------- Redis

redis_pid() { live_pid "$REDIS_PID" redis-server; }
redis_ready() { redis_pid >/dev/null && [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }

redis_up() {
  if redis_pid >/dev/null; then
    log "redis already running"
  else
    ensure_ports_free redis "$REDIS_PORT"
    rm -f "$REDIS_PID"
    mkdir -p "$REDIS_DIR"
    cat >"$REDIS_DIR/redis.conf" <<EOF
# Written by scripts/infra.sh on every start; edit the script, not this file.
bind 127.0.0.1
port $REDIS_PORT
protected-mode yes
daemonize yes
pidfile "$REDIS_PID"
dir "$REDIS_DIR"
logfile "$REDIS_LOG"
appendonly yes
appendfsync everysec
maxmemory 256mb
maxmemory-policy allkeys-lru
EOF
    log "starting redis on 127.0.0.1:$REDIS_PORT"
    # Config errors go to stderr before the log file is opened: keep them in the log.
    detached setsid -w redis-server "$REDIS_DIR/redis.conf" >>"$REDIS_LOG" 2>&1 ||
      die_with_logs "redis-server failed to start" "$REDIS_LOG"
  fi
  wait_until redis_ready ||
    die_with_logs "redis did not answer PING on port $REDIS_PORT within ${TIMEOUT}s" "$REDIS_LOG"
}

# -------------------------------------------------------------- ClickHouse

ch_pid() { live_pid "$CH_DIR/$1/clickhouse.pid" clickhouse; }
ch_ready() {
  ch_pid "$1" >/dev/null &&
    [[ $(curl -fsS --max-time 2 "http://127.0.0.1:${CH_HTTP[$1]}/?query=SELECT%201" 2>/dev/null) == 1 ]]
}
# Plain curl: 18.16's HTTP response compression is broken, and curl doesn't ask for it.
ch_query() { curl -fsS --max-time 30 --data-binary "$2" "http://127.0.0.1:${CH_HTTP[$1]}/"; }

# (Re)written before each start so edits to this script take effect.
ch_write_config() {
  local node=$1 d=$CH_DIR/$1 shard shards=""
  for shard in "${CH_SHARDS[@]}"; do
    shards+="            <shard><replica><host>127.0.0.1</host><port>${CH_TCP[$shard]}</port></replica></shard>"$'\n'
  done
  mkdir -p "$d"/{data,tmp,user_files,format_schemas,log}
  # 18.x: root element <yandex>; no <zookeeper>, so no ON CLUSTER DDL.
  cat >"$d/config.xml" <<EOF
<?xml version="1.0"?>
<!-- Written by scripts/infra.sh on every start; edit the script, not this file. -->
<yandex>
    <logger>
        <level>information</level>
        <log>$d/log/clickhouse-server.log</log>
        <errorlog>$d/log/clickhouse-server.err.log</errorlog>
        <size>100M</size>
        <count>3</count>
    </logger>
    <listen_host>127.0.0.1</listen_host>
    <http_port>${CH_HTTP[$node]}</http_port>
    <tcp_port>${CH_TCP[$node]}</tcp_port>
    <interserver_http_host>127.0.0.1</interserver_http_host>
    <interserver_http_port>${CH_ISRV[$node]}</interserver_http_port>
    <max_connections>1024</max_connections>
    <keep_alive_timeout>3</keep_alive_timeout>
    <max_concurrent_queries>100</max_concurrent_queries>
    <mark_cache_size>67108864</mark_cache_size>
    <uncompressed_cache_size>67108864</uncompressed_cache_size>
    <path>$d/data/</path>
    <tmp_path>$d/tmp/</tmp_path>
    <user_files_path>$d/user_files/</user_files_path>
    <format_schema_path>$d/format_schemas/</format_schema_path>
    <users_config>$d/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <mlock_executable>false</mlock_executable>
    <remote_servers>
        <$CH_CLUSTER>
$shards        </$CH_CLUSTER>
    </remote_servers>
</yandex>
EOF
  # insert_distributed_sync=1: a Distributed insert returns only once the
  # shards have the rows, so reads right after a write see them.
  cat >"$d/users.xml" <<'EOF'
<?xml version="1.0"?>
<!-- Written by scripts/infra.sh on every start; edit the script, not this file. -->
<yandex>
    <profiles>
        <default>
            <use_uncompressed_cache>0</use_uncompressed_cache>
            <load_balancing>random</load_balancing>
            <insert_distributed_sync>1</insert_distributed_sync>
        </default>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks>
                <ip>127.0.0.1</ip>
                <ip>::1</ip>
            </networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
    </users>
    <quotas>
        <default>
            <interval>
                <duration>3600</duration>
                <queries>0</queries>
                <errors>0</errors>
                <result_rows>0</result_rows>
                <read_rows>0</read_rows>
                <execution_time>0</execution_time>
            </interval>
        </default>
    </quotas>
</yandex>
EOF
}

# Launches one node without waiting, so the four nodes boot in parallel.
ch_start() {
  local node=$1 d=$CH_DIR/$1
  if ch_pid "$node" >/dev/null; then
    log "clickhouse-$node already running"
    return 0
  fi
  ensure_ports_free "clickhouse-$node" "${CH_HTTP[$node]}" "${CH_TCP[$node]}" "${CH_ISRV[$node]}"
  rm -f "$d/clickhouse.pid"
  ch_write_config "$node"
  log "starting clickhouse-$node on 127.0.0.1:${CH_HTTP[$node]} (tcp ${CH_TCP[$node]})"
  detached setsid -w clickhouse-server --config-file="$d/config.xml" --pid-file="$d/clickhouse.pid" \
    --daemon >>"$d/log/stdout.log" 2>&1 ||
    die_with_logs "clickhouse-$node failed to start" "$d/log/stdout.log" "$d/log/clickhouse-server.err.log"
}

ch_wait() {
  local node=$1 d=$CH_DIR/$1 db
  wait_until ch_ready "$node" ||
    die_with_logs "clickhouse-$node did not answer on port ${CH_HTTP[$node]} within ${TIMEOUT}s" \
      "$d/log/stdout.log" "$d/log/clickhouse-server.err.log"
  for db in policyhub policyhub_test policyhub_scaleout policyhub_test_axon policyhub_scaleout_axon policyhub_distributed; do
    ch_query "$node" "CREATE DATABASE IF NOT EXISTS $db" >/dev/null ||
      die_with_logs "creating database $db on clickhouse-$node failed" "$d/log/clickhouse-server.err.log"
  done
}

# ------------------------------------------------------------- Axon Server

as_wanted() { [[ -z ${AXONSERVER_SERVERS:-} && -n $AXONSERVER_JAR ]]; }
as_pid() { live_pid "$AS_PID" java; }
# Its health answers UP even when the gRPC port failed to bind: wait for the gateway's log line too.
as_ready() {
  as_pid >/dev/null &&
    grep -q "Gateway started on port: $AS_GRPC_PORT" "$AS_LOG" 2>/dev/null &&
    [[ $(curl -fsS --max-time 2 "http://127.0.0.1:$AS_HTTP_PORT/actuator/health" 2>/dev/null) == *'"UP"'* ]]
}

as_up() {
  if [[ -n ${AXONSERVER_SERVERS:-} ]]; then
    log "Axon Server: using $AXONSERVER_SERVERS (AXONSERVER_SERVERS)"
    return 0
  fi
  if [[ -z $AXONSERVER_JAR ]]; then
    log "Axon Server: not started (set AXONSERVER_JAR to its jar for the distributed mode and its tests)"
    return 0
  fi
  [[ -r $AXONSERVER_JAR ]] || die "AXONSERVER_JAR=$AXONSERVER_JAR is not a readable file"
  if as_pid >/dev/null; then
    log "axonserver already running"
  else
    ensure_ports_free axonserver "$AS_HTTP_PORT" "$AS_GRPC_PORT"
    mkdir -p "$AS_DIR"/{events,data}
    rm -f "$AS_PID"
    # server.address keeps HTTP on loopback; gRPC listens on all interfaces, hence a non-default port
    cat >"$AS_DIR/axonserver.properties" <<EOF
# Written by scripts/infra.sh on every start; edit the script, not this file.
axoniq.axonserver.standalone=true
axoniq.axonserver.hostname=localhost
server.address=127.0.0.1
server.port=$AS_HTTP_PORT
axoniq.axonserver.port=$AS_GRPC_PORT
axoniq.axonserver.event.storage=$AS_DIR/events
axoniq.axonserver.snapshot.storage=$AS_DIR/events
axoniq.axonserver.controldb-path=$AS_DIR/data
axoniq.axonserver.pid-file-location=$AS_DIR/data
EOF
    log "starting axonserver on 127.0.0.1:$AS_HTTP_PORT (grpc $AS_GRPC_PORT) from $AXONSERVER_JAR"
    local jar
    jar=$(realpath -- "$AXONSERVER_JAR")
    : >"$AS_LOG"
    # the subshell becomes java (exec), so $! is the server's pid
    (
      cd "$AS_DIR"
      for fd in /proc/self/fd/*; do
        fd=${fd##*/}
        if ((fd > 2)); then exec {fd}>&-; fi
      done
      AXONIQ_UPDATE_CHECKER_DISABLED=true exec setsid java -Xmx512m -jar "$jar" </dev/null >>"$AS_LOG" 2>&1
    ) &
    echo $! >"$AS_PID"
  fi
  # ~20 s on two idle cores, longer while the machine builds
  TIMEOUT=$((TIMEOUT * 4)) wait_until as_ready || die_with_logs "axonserver did not start in time" "$AS_LOG"
}

as_stop() {
  local signal=$1 pid
  pid=$(as_pid) || return 0
  log "stopping axonserver (pid $pid, SIG$signal)"
  kill "-$signal" "$pid" 2>/dev/null || true
  wait_until pid_gone "$pid" || die "axonserver (pid $pid) still running after ${TIMEOUT}s"
}

# --------------------------------------------------------------- commands

cmd_up() {
  local node
  ensure_packages
  mkdir -p "$LOCAL_DIR"
  set_pg_paths  # the postgres user may only exist since ensure_packages
  pg_link_data_dir
  for node in "${CH_NODES[@]}"; do ch_start "$node"; done
  pg_up
  redis_up
  for node in "${CH_NODES[@]}"; do ch_wait "$node"; done
  as_up
  log "up in ${SECONDS}s"
  cmd_status
}

cmd_down() {
  local node pid i failed=false
  local -a names=() pids=()
  for node in "${CH_NODES[@]}"; do
    if pid=$(ch_pid "$node"); then names+=("clickhouse-$node"); pids+=("$pid"); fi
  done
  if pid=$(redis_pid); then names+=(redis); pids+=("$pid"); fi
  # SIGTERM is a clean shutdown for Redis and ClickHouse; signal all at once
  # so they stop in parallel with PostgreSQL, then wait for each.
  for i in "${!pids[@]}"; do
    log "stopping ${names[i]} (pid ${pids[i]})"
    kill -TERM "${pids[i]}" 2>/dev/null || true
  done
  as_stop TERM || failed=true
  pg_down || failed=true
  for i in "${!pids[@]}"; do
    if ! wait_until pid_gone "${pids[i]}"; then
      printf '[infra] ERROR: %s (pid %s) still running after %ss\n' "${names[i]}" "${pids[i]}" "$TIMEOUT" >&2
      failed=true
    fi
  done
  if $failed; then exit 1; fi
}

# Stops one service (the degradation tests take Redis or ClickHouse away and bring it back).
cmd_stop() {
  local node pid
  local -a pids=()
  case ${1:-} in
    redis) if pid=$(redis_pid); then pids+=("$pid"); fi ;;
    clickhouse) for node in "${CH_NODES[@]}"; do if pid=$(ch_pid "$node"); then pids+=("$pid"); fi; done ;;
    axonserver) as_stop TERM; return 0 ;;
    postgres) pg_down; return 0 ;;
    *) die "usage: $0 stop redis|clickhouse|axonserver|postgres" ;;
  esac
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait_until pid_gone "$pid" || die "$1 (pid $pid) still running after ${TIMEOUT}s"; done
  log "$1 stopped"
}

cmd_start() {
  local node
  case ${1:-} in
    redis) redis_up ;;
    clickhouse)
      for node in "${CH_NODES[@]}"; do ch_start "$node"; done
      for node in "${CH_NODES[@]}"; do ch_wait "$node"; done
      ;;
    axonserver) as_up ;;
    postgres) mkdir -p "$LOCAL_DIR" && pg_link_data_dir && pg_up ;;
    *) die "usage: $0 start redis|clickhouse|axonserver|postgres" ;;
  esac
}

# One status line; runs the readiness check "$@" and records a failure in STATUS_RC.
report() {
  local name=$1 addr=$2 state=running
  shift 2
  if ! "$@"; then state=stopped; STATUS_RC=3; fi
  printf '%-18s 127.0.0.1:%-18s %s\n' "$name" "$addr" "$state"
}

cmd_status() {
  local node
  STATUS_RC=0
  report postgres "$PG_PORT" pg_ready
  report redis "$REDIS_PORT" redis_ready
  for node in "${CH_NODES[@]}"; do
    report "clickhouse-$node" "${CH_HTTP[$node]} (tcp ${CH_TCP[$node]})" ch_ready "$node"
  done
  if as_wanted || as_pid >/dev/null; then report axonserver "$AS_HTTP_PORT (grpc $AS_GRPC_PORT)" as_ready; fi
  return "$STATUS_RC"
}

case ${1:-} in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  stop) cmd_stop "${2:-}" ;;
  start) cmd_start "${2:-}" ;;
  kill)
    case ${2:-} in
      axonserver) as_stop KILL ;;
      postgres) pg_kill ;;
      *) die "usage: $0 kill axonserver|postgres" ;;
    esac
    ;;
  *)
    echo "usage: $0 up|down|status|stop|start redis|clickhouse|axonserver|postgres|kill axonserver|postgres" >&2
    exit 2
    ;;
esac
