#!/usr/bin/env bash
# promtool, the rule checker of Prometheus, from Debian's `prometheus` package without installing
# the package (which would start a Prometheus daemon): the .deb is downloaded and only promtool is
# taken out of it, into .local/tools/. Prints the tool's path.
#
#   scripts/promtool.sh            the path of promtool, fetched first when missing
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tool=$root/.local/tools/promtool

if [[ -x $tool ]]; then echo "$tool"; exit 0; fi
if command -v promtool >/dev/null; then command -v promtool; exit 0; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fetch() { (cd "$work" && apt-get download prometheus >/dev/null 2>&1); }
if ! fetch; then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -q >/dev/null
    fetch || { echo "[promtool] apt-get download prometheus failed" >&2; exit 1; }
  else
    echo "[promtool] cannot download Debian's prometheus package; run once: sudo apt-get update" >&2
    echo "[promtool] (or install promtool on PATH: sudo apt-get install -y prometheus)" >&2
    exit 1
  fi
fi
dpkg-deb -x "$work"/prometheus_*.deb "$work/x"
mkdir -p "$(dirname "$tool")"
install -m 0755 "$work/x/usr/bin/promtool" "$tool"
echo "[promtool] $("$tool" --version 2>&1 | head -1) in $tool" >&2
echo "$tool"
