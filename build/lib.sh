# shellcheck shell=bash
# Shared helpers for the build/*.sh scripts. Sourced, never executed.
#
# Conventions:
#   - progress goes to stderr, prefixed with the calling script's name, so that
#     stdout stays clean for machine-readable output (podman.sh prints exports);
#   - all state (configs, registry data, caches, podman storage) lives under
#     $KUBEAI_STATE, never in the repository.

KUBEAI_STATE="${KUBEAI_STATE:-/var/tmp/kubeai}"
KUBEAI_REGISTRY="${KUBEAI_REGISTRY:-localhost:5000}"
export KUBEAI_STATE KUBEAI_REGISTRY

_kubeai_script="$(basename "${BASH_SOURCE[1]:-$0}")"

log()  { printf '[%s] %s\n' "$_kubeai_script" "$*" >&2; }
die()  { printf '[%s] ERROR: %s\n' "$_kubeai_script" "$*" >&2; exit 1; }

# Seconds since the script started, for the timing lines (pack.sh uses it).
elapsed() { echo "$SECONDS"; }

# Serialises concurrent runs of the same step (several sessions or test
# fixtures may run setup at once). Holds an exclusive lock on fd 9 until the
# script exits. Children that outlive the script (the registry, containers)
# must be started with 9>&- so they do not keep the lock.
take_lock() {
  mkdir -p "$KUBEAI_STATE"
  exec 9>"$KUBEAI_STATE/$1.lock"
  if ! flock -n 9; then
    log "waiting for another run to finish ($KUBEAI_STATE/$1.lock)"
    flock -w 900 9 || die "timed out waiting for $KUBEAI_STATE/$1.lock"
  fi
}

# True when the local registry answers the v2 API.
registry_up() { curl -fs -o /dev/null --max-time 2 "http://${KUBEAI_REGISTRY}/v2/"; }

# True when REPO:TAG exists in the local registry (any manifest media type we push).
registry_has() {
  local repo="$1" tag="$2"
  curl -fs -o /dev/null --max-time 5 \
    -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    -H 'Accept: application/vnd.oci.image.index.v1+json' \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://${KUBEAI_REGISTRY}/v2/${repo}/manifests/${tag}"
}

# Writes stdin to FILE only when the content differs, so timestamps (and any
# "config changed" logic keyed on them) stay stable across no-op runs.
# Returns 0 when the file was (re)written, 1 when it was already up to date.
write_if_changed() {
  local file="$1" tmp
  mkdir -p "$(dirname "$file")"
  tmp="$(mktemp "${file}.XXXXXX")"
  cat >"$tmp"
  if [[ -f "$file" ]] && cmp -s "$tmp" "$file"; then
    rm -f "$tmp"
    return 1
  fi
  mv -f "$tmp" "$file"
  chmod 0644 "$file"
  return 0
}

# Installs the given Debian packages if any of them is missing.
# `apt-get update` runs at most once per setup run (the flag is exported so the
# scripts that setup.sh starts do not repeat it). The lock timeout matters when
# another session on the machine happens to be installing at the same time.
apt_ensure() {
  local missing=() p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
      missing+=("$p")
    fi
  done
  ((${#missing[@]} == 0)) && return 0
  [[ $EUID -eq 0 ]] || die "need root to install: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if [[ "${KUBEAI_APT_UPDATED:-}" != 1 ]]; then
    log "apt-get update"
    apt-get -o DPkg::Lock::Timeout=300 update -qq >&2
    export KUBEAI_APT_UPDATED=1
  fi
  log "apt-get install ${missing[*]}"
  apt-get -o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0 install -y -qq --no-install-recommends "${missing[@]}" >&2
}
