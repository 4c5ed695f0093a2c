#!/usr/bin/env bash
# Debian's PostgreSQL server binaries for the container tests (the SentimentPlatform trainer and API
# images against a real database). Only installs: the tests start their own throwaway cluster on
# loopback (initdb + pg_ctl as the postgres user); Debian's own cluster service is not used.
# Idempotent; prints the bin directory (e.g. /usr/lib/postgresql/15/bin) on stdout.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
bin="$(find_bin)"
if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
  log "installing postgresql"
  apt_ensure postgresql
  bin="$(find_bin)"
fi
[[ -x "$bin/initdb" && -x "$bin/pg_ctl" ]] || die "postgresql installed but no initdb/pg_ctl under /usr/lib/postgresql"
id postgres >/dev/null 2>&1 || die "the postgresql package made no 'postgres' user"
echo "$bin"
