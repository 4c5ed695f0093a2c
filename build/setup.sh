#!/usr/bin/env bash
# One-stop machine setup for builds and tests (what a fresh CI machine runs):
#   1. registry.sh    local OCI registry on localhost:5000
#   2. base-image.sh  aspnet:10.0-like base image in it (+ SDK publish smoke test)
#   3. podman.sh      podman + runc with our configs (+ run smoke test)
#   4. postgres.sh    Debian PostgreSQL binaries (tests start their own cluster on loopback)
#   and kube-tools.sh: pinned kubectl 1.35 + helm under $KUBEAI_STATE/kube-tools/bin
# Each step is idempotent and a fast no-op when already done.
#
# stdout is only the podman export line, so callers can:
#   eval "$(build/setup.sh)"
# Progress and timings go to stderr.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# curl is ensured by the steps, jq is not used. Add packages here (not in the steps)
# when tests start to need them. postgresql, redis-server: the backing-service probe
# tests run the generated pg_isready / redis-cli checks against real servers.
EXTRA_PACKAGES=(postgresql redis-server)
((${#EXTRA_PACKAGES[@]} == 0)) || apt_ensure "${EXTRA_PACKAGES[@]}"

step() {
  local name="$1" start=$SECONDS
  shift
  "$here/$name" "$@"
  log "$name took $((SECONDS - start))s"
}

step kube-tools.sh >/dev/null
step registry.sh
step base-image.sh
step postgres.sh >/dev/null
step podman.sh          # prints the export line on stdout
log "setup done in ${SECONDS}s (state: $KUBEAI_STATE)"
