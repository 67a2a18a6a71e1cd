#!/usr/bin/env bash
# The insurer simulator (insurer-simulator/target/insurer-simulator.jar) in the background on
# 127.0.0.1:${SIMULATOR_PORT:-8090}; pid file and log in .local/simulator/. Idempotent: `start` leaves a
# running simulator alone and replaces a stale pid file, `stop` is fine when nothing runs.
#
#   scripts/simulator.sh start [jar arguments, e.g. --simulator.deterministic=true]
#   scripts/simulator.sh stop
#   scripts/simulator.sh status      # exits non-zero when it does not run
#
# SIMULATOR_START_TIMEOUT: seconds to wait for /health (default 30).
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
jar=$root/insurer-simulator/target/insurer-simulator.jar
port=${SIMULATOR_PORT:-8090}
dir=$root/.local/simulator
pid_file=$dir/simulator.pid
log=$dir/simulator.log
timeout=${SIMULATOR_START_TIMEOUT:-30}

say() { printf '[simulator] %s\n' "$*"; }
die() { printf '[simulator] ERROR: %s\n' "$*" >&2; exit 1; }

# A killed process stays a zombie until reaped, and kill -0 still succeeds on it: read its state instead.
pid_alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) && [[ ${stat##*) } != [ZX]* ]]
}

# The recorded pid, if that process is alive and still our jar (a stale pid may have been reused).
live_pid() {
  local pid cmdline
  [[ -r $pid_file ]] || return 1
  pid=$(tr -dc '0-9' <"$pid_file")
  [[ -n $pid ]] && pid_alive "$pid" || return 1
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) && [[ $cmdline == *"$jar"* ]] || return 1
  echo "$pid"
}

healthy() { curl -fs --max-time 2 "http://127.0.0.1:$port/health" >/dev/null; }

port_busy() { timeout 2 bash -c ": >/dev/tcp/127.0.0.1/$port" 2>/dev/null; }

stop_pid() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  while pid_alive "$pid"; do sleep 0.1; done
}

fail_start() {
  printf '[simulator] ERROR: %s; tail of %s:\n' "$1" "$log" >&2
  tail -n 40 -- "$log" >&2 || true
  exit 1
}

start() {
  local pid deadline
  if pid=$(live_pid); then
    if (($#)); then say "already running (pid $pid); arguments not applied: $*"; fi
  else
    [[ -f $jar ]] || die "$jar is missing; build it: mvn -B -q -pl insurer-simulator -am package -DskipTests"
    port_busy && die "port $port on 127.0.0.1 is used by a process this checkout did not start; stop it or set SIMULATOR_PORT"
    mkdir -p "$dir"
    rm -f "$pid_file"
    # Detached: no terminal input, output to the log, no inherited descriptor (a CI pipe or a $(...)
    # capture kept open would hang whoever waits for it), its own session so the caller's Ctrl-C
    # does not reach it.
    (
      exec </dev/null >"$log" 2>&1
      for fd in /proc/self/fd/*; do
        fd=${fd##*/}
        if ((fd > 2)); then exec {fd}>&-; fi
      done
      exec setsid java -Xmx128m -jar "$jar" --server.port="$port" "$@"
    ) &
    pid=$!
    echo "$pid" >"$pid_file"
  fi
  deadline=$((SECONDS + timeout))
  until healthy; do
    pid_alive "$pid" || { rm -f "$pid_file"; fail_start "it exited during start-up"; }
    if ((SECONDS >= deadline)); then
      stop_pid "$pid"
      rm -f "$pid_file"
      fail_start "no answer from http://127.0.0.1:$port/health after ${timeout} s"
    fi
    sleep 0.2
  done
  say "up on http://127.0.0.1:$port (pid $pid, log $log)"
}

stop() {
  local pid
  if pid=$(live_pid); then
    stop_pid "$pid"
    say "stopped (pid $pid)"
  else
    say "not running"
  fi
  rm -f "$pid_file"
}

status() {
  local pid
  if pid=$(live_pid); then
    if healthy; then say "running on http://127.0.0.1:$port (pid $pid)"; else say "starting or not answering (pid $pid)"; fi
  else
    say "not running"
    return 1
  fi
}

command=${1:-}
shift || true
case $command in
  start) start "$@" ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: $0 start [jar arguments]|stop|status" ;;
esac
