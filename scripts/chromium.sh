#!/usr/bin/env bash
# Headless Chromium for the browser tests (Debian's `chromium` package; nothing is started). Prints
# its path; installs the package when run as root and it is missing, else says what to install.
#
#   scripts/chromium.sh            the path of chromium, installed first when missing
set -euo pipefail

find_chromium() { command -v chromium || command -v chromium-browser; }

if find_chromium; then exit 0; fi
if [[ $(id -u) -ne 0 ]]; then
  echo "[chromium] missing; the browser tests report skipped until: sudo apt-get install -y chromium" >&2
  exit 1
fi
echo "[chromium] installing Debian's chromium package" >&2
apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 chromium >/dev/null
find_chromium
