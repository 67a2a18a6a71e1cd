#!/usr/bin/env bash
# Runs the application jar in the foreground on the newest JDK found (Java 17 or later), with
# JAVA_OPTS. On JDK 25 or later it runs the jar extracted, from an ahead-of-time cache of its loaded
# classes and method profiles (JEPs 483, 514, 515): a start without a usable cache records one, which
# the JVM writes when that run exits; every later start of the same jar on the same JDK loads it, with
# C2 alone, and is warm sooner (80 % of the warm rate after 22-25 s here, 30-33 s with C1's tiers too,
# 35-49 s on Java 17; decision 40, bench/README.md). On an older JDK the jar runs as it is.
#
#   scripts/app.sh JAR [application arguments]
#   scripts/app.sh --java            # print the java binary it would use
#
# JAVA: the java binary (default: the newest of $JAVA_HOME, /usr/lib/jvm/* and the PATH's);
# APP_DIR: where the extracted jar and its cache live (default .local/app); APP_AOT=off: no cache.
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
dir=${APP_DIR:-$root/.local/app}

major() { # JAVA: its feature version, or 0; from its JDK's release file, as starting a JVM takes a while
  local home
  home=$(dirname -- "$(dirname -- "$(readlink -f -- "$1")")")
  { sed -nE 's/^JAVA_VERSION="(1\.)?([0-9]+).*/\2/p' "$home/release" 2>/dev/null ||
    "$1" -version 2>&1 | sed -nE '1s/.*version "(1\.)?([0-9]+).*/\2/p'; } | grep . || echo 0
}

pick_java() { # prints JAVA, its feature version
  if [[ -n ${JAVA:-} ]]; then echo "$JAVA $(major "$JAVA")"; return; fi
  local best="" best_major=0 candidate m
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/*/bin/java "$(command -v java || true)"; do
    [[ -x $candidate ]] || continue
    m=$(major "$candidate")
    if ((m > best_major)); then best=$candidate best_major=$m; fi
  done
  ((best_major >= 17)) || { echo "[app] ERROR: no Java 17 or later (sudo apt-get install -y openjdk-17-jdk-headless)" >&2; exit 1; }
  echo "$best $best_major"
}

# The jar extracted (a thin jar and lib/: the cache maps classes from plain jar files only), again
# whenever the jar changes, which also drops the cache recorded for the old one.
extract() { # JAVA JAR
  local source
  source=$(stat -c '%s %Y' -- "$2")
  if [[ ! -f $dir/policyhub.jar || $(cat "$dir/source" 2>/dev/null) != "$source" ]]; then
    rm -rf "$dir" && mkdir -p "$dir"
    "$1" -Djarmode=tools -jar "$2" extract --destination "$dir" >/dev/null
    echo "$source" >"$dir/source"
  fi
}

# load: a cache this JDK accepts for this jar (the JVM checks it; a run killed while writing one, or
# another JDK's, fails the check and is dropped); record: none yet, this run writes one on exit.
aot_state() { # JAVA [JVM options]
  if [[ -f $dir/policyhub.aot ]] &&
    "$@" -XX:AOTCache="$dir/policyhub.aot" -XX:AOTMode=on -cp "$dir/policyhub.jar" -version >/dev/null 2>&1; then
    echo load
  else
    rm -f "$dir/policyhub.aot"
    echo record
  fi
}

case ${1:-} in
  --java) pick_java | cut -d' ' -f1; exit ;;
  "" | -*) sed -n '2,15s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac

jar=$1
shift
read -r java java_major < <(pick_java) && [[ -n $java ]] || exit 1
[[ -f $jar ]] || { echo "[app] ERROR: no jar at $jar (make build)" >&2; exit 1; }
read -ra opts <<<"${JAVA_OPTS:-}"
state=off
if [[ ${APP_AOT:-on} != off ]] && ((java_major >= 25)); then
  extract "$java" "$jar"
  state=$(aot_state "$java" "${opts[@]}")
fi
case $state in
  # With the profiles known from the start, C2 has the whole request path to compile at once: on a
  # small machine, more compiler threads get it a fair share of the cores beside the load, and C2
  # alone, without C1's profiling tiers, leaves the cores to it (unless JAVA_OPTS says otherwise)
  load)
    opts+=(-XX:AOTCache="$dir/policyhub.aot") jar=$dir/policyhub.jar
    [[ " ${opts[*]} " == *" -XX:CICompilerCount="* ]] || opts+=(-XX:CICompilerCount=8)
    [[ " ${opts[*]} " == *"TieredCompilation"* ]] || opts+=(-XX:-TieredCompilation) ;;
  record) opts+=(-XX:AOTCacheOutput="$dir/policyhub.aot") jar=$dir/policyhub.jar ;;
esac
echo "[app] $java (Java $java_major), ahead-of-time cache: $state" >&2
exec "$java" "${opts[@]}" -jar "$jar" "$@"
