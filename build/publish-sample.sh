#!/usr/bin/env bash
# The main job, end to end on a fresh machine: set up the local registry and base image, pack
# KubeAi into the local feed, then `dotnet publish` the ModelServing sample's app host, which
# builds both images, pushes them, pins their digests and writes manifests and the trainer's
# definition. Ends with KubeAi's summary.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$root/build/setup.sh" >/dev/null
"$root/build/pack.sh" >/dev/null
sample="$root/samples/ModelServing"
# The sample floats on 0.1.0-*: re-evaluate so the package just packed is the one used.
dotnet restore "$sample/ModelServing.AppHost" --force-evaluate -nologo -v:quiet >&2
dotnet publish "$sample/ModelServing.AppHost" -c Release -nologo -nodeReuse:false --no-restore "$@" \
  | grep -E '^\s*(KubeAi:|.*error|.*warning KUBEAI)' | sed 's/^ *//'
log "manifests: $sample/ModelServing.AppHost/bin/Release/net10.0/publish/kubernetes"
