#!/usr/bin/env bash
# Times `dotnet publish` of the ModelServing sample with KubeAi against what users do without it,
# in one run, N repetitions each, and prints a markdown table of the medians (docs/benchmarks.md).
#
#   build/bench-publish.sh                      setup + fresh pack, then measure (N=3)
#   KUBEAI_BENCH_REPS=5 build/bench-publish.sh
#   KUBEAI_BENCH_VERSION=0.1.0-dev.123 build/bench-publish.sh   reuse a version already in artifacts/feed (no setup, no pack)
#   KUBEAI_BENCH_QUICK=1 build/bench-publish.sh   only cold, no-op publish, no-op build and seq (the ratios)
#
# Measured per repetition, interleaved so that load drift hits every case alike:
#   cold      rm -rf bin/obj of all projects; `dotnet restore` (not timed); then timed:
#             dotnet publish ModelServing.AppHost -c Release --no-restore
#             (app host build + Aspire manifest + both images built and pushed + manifests written)
#   noop      the same publish again right after (nothing changed)
#   noopbuild `dotnet build ModelServing.AppHost` right after (nothing changed): what a no-op publish is held to
#   manifest  the Aspire manifest alone: the built app host in publish-manifest mode, as KubeAi runs it
#   seq       rm -rf bin/obj; `dotnet restore` (not timed); then timed, one after the other:
#             dotnet publish <Api|Trainer> -c Release --no-restore -t:PublishContainer
#               -p:ContainerRegistry=localhost:5000 -p:ContainerBaseImage=localhost:5000/dotnet/aspnet:10.0
#   today     the whole of what KubeAi's cold publish replaces, done by hand: rm -rf bin/obj; `dotnet restore`
#             (not timed); then timed: dotnet build ModelServing.AppHost (builds all three projects), the
#             Aspire manifest from it, and the two `publish -t:PublishContainer` above (now incremental builds)
# Every run uses -nodeReuse:false and no MSBuild server (a cold MSBuild each time, as CI sees it);
# the Roslyn compiler server is left as the SDK runs it. Images get the tag `bench` (KubeAiImageTag /
# ContainerImageTag) so the sample's own 1.0.0 tags in the shared local registry are not overwritten.
# Progress goes to stderr, the table to stdout; per-run logs stay in the work folder it prints.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
reps="${KUBEAI_BENCH_REPS:-3}"
registry="$KUBEAI_REGISTRY"
base_image="$registry/dotnet/aspnet:10.0"

export DOTNET_CLI_USE_MSBUILD_SERVER=0 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [[ -n "${KUBEAI_BENCH_VERSION:-}" ]]; then
  version="$KUBEAI_BENCH_VERSION"
  [[ -f "$root/artifacts/feed/KubeAi.Build.$version.nupkg" ]] || die "artifacts/feed has no KubeAi.Build $version"
  registry_up || die "the local registry on $registry is not running (build/setup.sh)"
else
  log "setup (build/setup.sh)"
  "$root/build/setup.sh" >/dev/null
  log "pack (build/pack.sh)"
  version="$("$root/build/pack.sh")"
fi

# A private copy of the sample, wired to the absolute feed and pinned to the version just packed
# (as tests/KubeAi.EndToEnd.Tests/SampleWorkspace.cs does).
work="$(mktemp -d "${TMPDIR:-/tmp}/kubeai-bench-publish.XXXXXX")"
sample="$work/ModelServing"
mkdir -p "$sample"
tar -C "$root/samples/ModelServing" --exclude=bin --exclude=obj -cf - . | tar -C "$sample" -xf -
sed -i "s|\.\./\.\./artifacts/feed|$root/artifacts/feed|" "$sample/nuget.config"
grep -q "$root/artifacts/feed" "$sample/nuget.config" || die "could not rewrite the feed path in nuget.config"
# The sample takes its KubeAi packages' version from KubeAiPackageVersion: pin the one packed.
sed -i -E "s|>0\.1\.0-\*</KubeAiPackageVersion>|>$version</KubeAiPackageVersion>|" "$sample/Directory.Build.props"
grep -q ">$version</KubeAiPackageVersion>" "$sample/Directory.Build.props" || die "could not pin the KubeAi packages to $version"
log "sample copy: $sample (KubeAi.Build $version), $reps repetition(s)"

apphost="$sample/ModelServing.AppHost"
projects=(ModelServing.Api ModelServing.Trainer)
msbuild_args=(-c Release --no-restore -nologo -nodeReuse:false)

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
load1() { cut -d' ' -f1 /proc/loadavg; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

clean() {
  local p
  for p in ModelServing.AppHost "${projects[@]}"; do rm -rf "${sample:?}/$p/bin" "${sample:?}/$p/obj"; done
}

restore() {
  dotnet restore "$apphost" -nologo -v:quiet -nodeReuse:false >"$work/restore.log" 2>&1 \
    || { cat "$work/restore.log" >&2; die "dotnet restore failed"; }
}

# run NAME LOG COMMAND...: runs the command, dies with its log on failure, sets $took.
run() {
  local name="$1" logfile="$2" start end
  shift 2
  start="$(now)"
  if ! "$@" >"$logfile" 2>&1; then
    tail -n 40 "$logfile" >&2
    die "$name failed (log: $logfile)"
  fi
  end="$(now)"
  took="$(seconds "$start" "$end")"
}

declare -A times loads
record() { times[$1]+="$2 "; loads[$1]+="$3 "; log "rep $rep: $1 $2 s (load $3)"; }

for ((rep = 1; rep <= reps; rep++)); do
  # (a) cold KubeAi publish
  clean
  restore
  l="$(load1)"
  run cold "$work/cold-$rep.log" dotnet publish "$apphost" "${msbuild_args[@]}" -p:KubeAiImageTag=bench
  grep -q 'KubeAi: manifests in' "$work/cold-$rep.log" || die "cold publish printed no KubeAi summary ($work/cold-$rep.log)"
  record cold "$took" "$l"

  # (b) no-op republish
  l="$(load1)"
  run noop "$work/noop-$rep.log" dotnet publish "$apphost" "${msbuild_args[@]}" -p:KubeAiImageTag=bench
  grep -q '(0 written' "$work/noop-$rep.log" || log "warning: the no-op publish wrote files: $(grep 'KubeAi: manifests in' "$work/noop-$rep.log" | sed 's/^ *//')"
  record noop "$took" "$l"
  grep -q 'generation skipped' "$work/noop-$rep.log" || log "warning: the no-op publish generated the tree again"

  # (b') no-op build, right after, side by side with the no-op publish
  l="$(load1)"
  run noopbuild "$work/noopbuild-$rep.log" dotnet build "$apphost" "${msbuild_args[@]}" -p:KubeAiImageTag=bench
  record noopbuild "$took" "$l"

  if [[ -z "${KUBEAI_BENCH_QUICK:-}" ]]; then
  # Aspire manifest generation alone, from the app host just built (as the PublishAspireManifest task runs it)
  dll="$apphost/bin/Release/net10.0/ModelServing.AppHost.dll"
  [[ -f "$dll" ]] || die "no app host at $dll"
  rm -rf "$work/manifest"
  l="$(load1)"
  run manifest "$work/manifest-$rep.log" \
    env ASPIRE_INTERACTIVITY_ENABLED=false DOTNET_CLI_UI_LANGUAGE=en \
    bash -c 'cd "$1" && exec dotnet "$2" --operation publish --step publish-manifest --output-path "$3" </dev/null' _ "$apphost" "$dll" "$work/manifest"
  [[ -f "$work/manifest/aspire-manifest.json" ]] || die "the app host wrote no manifest ($work/manifest-$rep.log)"
  record manifest "$took" "$l"

  fi

  # (c) today: each project's image with the SDK, one after the other
  clean
  restore
  l="$(load1)"
  seq_start="$(now)"
  for p in "${projects[@]}"; do
    run "seq $p" "$work/seq-$p-$rep.log" dotnet publish "$sample/$p" "${msbuild_args[@]}" -t:PublishContainer \
      -p:ContainerRegistry="$registry" -p:ContainerBaseImage="$base_image" -p:ContainerImageTag=bench
  done
  record seq "$(seconds "$seq_start" "$(now)")" "$l"

  [[ -n "${KUBEAI_BENCH_QUICK:-}" ]] && continue
  # today, complete: app host build + manifest + the two image publishes
  clean
  restore
  rm -rf "$work/manifest"
  l="$(load1)"
  today_start="$(now)"
  run "today build" "$work/today-build-$rep.log" dotnet build "$apphost" "${msbuild_args[@]}"
  record build "$took" "$l"
  run "today manifest" "$work/today-manifest-$rep.log" \
    env ASPIRE_INTERACTIVITY_ENABLED=false DOTNET_CLI_UI_LANGUAGE=en \
    bash -c 'cd "$1" && exec dotnet "$2" --operation publish --step publish-manifest --output-path "$3" </dev/null' _ "$apphost" "$dll" "$work/manifest"
  [[ -f "$work/manifest/aspire-manifest.json" ]] || die "the app host wrote no manifest ($work/today-manifest-$rep.log)"
  for p in "${projects[@]}"; do
    run "today $p" "$work/today-$p-$rep.log" dotnet publish "$sample/$p" "${msbuild_args[@]}" -t:PublishContainer \
      -p:ContainerRegistry="$registry" -p:ContainerBaseImage="$base_image" -p:ContainerImageTag=bench
  done
  record today "$(seconds "$today_start" "$(now)")" "$l"
done

row() {
  local key="$1" label="$2" values med
  values="${times[$key]}"
  med="$(median <<<"$values")"
  printf '| %s | %s | %s | %s |\n' "$label" "$med" "$(sed 's/ *$//; s/ /, /g' <<<"$values")" "$(sed 's/ *$//; s/ /, /g' <<<"${loads[$key]}")"
}

ratio() { awk -v a="$(median <<<"${times[$1]}")" -v b="$(median <<<"${times[$2]}")" 'BEGIN { printf "%.2f", a / b }'; }

seq_plus_manifest="$(paste -d+ <(tr ' ' '\n' <<<"${times[seq]}" | grep -v '^$') <(tr ' ' '\n' <<<"${times[manifest]:-}" | grep -v '^$') | awk -F+ '{ printf "%.2f ", $1 + $2 }')"

echo
echo "ModelServing sample, KubeAi.Build $version, N=$reps, $(nproc) cores, $(uname -r), $(dotnet --version 2>/dev/null) SDK, $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| Case | Median s | Runs s | Load (1-min) at start |"
echo "|---|---:|---|---|"
row cold 'KubeAi: cold `dotnet publish ModelServing.AppHost` (2 images + manifests)'
row noop 'KubeAi: no-op republish right after'
row noopbuild 'No-op `dotnet build ModelServing.AppHost` right after'
row seq 'Today: `publish -t:PublishContainer` Api, then Trainer (cold)'
if [[ -z "${KUBEAI_BENCH_QUICK:-}" ]]; then
row manifest 'Today: Aspire manifest alone (`--step publish-manifest`, app host built)'
printf '| %s | %s | %s | %s |\n' 'Today: sequential images + manifest (sum per rep)' "$(median <<<"$seq_plus_manifest")" "$(sed 's/ *$//; s/ /, /g' <<<"$seq_plus_manifest")" "-"
row build 'Today, complete, step 1: cold `dotnet build ModelServing.AppHost` (all 3 projects)'
row today 'Today, complete: app host build + manifest + both image publishes'
fi
echo
echo "Ratios of the medians: no-op publish / no-op build = $(ratio noop noopbuild) (goal <= 1.2); cold publish / sequential PublishContainer = $(ratio cold seq)"
echo
log "logs in $work (remove with: rm -rf $work)"
