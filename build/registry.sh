#!/usr/bin/env bash
# Runs a local OCI registry (Debian's docker-registry, i.e. CNCF distribution)
# on 127.0.0.1:5000, storing its data under $KUBEAI_STATE/registry.
# (KUBEAI_REGISTRY=localhost:PORT picks another port, e.g. for an isolated
# second instance; clients must keep the name "localhost", see below.)
#
#   build/registry.sh          install if needed, start if not answering (idempotent)
#   build/registry.sh stop     stop the registry this script started
#   build/registry.sh status   exit 0 when the registry answers
#
# The package's own service cannot be used: service starts are blocked by
# policy-rc.d on these machines and there is no systemd, so we run
# `docker-registry serve` ourselves with our own config.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

dir="$KUBEAI_STATE/registry"
config="$dir/config.yml"
pidfile="$dir/registry.pid"
logfile="$dir/registry.log"

stop_registry() {
  if [[ -f "$pidfile" ]]; then
    local pid
    pid="$(cat "$pidfile")"
    # Only kill the pid if it still is a registry (pids get reused).
    if kill -0 "$pid" 2>/dev/null && grep -q docker-registry "/proc/$pid/cmdline" 2>/dev/null; then
      log "stopping registry (pid $pid)"
      kill "$pid"
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$pidfile"
  fi
  if registry_up; then
    log "something else still answers on $KUBEAI_REGISTRY (not started by this script)"
  else
    log "registry stopped"
  fi
}

case "${1:-start}" in
  stop) stop_registry; exit 0 ;;
  status) registry_up && { log "registry answers on http://$KUBEAI_REGISTRY/v2/"; exit 0; }
          log "registry does not answer"; exit 1 ;;
  start) ;;
  *) die "usage: $0 [start|stop|status]" ;;
esac

# Fast path: already answering (started by us earlier, or by someone else).
if registry_up; then
  log "registry already answers on http://$KUBEAI_REGISTRY/v2/"
  exit 0
fi

apt_ensure docker-registry curl

take_lock registry
if registry_up; then   # another run started it while we waited
  log "registry already answers on http://$KUBEAI_REGISTRY/v2/"
  exit 0
fi

# Clients address it as localhost:PORT: the SDK and podman treat "localhost" as
# plain-HTTP without extra settings, "127.0.0.1" would make the SDK try HTTPS.
[[ "$KUBEAI_REGISTRY" == localhost:* ]] || die "KUBEAI_REGISTRY must be localhost:PORT"
mkdir -p "$dir/data"
# delete.enabled lets tests clean up repositories; filesystem storage keeps the
# data across restarts of the process (and of the machine, under /var/tmp).
write_if_changed "$config" <<EOF || true
version: 0.1
log:
  level: info
  fields:
    service: kubeai-registry
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:${KUBEAI_REGISTRY##*:}
health:
  storagedriver:
    enabled: false
EOF

# A stale pid file (crash, reboot) must not block a restart.
if [[ -f "$pidfile" ]] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  rm -f "$pidfile"
fi

log "starting docker-registry serve $config (log: $logfile)"
# setsid + nohup: the registry must outlive this script and its process group
# (CI runs setup in one shell and tests in later ones).
setsid nohup docker-registry serve "$config" >>"$logfile" 2>&1 </dev/null 9>&- &
echo $! >"$pidfile"

for _ in $(seq 100); do   # 100 x 0.2 s = 20 s
  if registry_up; then
    log "registry up on http://$KUBEAI_REGISTRY/v2/ (pid $(cat "$pidfile"), ${SECONDS}s)"
    exit 0
  fi
  if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    tail -n 20 "$logfile" >&2 || true
    die "docker-registry exited; see $logfile"
  fi
  sleep 0.2
done
tail -n 20 "$logfile" >&2 || true
die "registry did not answer within 20 s; see $logfile"
