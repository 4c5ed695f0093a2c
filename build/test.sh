#!/usr/bin/env bash
# Builds the solution once and runs every test project, one after another, then prints one
# line summing them all: "N passed, N failed, N skipped". Exits non-zero when a test failed
# or a test project could not run. Runs build/setup.sh first (the end-to-end tests use the
# local registry, the base image and podman).
#
#   build/test.sh                 all test projects
#   build/test.sh Core Cli        only tests/KubeAi.<name>.Tests
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

projects=()
if (($# > 0)); then
  for name in "$@"; do projects+=("tests/KubeAi.$name.Tests/KubeAi.$name.Tests.csproj"); done
else
  while IFS= read -r p; do projects+=("$p"); done < <(ls tests/*.Tests/*.Tests.csproj | sort)
fi

# The end-to-end tests need the registry, the base image and podman: idempotent, ~0.2 s when done.
"$root/build/setup.sh" >/dev/null

log "building KubeAi.sln"
dotnet build KubeAi.sln -c Release -nologo -v:quiet -nodeReuse:false >&2

# One pack for the whole run: the end-to-end, integration and template tests restore the samples,
# the test apps (tests/apps) and the templates from it (tests/KubeAi.TestSupport/LocalFeed.cs reads
# this variable); each would otherwise pack on its own.
KUBEAI_PACKAGE_VERSION="$("$root/build/pack.sh")"
export KUBEAI_PACKAGE_VERSION

status=0
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  log "running $name"
  start=$SECONDS
  if ! dotnet test "$project" -c Release --no-build -nologo \
      --logger "trx;LogFileName=$name.trx" --results-directory "$results" >&2; then
    status=1
  fi
  log "$name took $((SECONDS - start)) s"
  [[ -f "$results/$name.trx" ]] || { log "$name produced no results"; status=1; }
done

# Sum the counters of every TRX file: <Counters total=".." executed=".." passed=".." failed=".." ...>
passed=0; failed=0; total=0; executed=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  total=$((total + $(get total)))
  executed=$((executed + $(get executed)))
done
skipped=$((total - executed))
echo "$passed passed, $failed failed, $skipped skipped"
((failed == 0)) || status=1
exit "$status"
