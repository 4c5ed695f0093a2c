#!/usr/bin/env bash
# Times `kubeai generate` of a synthetic 200-project manifest (tests/KubeAi.Benchmarks SyntheticManifest,
# 400 resources) against `kubectl kustomize` rendering the same tree, side by side in one run, N
# repetitions each (interleaved so load drift hits every case alike), and prints a markdown table of the
# medians and the ratios (docs/benchmarks.md).
#
#   build/bench-cli.sh                 N=3, the CLI and the benchmark project built from this checkout
#   KUBEAI_BENCH_REPS=5 build/bench-cli.sh
#
# Cases per repetition:
#   empty     kubeai generate into an empty folder (every file written)
#   noop      kubeai generate again right after (nothing changed: the run finds its stamp and writes nothing)
#   force     kubeai generate --force (nothing changed, but every object generated and every file compared)
#   start     kubeai --version (process start, for reference)
#   kustomize kubectl kustomize base (the pinned kubectl: /var/tmp/kubeai/kube-tools/bin/kubectl)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
reps="${KUBEAI_BENCH_REPS:-3}"
resources="${KUBEAI_BENCH_RESOURCES:-400}"
kubectl="${KUBEAI_KUBECTL:-/var/tmp/kubeai/kube-tools/bin/kubectl}"
[[ -x "$kubectl" ]] || die "no kubectl at $kubectl (build/setup.sh installs it)"
export DOTNET_CLI_USE_MSBUILD_SERVER=0 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log "build (kubeai CLI, benchmark project)"
dotnet build "$root/src/KubeAi.Cli" -c Release -nodeReuse:false -v:quiet -nologo >&2
dotnet build "$root/tests/KubeAi.Benchmarks" -c Release -nodeReuse:false -v:quiet -nologo >&2
cli="$root/artifacts/bin/KubeAi.Cli/release/kubeai.dll"
[[ -f "$cli" ]] || die "no CLI at $cli"

work="$(mktemp -d "${TMPDIR:-/tmp}/kubeai-bench-cli.XXXXXX")"
manifest="$work/aspire-manifest.json"
dotnet "$root/artifacts/bin/KubeAi.Benchmarks/release/KubeAi.Benchmarks.dll" --write-manifest "$resources" "$manifest"

now() { date +%s.%N; }
load1() { cut -d' ' -f1 /proc/loadavg; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
declare -A times loads
# timed NAME COMMAND...: runs it (output to a log), records the wall time.
timed() {
  local name="$1" start end l
  shift
  l="$(load1)"
  start="$(now)"
  "$@" >"$work/$name-$rep.log" 2>&1 || { tail -n 20 "$work/$name-$rep.log" >&2; die "$name failed"; }
  end="$(now)"
  times[$name]+="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }') "
  loads[$name]+="$l "
}

out="$work/out"
for ((rep = 1; rep <= reps; rep++)); do
  rm -rf "$out"
  timed empty dotnet "$cli" generate -m "$manifest" -o "$out"
  grep -q ' written, 0 unchanged' "$work/empty-$rep.log" || die "the first run did not write the tree"
  timed noop dotnet "$cli" generate -m "$manifest" -o "$out"
  grep -q '(0 written, ' "$work/noop-$rep.log" || die "the no-op run wrote files"
  timed force dotnet "$cli" generate -m "$manifest" -o "$out" --force
  timed start dotnet "$cli" --version
  # kustomize needs the deploy-time inputs the tree asks for: the templates, filled with placeholders.
  for template in "$out"/base/*.env.template; do [[ -f "$template" ]] && cp "$template" "${template%.template}"; done
  timed kustomize "$kubectl" kustomize "$out/base"
  rm -f "$out"/base/secrets.env "$out"/base/parameters.env
done

files="$(find "$out" -type f | wc -l)"
bytes="$(du -sb "$out" | cut -f1)"
k="$(median <<<"${times[kustomize]}")"
row() {
  local key="$1" label="$2" med
  med="$(median <<<"${times[$key]}")"
  printf '| %s | %s | %s | %s | %s |\n' "$label" "$med" "$(awk -v a="$med" -v b="$k" 'BEGIN { printf "%.2f", a / b }')" \
    "$(sed 's/ *$//; s/ /, /g' <<<"${times[$key]}")" "$(sed 's/ *$//; s/ /, /g' <<<"${loads[$key]}")"
}
echo
echo "kubeai generate, synthetic manifest of $resources resources ($((resources / 2)) projects): $files files, $bytes bytes; N=$reps, $(nproc) cores, $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| Case | Median s | × kustomize | Runs s | Load (1-min) at start |"
echo "|---|---:|---:|---|---|"
row kustomize '`kubectl kustomize base` of the tree'
row empty '`kubeai generate` into an empty folder'
row noop '`kubeai generate` again, nothing changed'
row force '`kubeai generate --force`, nothing changed (generate + compare every file)'
row start '`kubeai --version` (process start)'
echo
log "logs in $work (remove with: rm -rf $work)"
