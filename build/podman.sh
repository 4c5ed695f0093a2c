#!/usr/bin/env bash
# Daemonless container runtime for tests: Debian's podman + runc, driven by our
# own config files under $KUBEAI_STATE/podman (nothing in /etc is changed).
#
#   build/podman.sh           install if needed, write configs, verify once,
#                             then print the export line (stdout)
#   build/podman.sh env       only print the export line (no install, no checks)
#   build/podman.sh verify    run the smoke container again even if verified
#
# Use:   eval "$(build/podman.sh env)"   (or eval "$(build/podman.sh)")
#
# Env: KUBEAI_PODMAN_DRIVER=overlay|vfs to skip the overlay probe,
#      KUBEAI_SMOKE_PORT (18080) for the verification container.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

dir="$KUBEAI_STATE/podman"
containers_conf="$dir/containers.conf"
storage_conf="$dir/storage.conf"
registries_conf="$dir/registries.conf"

print_env() {
  printf 'export CONTAINERS_CONF=%q CONTAINERS_STORAGE_CONF=%q CONTAINERS_REGISTRIES_CONF=%q\n' \
    "$containers_conf" "$storage_conf" "$registries_conf"
}

mode="${1:-setup}"
case "$mode" in
  env)
    [[ -f "$containers_conf" ]] || log "warning: $containers_conf missing; run build/podman.sh first"
    print_env; exit 0 ;;
  setup|verify) ;;
  *) die "usage: $0 [setup|env|verify]" ;;
esac

# runc, not crun: podman prefers crun, but Debian's crun 1.8 refuses these
# machines' cgroup v1/v2 hybrid layout ("cgroups in hybrid mode not supported,
# drop all controllers from cgroupv2"). Installing runc together with podman
# satisfies podman's "crun | runc" dependency, so crun is not pulled in.
apt_ensure podman runc conmon curl

take_lock podman
mkdir -p "$dir"
# Exported now so every podman call below uses our files.
export CONTAINERS_CONF="$containers_conf" CONTAINERS_STORAGE_CONF="$storage_conf" \
  CONTAINERS_REGISTRIES_CONF="$registries_conf"

changed=0
# netns=host: no CNI/netavark bridge, so nothing is left behind in iptables and
#   containers reach the registry and each other on 127.0.0.1.
# cgroupfs + file events: there is no systemd (and no journald) here.
# ulimits: pinned so containers get the same limits on every machine, and
#   within this sandbox's own hard limits (nofile 20000 here).
write_if_changed "$containers_conf" <<EOF && changed=1
[containers]
netns = "host"
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "runc"
EOF

# Only localhost:5000 is used; it speaks plain HTTP. No search registries, so a
# short name can never silently go to the internet (which is not reachable).
write_if_changed "$registries_conf" <<EOF && changed=1
unqualified-search-registries = []

[[registry]]
location = "$KUBEAI_REGISTRY"
insecure = true
EOF

# Storage: overlay when the kernel/filesystem allows it, else vfs (works
# everywhere, but copies every layer). Each driver gets its own graphroot: a
# graphroot initialised by one driver refuses the other.
write_storage_conf() {
  write_if_changed "$storage_conf" <<EOF
[storage]
driver = "$1"
graphroot = "$dir/$1/graph"
runroot = "$dir/$1/run"
EOF
}
driver="${KUBEAI_PODMAN_DRIVER:-$(cat "$dir/driver" 2>/dev/null || true)}"
if [[ -z "$driver" ]]; then
  log "probing the overlay storage driver"
  write_storage_conf overlay || true
  if podman info --format '{{.Store.GraphDriverName}}' >/dev/null 2>"$dir/probe.log"; then
    driver=overlay
  else
    log "overlay unusable ($(tail -n 1 "$dir/probe.log")); falling back to vfs"
    driver=vfs
  fi
  echo "$driver" >"$dir/driver"
  changed=1
fi
write_storage_conf "$driver" && changed=1
log "podman $(podman version --format '{{.Client.Version}}'), runtime runc, storage $driver, configs in $dir"

# --- verify: pull and run the smoke web app, expect HTTP 200 -------------------

stamp="$dir/verified"
want="$(cat "$containers_conf" "$storage_conf" "$registries_conf" | sha256sum | cut -c1-16) $(dpkg-query -W -f='${Version}' podman runc)"
if [[ "$mode" == setup && $changed == 0 && "$(cat "$stamp" 2>/dev/null)" == "$want" ]]; then
  log "already verified with these configs; nothing to do"
  print_env
  exit 0
fi

# The smoke image comes from base-image.sh (no-op when it is already pushed).
"$here/base-image.sh"
image="$KUBEAI_REGISTRY/smoke/web:latest"
port="${KUBEAI_SMOKE_PORT:-18080}"
name="kubeai-smoke-$$"
url="http://127.0.0.1:$port/"
if curl -fs -o /dev/null --max-time 2 "$url"; then
  die "port $port already answers; set KUBEAI_SMOKE_PORT to a free port"
fi

log "podman pull $image"
podman pull -q "$image" >/dev/null
trap 'podman rm -f -t 0 "$name" >/dev/null 2>&1 || true' EXIT
log "podman run $image (host network, ASPNETCORE_HTTP_PORTS=$port)"
# 9>&-: conmon outlives this call and must not inherit the lock.
podman run -d --rm --name "$name" --network host -e ASPNETCORE_HTTP_PORTS="$port" "$image" >/dev/null 9>&-

code=000
for _ in $(seq 100); do   # 100 x 0.2 s = 20 s
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)"
  [[ "$code" == 200 ]] && break
  if [[ "$(podman inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" != true ]]; then
    podman logs "$name" >&2 2>/dev/null || true
    die "smoke container exited"
  fi
  sleep 0.2
done
if [[ "$code" != 200 ]]; then
  podman logs "$name" >&2 || true
  die "smoke container answered $code, expected 200"
fi
log "GET $url -> 200 ($(curl -s --max-time 2 "$url"))"
podman stop -t 5 "$name" >/dev/null
trap - EXIT
echo "$want" >"$stamp"
log "verified in ${SECONDS}s"
print_env
