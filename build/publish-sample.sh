#!/usr/bin/env bash
# The main job, end to end on a fresh machine: set up the local registry and base image, pack
# KubeAi into the local feed, then `dotnet publish` the ModelServing sample's app host, which
# builds both images, pushes them, pins their digests and writes manifests and the trainer's
# definition. Ends with KubeAi's summary.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$root/build/setup.sh" >/dev/null
version="$("$root/build/pack.sh")"
sample="$root/samples/ModelServing"
# Exactly the version just packed: a floating one could resolve to an older copy in the NuGet cache.
dotnet restore "$sample/ModelServing.AppHost" -p:KubeAiPackageVersion="$version" -nologo -v:quiet >&2
dotnet publish "$sample/ModelServing.AppHost" -c Release -nologo -nodeReuse:false --no-restore -p:KubeAiPackageVersion="$version" "$@" \
  | grep -E '^\s*(KubeAi:|.*error|.*warning KUBEAI)' | sed 's/^ *//'
log "manifests: $sample/ModelServing.AppHost/bin/Release/net10.0/publish/kubernetes"
