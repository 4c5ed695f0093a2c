#!/usr/bin/env bash
# The main job, end to end on a fresh machine: set up the local registry and base image, pack
# KubeAi into the local feed, then `dotnet publish` a sample's app host, which builds its images,
# pushes them, pins their digests and writes manifests and the training job. Ends with KubeAi's
# summary. The sample is SentimentPlatform (distributed training into PostgreSQL + an inference
# API); KUBEAI_SAMPLE=ModelServing publishes the older, smaller one the same way.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

name="${KUBEAI_SAMPLE:-SentimentPlatform}"
[[ -d "$root/samples/$name" ]] || die "no sample samples/$name"
"$root/build/setup.sh" >/dev/null
version="$("$root/build/pack.sh")"
sample="$root/samples/$name"
apphost="$sample/$name.AppHost"
# Exactly the version just packed: a floating one could resolve to an older copy in the NuGet cache.
dotnet restore "$apphost" -p:KubeAiPackageVersion="$version" -nologo -v:quiet >&2
dotnet publish "$apphost" -c Release -nologo -nodeReuse:false --no-restore -p:KubeAiPackageVersion="$version" "$@" \
  | grep -E '^\s*(KubeAi:|.*error|.*warning KUBEAI)' | sed 's/^ *//'
log "manifests: $apphost/bin/Release/net10.0/publish/kubernetes"
