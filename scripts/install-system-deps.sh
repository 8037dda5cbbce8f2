#!/usr/bin/env bash
# Installs what the tests drive as real processes and Python cannot bring: Debian's Chromium
# (Playwright's own browser download is not used) and redis-server (the tests start a private
# one). Does nothing when both are present. Needs root or sudo for apt-get.
set -euo pipefail
missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium fonts-dejavu-core)
command -v redis-server >/dev/null || missing+=(redis-server)
((${#missing[@]})) || exit 0
echo "Installing ${missing[*]} with apt-get (needed by the browser and multi-process tests)"
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
