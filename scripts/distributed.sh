#!/usr/bin/env bash
# The distributed mode without containers: an Axon Server of its own, the packaged jar as the four
# roles (command, projections, query, messenger) in separate JVMs, and the compose edge (nginx)
# rendered for loopback upstreams, all on 127.0.0.1. Needs the local infrastructure (scripts/infra.sh)
# and AXONSERVER_JAR (the Axon Server jar).
#
#   scripts/distributed.sh up <jar>     start (keeps the data of an earlier run); the edge on :18180
#   scripts/distributed.sh down         stop the roles, the edge and this Axon Server
#   scripts/distributed.sh e2e <jar>    start afresh, run the Postman collection through the edge, stop
#
# The event store and the read models belong together: this Axon Server (.local/distributed) pairs with
# the databases `policyhub_distributed`, and `e2e` empties both. Sharing Axon Server with another
# deployment would let it route this one's commands and replay its events into the other's sagas.
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
dir=$root/.local/distributed
database=policyhub_distributed
edge_port=${POLICYHUB_EDGE_PORT:-18180}
# the edge's stub_status for the nginx exporter (compose's internal port 8081)
edge_status_port=${POLICYHUB_EDGE_STATUS_PORT:-18189}
as_http=${POLICYHUB_DISTRIBUTED_AXONSERVER_HTTP_PORT:-18026}
as_grpc=${POLICYHUB_DISTRIBUTED_AXONSERVER_GRPC_PORT:-18226}
declare -A role_port=([command]=18181 [projections]=18182 [query]=18183 [messenger]=18184)
roles=(command projections query messenger)

log() { printf '[distributed] %s\n' "$*"; }
die() { printf '[distributed] ERROR: %s\n' "$*" >&2; exit 1; }

pid_alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }
stop_pidfile() {
  local file=$1 pid
  [[ -f $file ]] || return 0
  pid=$(<"$file")
  if pid_alive "$pid"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do pid_alive "$pid" || break; sleep 0.2; done
    pid_alive "$pid" && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

wait_for() { # <what> <seconds> <log> <command...>
  local what=$1 seconds=$2 logfile=$3
  shift 3
  for _ in $(seq 1 $((seconds * 4))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  printf '[distributed] ERROR: %s not ready after %ss; tail of %s:\n' "$what" "$seconds" "$logfile" >&2
  tail -40 "$logfile" >&2 || true
  exit 1
}

sql() { PGPASSWORD=policyhub psql -X -q -h 127.0.0.1 -p "${POLICYHUB_PG_PORT:-15432}" -U policyhub -d postgres -c "$1"; }

# Runs "$@" detached (stdin closed, own session, inherited descriptors closed), logging to $1; prints the pid.
spawn() {
  local logfile=$1
  shift
  (
    for fd in /proc/self/fd/*; do
      fd=${fd##*/}
      if ((fd > 2)); then exec {fd}>&-; fi
    done
    exec setsid "$@" </dev/null >>"$logfile" 2>&1
  ) &
  echo $!
}

# This deployment's own Axon Server, started and stopped the way scripts/infra.sh starts the shared one
axonserver() { # start|stop
  [[ $1 == stop || -r ${AXONSERVER_JAR:-} ]] || die "set AXONSERVER_JAR to the Axon Server jar"
  AXONSERVER_SERVERS='' POLICYHUB_LOCAL_DIR="$dir" POLICYHUB_AXONSERVER_HTTP_PORT=$as_http \
    POLICYHUB_AXONSERVER_GRPC_PORT=$as_grpc "$root/scripts/infra.sh" "$1" axonserver
}

role_args() { # <role>
  local role=$1 r
  printf '%s\n' -Xmx384m -XX:+UseParallelGC -jar "$jar" \
    --server.port="${role_port[$role]}" \
    --spring.profiles.active=local,axonserver \
    --axon.axonserver.servers="localhost:$as_grpc" \
    --spring.application.name="policyhub-$role" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:${POLICYHUB_PG_PORT:-15432}/$database" \
    --spring.flyway.enabled=false \
    --policyhub.clickhouse.database=$database \
    --policyhub.redis.uri=redis://127.0.0.1:${POLICYHUB_REDIS_PORT:-16379}/2 \
    --policyhub.security.jwt.key-dir="$dir/jwt" \
    '--server.tomcat.remoteip.internal-proxies=127\.0\.0\.1' \
    --logging.structured.format.console=ecs \
    --logging.level.io.policyhub.requests=debug
  for r in "${roles[@]}"; do
    if [[ $r == "$role" ]]; then echo "--policyhub.roles.$r=true"; else echo "--policyhub.roles.$r=false"; fi
  done
}

role_up() { # <role>
  local role=$1 logfile=$dir/$1.log
  local -a args
  mapfile -t args < <(role_args "$role")
  : >"$logfile"
  log "$role on 127.0.0.1:${role_port[$role]}"
  AXONIQ_UPDATE_CHECKER_DISABLED=true spawn "$logfile" java "${args[@]}" >"$dir/$role.pid"
}

role_ready() { curl -fsS -o /dev/null "http://127.0.0.1:${role_port[$1]}/actuator/health/readiness"; }

# The compose edge, its upstreams pointed at the loopback roles; routes are taken from the compose file unchanged.
edge_up() {
  local conf=$dir/nginx/nginx.conf nginx
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
  [[ -x $nginx ]] || die "nginx is missing: sudo apt-get install -y nginx (scripts/infra.sh up installs it when root)"
  mkdir -p "$dir/nginx/tmp"
  chmod 1777 "$dir/nginx/tmp"
  {
    echo "# Rendered by scripts/distributed.sh from compose/nginx/default.conf; edit that file, not this one."
    echo "pid $dir/nginx/nginx.pid;"
    echo "error_log $dir/nginx/error.log warn;"
    echo "events { worker_connections 1024; }"
    echo "http {"
    echo "  access_log $dir/nginx/access.log;"
    echo "  client_body_temp_path $dir/nginx/tmp/body; proxy_temp_path $dir/nginx/tmp/proxy;"
    echo "  fastcgi_temp_path $dir/nginx/tmp/fastcgi; uwsgi_temp_path $dir/nginx/tmp/uwsgi; scgi_temp_path $dir/nginx/tmp/scgi;"
    # Docker's resolver and re-resolved names do not exist here; Debian's nginx 1.22 rejects `resolve`
    sed -e '/^resolver /d' \
        -e "s/server command:8080 resolve;/server 127.0.0.1:${role_port[command]};/" \
        -e "s/server query:8080 resolve;/server 127.0.0.1:${role_port[query]};/" \
        -e "s/server projections:8080 resolve;/server 127.0.0.1:${role_port[projections]};/" \
        -e "s/server messenger:8080 resolve;/server 127.0.0.1:${role_port[messenger]};/" \
        -e "s/listen 80 default_server;/listen 127.0.0.1:$edge_port default_server;/" \
        -e "s/listen 8081;/listen 127.0.0.1:$edge_status_port;/" \
        "$root/compose/nginx/default.conf"
    echo "}"
  } >"$conf"
  grep -qE "listen [0-9]+;" "$conf" && die "a listen of compose/nginx/default.conf was not rendered for loopback: $(grep -nE 'listen [0-9]+;' "$conf")"
  grep -q ":8080" "$conf" && die "an upstream of compose/nginx/default.conf was not rendered for loopback: $(grep -n ':8080' "$conf")"
  log "edge (nginx) on 127.0.0.1:$edge_port"
  "$nginx" -p "$dir/nginx" -c "$conf" -t -q
  "$nginx" -p "$dir/nginx" -c "$conf"
}

cmd_up() {
  jar=$(realpath -- "${1:?jar}")
  mkdir -p "$dir"
  cmd_down >/dev/null
  axonserver start
  log "schema migrations (the one-shot before a deployment)"
  local -a args
  mapfile -t args < <(role_args command)
  java "${args[@]/--spring.flyway.enabled=false/--spring.flyway.enabled=true}" --policyhub.migrate-only=true \
    >"$dir/migrate.log" 2>&1 || { tail -40 "$dir/migrate.log"; die "migrations failed"; }
  # one after another: the command role creates the signing keys that the others read, and four JVMs
  # starting at once on two cores took over a minute each (no faster in all, and start-up timeouts hit)
  for role in "${roles[@]}"; do
    role_up "$role"
    wait_for "$role" 180 "$dir/$role.log" role_ready "$role"
  done
  edge_up
  wait_for edge 10 "$dir/nginx/error.log" curl -fsS -o /dev/null "http://127.0.0.1:$edge_port/actuator/health"
  log "ready: http://127.0.0.1:$edge_port"
}

cmd_down() {
  local role
  if [[ -f $dir/nginx/nginx.pid ]]; then stop_pidfile "$dir/nginx/nginx.pid"; fi
  for role in "${roles[@]}"; do stop_pidfile "$dir/$role.pid"; done
  axonserver stop
}

# One request followed through the JVMs by its id, as an operator would (JSON log lines, the trail
# logger at DEBUG): a chat message sent through the edge to the messenger, its command handled by the
# command role, its events by the projections role.
follow_a_request() {
  local id role lines
  id=$(grep -h '"message":"command SendMessage handled by commands"' "$dir/command.log" | head -1 |
    sed -n 's/.*"requestId":"\([^"]*\)".*/\1/p')
  [[ -n $id ]] || { log "no chat message with a request id in the command role's log"; return 1; }
  log "request $id through the roles:"
  for role in messenger command projections; do
    lines=$(grep -h "\"requestId\":\"$id\"" "$dir/$role.log" | sed -n 's/.*"message":"\([^"]*\)".*/\1/p')
    [[ -n $lines ]] || { log "  $role: nothing; the request id was lost on the way"; return 1; }
    echo "$lines" | sed "s/^/  $role: /"
  done
}

started_simulator=false
cmd_e2e() {
  local jar=${1:?jar} status=0
  # a fresh event store with fresh read models
  rm -rf "$dir/axonserver"
  sql "drop database if exists $database with (force)" && sql "create database $database"
  if ! "$root/scripts/simulator.sh" status >/dev/null; then
    "$root/scripts/simulator.sh" start
    started_simulator=true
  fi
  trap 'cmd_down; if $started_simulator; then "$root/scripts/simulator.sh" stop; fi' EXIT
  cmd_up "$jar"
  "$root/node_modules/.bin/newman" run "$root/postman/policyhub.postman_collection.json" \
    -e "$root/postman/local.postman_environment.json" --env-var "baseUrl=http://127.0.0.1:$edge_port" \
    --color off || status=$?
  if [[ $status -eq 0 ]]; then follow_a_request || status=$?; fi
  if [[ $status -eq 0 ]]; then
    # the web console through the edge: its page, /ws, the live page's events and the operator's replay on four roles
    local start=$SECONDS
    (cd "$root" && BASE_URL="http://127.0.0.1:$edge_port" SCREENSHOTS="$root/target/console-distributed" \
      node console/test/journey.mjs) || status=$?
    log "console journey through the edge: $((SECONDS - start)) s, exit $status"
  fi
  if [[ $status -ne 0 ]]; then
    log "newman or the console journey failed through the edge; tails of the role logs:"
    for role in "${roles[@]}"; do echo "--- $role"; tail -20 "$dir/$role.log"; done
  fi
  return "$status"
}

case ${1:-} in
  up) cmd_up "${2:-$root/app/target/policyhub.jar}" ;;
  down) cmd_down ;;
  e2e) cmd_e2e "${2:-$root/app/target/policyhub.jar}" ;;
  *) echo "usage: $0 up [jar]|down|e2e [jar]" >&2; exit 2 ;;
esac
