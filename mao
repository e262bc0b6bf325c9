#!/usr/bin/env bash
# The `mao` command line. Publishes the CLI ReadyToRun (precompiled, so start-up skips most JIT; figures in
# the README) into .local/cli, only when a source file changed since the last build, so a second call starts at once.
# Two commands are handled here because they manage the machine:
#   ./mao demo [--keep-running]   set up what is missing, build, start the local stack (etcd with TLS + auth), run the main job
#   ./mao test [dotnet test args]  set up what is missing, run the whole test suite
# Everything else goes to the CLI: ./mao --help
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
cli="$root/.local/cli/mao.dll"
stamp="$root/.local/build.stamp"

build_cli() {
  # Newer sources than the last build's stamp (or no build at all) mean: build again.
  if [ -f "$cli" ] && [ -f "$stamp" ] && [ -z "$(find "$root" \( -path "$root/.local" -o -path '*/bin' -o -path '*/obj' -o -path "$root/.git" \) -prune -o \
      \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.json' -o -path '*/Dashboard/*' \) -newer "$stamp" -print -quit)" ]; then
    return
  fi
  mkdir -p "$root/.local"
  echo "building the mao CLI (Release, ReadyToRun)..." >&2
  local log="$root/.local/build.log"
  # Framework-dependent: runs on the installed runtime; the SDK fetches the crossgen pack from NuGet once.
  # Inside .local/ so recorded/ is still found above the program (RecordedFolder) and demo children run the same dll.
  local rid=linux-x64
  if [ "$(uname -m)" = aarch64 ]; then rid=linux-arm64; fi
  if ! dotnet publish "$root/cli/Mao.Cli/Mao.Cli.csproj" -c Release -r "$rid" --self-contained false \
      -p:PublishReadyToRun=true -o "$root/.local/cli" -nologo -v:q >"$log" 2>&1; then
    grep -E 'error|Error' "$log" | sort -u | head -30 >&2
    echo "build failed; full log: $log" >&2
    exit 1
  fi
  touch "$stamp"
}

run_tests() {
  "$root/infra/local/install.sh"
  local results="$root/.local/test-results"
  rm -rf "$results"
  mkdir -p "$results"
  echo "building the solution..." >&2
  dotnet build "$root/Mao.Functions.sln" -nologo -v:q -clp:ErrorsOnly
  echo "running the tests..." >&2
  set +e
  dotnet test "$root/Mao.Functions.sln" --no-build -nologo --logger "trx" --results-directory "$results" \
    --blame-hang-timeout 10m "$@" 2>&1 | tee "$results/console.log"
  local status=${PIPESTATUS[0]}
  set -e
  # One closing line for the whole suite, summed over every test assembly's trx file.
  python3 - "$results" <<'PY' || true
import glob, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find("{*}ResultSummary/{*}Counters")
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
  return "$status"
}

run_demo() {
  local keep=0 args=()
  for a in "$@"; do
    case $a in
      --keep-running) keep=1 ;;
      *) args+=("$a") ;;
    esac
  done
  "$root/infra/local/install.sh"
  build_cli
  # Stop at the end only what this run started: a stack that was already up stays up.
  if "$root/infra/local/stack.sh" status | grep -q running; then keep=1; fi
  "$root/infra/local/stack.sh" start
  if [ $keep = 0 ]; then
    trap '"$root/infra/local/stack.sh" stop' EXIT
  fi
  eval "$("$root/infra/local/stack.sh" env)"
  # etcd runs with TLS and auth: each run has its own key root, and its three sites get roles for it.
  local key_root
  key_root="/mao-demo-$(date -u +%Y%m%d%H%M%S)"
  "$root/infra/local/etcd-secure.sh" users "$MAO_ETCD_ENDPOINTS" "$key_root" site-a site-b site-c
  dotnet "$cli" demo --data "$root/.local/data/demo" --key-root "$key_root" \
    --etcd-users "${MAO_ETCD_SECURE_DIR:-$root/.local/etcd-secure}/users" "${args[@]}"
  if [ $keep = 1 ]; then
    echo "local stack left running; stop it with: infra/local/stack.sh stop"
  fi
}

case "${1:-}" in
  test) shift; run_tests "$@" ;;
  demo) shift; run_demo "$@" ;;
  *) build_cli; exec dotnet "$cli" "$@" ;;
esac
