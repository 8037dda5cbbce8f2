#!/usr/bin/env bash
# Installs what the tests drive as real processes and Python cannot bring: Debian's Chromium
# (Playwright's own browser download is not used), redis-server (the tests start a private one
# and a private Redis Cluster), and, when nothing answers on 127.0.0.1:5432, a PostgreSQL server
# for the PostgreSQL passes of `make test` (trusting local TCP connections: meant for a
# throw-away CI machine). Also what Piiri itself needs from Debian: Pango and HarfBuzz for
# WeasyPrint (the report's PDF), and poppler-utils, whose pdftotext the report's tests read the
# PDF with.
# Does nothing when all are present. Needs root or sudo for apt-get.
set -euo pipefail
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
postgres_answers() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium fonts-dejavu-core)
command -v redis-server >/dev/null || missing+=(redis-server)
postgres_answers || missing+=(postgresql)
for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0; do
  ldconfig -p | grep -q "$lib" || { missing+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0); break; }
done
command -v pdftotext >/dev/null || missing+=(poppler-utils)
((${#missing[@]})) || exit 0
echo "Installing ${missing[*]} with apt-get (needed by the report PDF and the browser, multi-process and PostgreSQL tests)"
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"

if ! postgres_answers; then
  version=$(ls /etc/postgresql | sort -n | tail -1)
  hba=/etc/postgresql/$version/main/pg_hba.conf
  # The tests connect as postgres over TCP without a password.
  $sudo sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
  $sudo pg_ctlcluster "$version" main start || $sudo pg_ctlcluster "$version" main reload
  for _ in $(seq 50); do postgres_answers && break; sleep 0.2; done
  if [[ -n $sudo ]]; then sudo -u postgres psql -qc "SELECT 1"; else runuser -u postgres -- psql -qc "SELECT 1"; fi >/dev/null
fi
