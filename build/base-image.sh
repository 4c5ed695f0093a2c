#!/usr/bin/env bash
# Builds an aspnet:10.0-like base image offline and pushes it (OCI format) to
# the local registry, then proves it works by publishing a throwaway web app on
# top of it with the SDK's own container support.
#
#   build/base-image.sh            build + push if the registry lacks the tag
#   build/base-image.sh --force    rebuild from scratch (drops the layer caches)
#                                  even if the tag exists
#
# Env: KUBEAI_BASE_IMAGE_REPO (dotnet/aspnet), KUBEAI_BASE_IMAGE_TAG (10.0),
#      KUBEAI_DEBIAN_MIRROR (default: the bookworm mirror from apt's sources),
#      KUBEAI_DOTNET_ROOT (default: the folder that holds the `dotnet` host).
#
# Why not mcr.microsoft.com/dotnet/aspnet? No internet here. The image is made
# the way the real one is: Debian bookworm (minbase) + ICU/OpenSSL/CA/tzdata +
# the .NET and ASP.NET Core shared runtimes, user `app` (1654), same env.
#
# Layers: (1) the OS rootfs, (2) the .NET runtime. Each is cached as a plain tar
# under $KUBEAI_STATE/base/cache, keyed by what it is built from, so a rerun
# after registry data loss only re-pushes (seconds), and a runtime update does
# not redo debootstrap.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REPO="${KUBEAI_BASE_IMAGE_REPO:-dotnet/aspnet}"
TAG="${KUBEAI_BASE_IMAGE_TAG:-10.0}"
IMAGE="$KUBEAI_REGISTRY/$REPO:$TAG"
CHANNEL="10.0"              # .NET major.minor whose runtimes are copied in
SMOKE_REPO="smoke/web"
SMOKE_TAG="latest"

force=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    *) die "usage: $0 [--force]" ;;
  esac
done

# Bump when the OS layer recipe below changes: it is part of the cache key.
OS_RECIPE="v1 bookworm minbase +updates +security; libicu72 libssl3 ca-certificates tzdata; app 1654; slim"
OS_PACKAGES=(libicu72 libssl3 ca-certificates tzdata)
APP_UID=1654

base="$KUBEAI_STATE/base"
cache="$base/cache"
work="$base/work"
oci="$base/oci"             # OCI layout (umoci) that gets pushed
policy="$base/policy.json"  # skopeo signature policy: ours, not /etc's

# --- helpers ------------------------------------------------------------------

# Unmounts everything below $1 (deepest first). A leftover /proc or bind mount
# inside a rootfs would make `rm -rf` reach into the host.
umount_below() {
  local root mounts m
  root="$(readlink -f "$1" 2>/dev/null || echo "$1")"
  mounts="$(awk -v r="$root/" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r)"
  for m in $mounts; do
    log "unmounting $m"
    umount "$m" 2>/dev/null || umount -l "$m"
  done
}

cleanup() {
  [[ -d "$work" ]] && umount_below "$work"
  [[ -n "${smoke_dir:-}" && -d "$smoke_dir" ]] && rm -rf "$smoke_dir"
  return 0
}
trap cleanup EXIT

# Prints the URI apt uses for SUITE (e.g. bookworm, bookworm-security), from
# both deb822 (*.sources) and one-line (*.list) files; empty if none.
apt_uri_for_suite() {
  local suite="$1" f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    awk -v s="$suite" '$1 == "deb" {
        i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
        if ($(i + 1) == s) { print $i; exit } }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    awk -v s="$suite" 'BEGIN { RS = ""; FS = "\n" } {
        uri = ""; ok = 0; types = 0; enabled = 1
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^#/) continue
          split($i, kv, ":[ \t]*"); key = tolower(kv[1]); val = substr($i, length(kv[1]) + 2)
          gsub(/^[ \t]+|[ \t]+$/, "", val)
          if (key == "uris") { split(val, u, /[ \t]+/); uri = u[1] }
          if (key == "types" && val ~ /(^|[ \t])deb([ \t]|$)/) types = 1
          if (key == "enabled" && val == "no") enabled = 0
          if (key == "suites") { n = split(val, ss, /[ \t]+/); for (j = 1; j <= n; j++) if (ss[j] == s) ok = 1 }
        }
        if (ok && types && enabled && uri != "") { print uri; exit }
      }' "$f"
  done | head -n 1
}

# The newest version folder in DIR; with a second argument, only PREFIX.x ones.
newest_version() {
  find "$1" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null \
    | grep -E "^${2:+${2//./\\.}\\.}[0-9.]+$" | sort -V | tail -n 1 || true
}

# --- 0. fast path ----------------------------------------------------------------

"$(dirname "${BASH_SOURCE[0]}")/registry.sh"

if ((force == 0)) && registry_has "$REPO" "$TAG" && registry_has "$SMOKE_REPO" "$SMOKE_TAG"; then
  log "$IMAGE already in the registry (and the smoke image too); nothing to do (--force rebuilds)"
  exit 0
fi

take_lock base-image
# Decide again after taking the lock: a concurrent run may have pushed meanwhile.
need_base=$force
((need_base)) || registry_has "$REPO" "$TAG" || need_base=1
if ((need_base == 0)) && registry_has "$SMOKE_REPO" "$SMOKE_TAG"; then
  log "$IMAGE and the smoke image were pushed by a concurrent run; nothing to do"
  exit 0
fi

apt_ensure debootstrap debian-archive-keyring umoci skopeo curl
mkdir -p "$cache" "$work"

dotnet_root="${KUBEAI_DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}"
[[ -x "$dotnet_root/dotnet" ]] || die "no dotnet host in $dotnet_root"
netcore_ver="$(newest_version "$dotnet_root/shared/Microsoft.NETCore.App" "$CHANNEL")"
aspnet_ver="$(newest_version "$dotnet_root/shared/Microsoft.AspNetCore.App" "$CHANNEL")"
fxr_ver="$(newest_version "$dotnet_root/host/fxr")"
[[ -n "$netcore_ver" && -n "$aspnet_ver" && -n "$fxr_ver" ]] \
  || die "need Microsoft.NETCore.App and Microsoft.AspNetCore.App $CHANNEL.x under $dotnet_root/shared"
arch="$(dpkg --print-architecture)"   # amd64/arm64: same names as OCI's
os_key="$(printf '%s|%s' "$OS_RECIPE" "$arch" | sha256sum | cut -c1-16)"
os_tar="$cache/os-$os_key.tar"
dn_tar="$cache/dotnet-$netcore_ver-aspnet-$aspnet_ver-fxr-$fxr_ver-$arch.tar"

# --- 1. OS layer: debootstrap + packages in a chroot -----------------------------

build_os_layer() {
  local rootfs="$work/rootfs" mirror security
  mirror="${KUBEAI_DEBIAN_MIRROR:-$(apt_uri_for_suite bookworm)}"
  mirror="${mirror:-http://deb.debian.org/debian}"
  security="$(apt_uri_for_suite bookworm-security)"

  local t0=$SECONDS
  umount_below "$rootfs"
  rm -rf --one-file-system "$rootfs"
  log "debootstrap --variant=minbase bookworm from $mirror (about 30 s)"
  debootstrap --variant=minbase --arch="$arch" bookworm "$rootfs" "$mirror" \
    >"$work/debootstrap.log" 2>&1 || { tail -n 30 "$work/debootstrap.log" >&2; die "debootstrap failed"; }

  # Like debian:bookworm-slim: dpkg skips docs, man pages and locales, now and
  # for anything a derived image installs later.
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
EOF
  {
    echo "deb $mirror bookworm main"
    echo "deb $mirror bookworm-updates main"
    [[ -n "$security" ]] && echo "deb $security bookworm-security main"
  } >"$rootfs/etc/apt/sources.list"
  # No services may start inside the chroot.
  printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
  chmod +x "$rootfs/usr/sbin/policy-rc.d"
  cp -L /etc/resolv.conf "$rootfs/etc/resolv.conf"

  log "debootstrap done ($((SECONDS - t0))s)"
  t0=$SECONDS
  mount -t proc proc "$rootfs/proc"
  log "chroot: apt-get upgrade + install ${OS_PACKAGES[*]}"
  {
    chroot "$rootfs" apt-get update -qq
    chroot "$rootfs" env DEBIAN_FRONTEND=noninteractive apt-get -y -qq -o Dpkg::Use-Pty=0 upgrade
    chroot "$rootfs" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o Dpkg::Use-Pty=0 \
      --no-install-recommends "${OS_PACKAGES[@]}"
    # Same as the real image: groupadd/useradd app with APP_UID, home /home/app.
    chroot "$rootfs" groupadd --gid "$APP_UID" app
    chroot "$rootfs" useradd --no-log-init --uid "$APP_UID" --gid "$APP_UID" \
      --create-home --home-dir /home/app --shell /bin/sh app
    chroot "$rootfs" apt-get clean
  } >"$work/chroot.log" 2>&1 || { tail -n 30 "$work/chroot.log" >&2; die "chroot step failed"; }
  umount "$rootfs/proc"
  log "chroot step done ($((SECONDS - t0))s)"

  log "slimming the rootfs"
  (
    cd "$rootfs"
    rm -f usr/sbin/policy-rc.d etc/resolv.conf
    rm -rf var/lib/apt/lists/* var/cache/apt/* var/cache/debconf/*-old var/lib/dpkg/*-old \
      var/log/* tmp/* root/.bash_history
    find usr/share/doc -mindepth 1 -not -name copyright -not -type d -delete
    find usr/share/doc -mindepth 1 -type d -empty -delete
    rm -rf usr/share/man/* usr/share/info/* usr/share/groff/* usr/share/lintian/* usr/share/locale/*
    rm -rf dev/* proc/* sys/*   # the runtime provides these
    mkdir -p app                # WORKDIR
  )

  # Plain, uncompressed tar with numeric owners (umoci compresses it itself);
  # names without a leading "./", as in images other tools build.
  log "writing $os_tar"
  (cd "$rootfs" && find . -mindepth 1 -maxdepth 1 -printf '%P\0' \
    | tar --null -T - --numeric-owner --sort=name -cf "$os_tar.tmp")
  mv -f "$os_tar.tmp" "$os_tar"
  rm -rf --one-file-system "$rootfs"
}

# --- 2. .NET layer: the machine's own shared runtimes ----------------------------

build_dotnet_layer() {
  local stage="$work/dotnet-layer" d="$work/dotnet-layer/usr/share/dotnet"
  rm -rf "$stage"
  # Only the host and the two shared frameworks: no sdk/, packs/, templates/.
  mkdir -p "$d/host/fxr" "$d/shared/Microsoft.NETCore.App" "$d/shared/Microsoft.AspNetCore.App" "$stage/usr/bin"
  cp -a "$dotnet_root/dotnet" "$d/"
  cp -a "$dotnet_root"/LICENSE.txt "$dotnet_root"/ThirdPartyNotices.txt "$d/" 2>/dev/null || true
  cp -a "$dotnet_root/host/fxr/$fxr_ver" "$d/host/fxr/"
  cp -a "$dotnet_root/shared/Microsoft.NETCore.App/$netcore_ver" "$d/shared/Microsoft.NETCore.App/"
  cp -a "$dotnet_root/shared/Microsoft.AspNetCore.App/$aspnet_ver" "$d/shared/Microsoft.AspNetCore.App/"
  ln -s ../share/dotnet/dotnet "$stage/usr/bin/dotnet"
  chmod -R u+rwX,go+rX,go-w "$stage"
  log "writing $dn_tar (runtime $netcore_ver, aspnet $aspnet_ver)"
  (cd "$stage" && tar --numeric-owner --owner=0 --group=0 --sort=name -cf "$dn_tar.tmp" usr)
  mv -f "$dn_tar.tmp" "$dn_tar"
  rm -rf "$stage"
}

# --- 3. OCI image (umoci) and push (skopeo) --------------------------------------

build_and_push() {
  if ((force)); then
    log "--force: dropping cached layers and OCI layout"
    rm -f "$os_tar" "$dn_tar" "$oci.stamp"
  fi
  if [[ -f "$os_tar" ]]; then log "OS layer cached: $os_tar"; else build_os_layer; fi
  if [[ -f "$dn_tar" ]]; then log ".NET layer cached: $dn_tar"; else build_dotnet_layer; fi

  local stamp size
  stamp="$(basename "$os_tar") $(basename "$dn_tar") $TAG"
  if [[ "$(cat "$oci.stamp" 2>/dev/null)" != "$stamp" || ! -f "$oci/index.json" ]]; then
    log "assembling OCI image in $oci"
    rm -rf "$oci" "$oci.stamp"
    umoci init --layout "$oci"
    umoci new --image "$oci:$TAG"
    umoci raw add-layer --image "$oci:$TAG" \
      --history.created_by "debootstrap --variant=minbase bookworm + ${OS_PACKAGES[*]} (build/base-image.sh)" "$os_tar"
    umoci raw add-layer --image "$oci:$TAG" \
      --history.created_by "COPY dotnet $netcore_ver + aspnetcore $aspnet_ver /usr/share/dotnet (build/base-image.sh)" "$dn_tar"
    umoci config --image "$oci:$TAG" --os linux --architecture "$arch" \
      --author "KubeAi build/base-image.sh" \
      --clear=config.env \
      --config.env "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
      --config.env "APP_UID=$APP_UID" \
      --config.env "ASPNETCORE_HTTP_PORTS=8080" \
      --config.env "DOTNET_RUNNING_IN_CONTAINER=true" \
      --config.env "DOTNET_VERSION=$netcore_ver" \
      --config.env "ASPNET_VERSION=$aspnet_ver" \
      --config.workingdir /app \
      --history.created_by "ENV APP_UID=$APP_UID ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER=true; WORKDIR /app"
    umoci gc --layout "$oci"
    echo "$stamp" >"$oci.stamp"
  else
    log "OCI image up to date in $oci"
  fi

  echo '{"default":[{"type":"insecureAcceptAnything"}]}' | write_if_changed "$policy" || true
  log "pushing $IMAGE"
  # --dest-tls-verify=false: the local registry speaks plain HTTP. The source is
  # an OCI layout, so the manifest stays OCI (the SDK and podman both accept it).
  skopeo copy --quiet --policy "$policy" --dest-tls-verify=false \
    "oci:$oci:$TAG" "docker://$IMAGE" >&2
  registry_has "$REPO" "$TAG" || die "push finished but $IMAGE is not in the registry"
  size="$(du -sh --apparent-size "$oci/blobs" | cut -f1)"
  log "pushed $IMAGE (compressed blobs: $size)"
}

if ((need_base)); then
  build_and_push
else
  log "$IMAGE already in the registry; only the smoke image is missing"
fi

# --- 4. Prove it: publish a throwaway web app on top of it -----------------------

smoke_dir="$(mktemp -d /tmp/kubeai-smoke.XXXXXX)"   # outside the repo on purpose
log "smoke test: dotnet new web + PublishContainer -> $KUBEAI_REGISTRY/$SMOKE_REPO:$SMOKE_TAG"
(
  cd "$smoke_dir"
  # 9>&- and no node reuse / compiler server: nothing that outlives this
  # script may inherit the lock.
  dotnet new web -n SmokeWeb -o web >"$smoke_dir/new.log" 2>&1 9>&- \
    || { cat "$smoke_dir/new.log" >&2; exit 1; }
  dotnet publish web/SmokeWeb.csproj -c Release -t:PublishContainer -nologo -v:q \
    -nodeReuse:false -p:UseSharedCompilation=false \
    -p:ContainerBaseImage="$IMAGE" \
    -p:ContainerRegistry="$KUBEAI_REGISTRY" \
    -p:ContainerRepository="$SMOKE_REPO" \
    -p:ContainerImageTag="$SMOKE_TAG" >"$smoke_dir/publish.log" 2>&1 9>&- \
    || { cat "$smoke_dir/publish.log" >&2; exit 1; }
) || die "smoke publish failed"
registry_has "$SMOKE_REPO" "$SMOKE_TAG" || die "smoke image $SMOKE_REPO:$SMOKE_TAG not in the registry"
log "smoke image pushed: $KUBEAI_REGISTRY/$SMOKE_REPO:$SMOKE_TAG"
log "done in ${SECONDS}s"
