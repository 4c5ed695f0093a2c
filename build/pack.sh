#!/usr/bin/env bash
# Packs KubeAi's NuGet packages (and the `dotnet new` template pack KubeAi.Templates, whose
# templates default to this same version) into artifacts/feed, the local feed the samples, the
# templates and the end-to-end tests restore from.
#
#   build/pack.sh            pack with a fresh version (0.1.0-dev.<unix seconds>)
#   KUBEAI_VERSION=X build/pack.sh
#
# A fresh version per pack matters: NuGet never re-extracts a version it has cached, and an
# MSBuild node may hold an old task dll, so re-packing the same version would test stale code.
# Prints the version on stdout.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
feed="$root/artifacts/feed"
version="${KUBEAI_VERSION:-0.1.0-dev.$(date -u +%s)}"
mkdir -p "$feed"

log "packing $version into $feed"
for project in src/KubeAi.Build src/KubeAi.Hosting src/KubeAi.Cli templates; do
  dotnet pack "$root/$project" -c Release -o "$feed" -p:Version="$version" -nologo -v:quiet -nodeReuse:false >&2
done
# Older dev packs only take space: keep the newest five of each package.
for id in KubeAi.Build KubeAi.Hosting KubeAi.Cli KubeAi.Templates; do
  ls -1t "$feed"/"$id".0.*.nupkg 2>/dev/null | tail -n +6 | xargs -r rm -f
done
log "done in $(elapsed) s"
echo "$version"
