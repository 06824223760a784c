#!/usr/bin/env bash
# Runs every test of DataHub on a fresh machine: restores NuGet packages, fetches the IDE from npm (through the
# build), checks formatting, builds with warnings as errors and runs the test projects.
# Services the tests need are installed and started here when missing, so CI and newcomers run the same thing.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n== %s\n' "$*"; }

step "services"
# PostgreSQL: the tests start a throwaway cluster of Debian's server on a free loopback port (or use the server
# named by DATAHUB_TEST_POSTGRES); here we only make sure the server is installed.
if [ -z "${DATAHUB_TEST_POSTGRES:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
fi

step "browser"
# The browser tests drive Debian's chromium through Playwright, which never downloads a browser here.
if [ ! -x /usr/bin/chromium ]; then
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

step "restore"
dotnet restore DataHub.sln

step "build (warnings are errors; fetches Banana Cake Pop from npm when missing)"
dotnet build DataHub.sln --no-restore -c Debug

step "format"
dotnet format DataHub.sln --verify-no-changes --no-restore

step "test"
log=$(mktemp)
set +e
dotnet test DataHub.sln --no-build -c Debug --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

step "bench smoke (one short iteration of every benchmark scenario, so the suite keeps working; no timing is checked)"
bench_log=$(mktemp)
if dotnet run --project bench/DataHub.Benchmarks -c Debug --no-build -- suite --smoke >"$bench_log" 2>&1; then
  grep '^|' "$bench_log"
else
  tail -40 "$bench_log"
  echo "bench smoke failed"
  status=1
fi
rm -f "$bench_log"

# The failed tests' names and messages again at the end, where a CI log cut to its tail still shows them.
if grep -qE '^[[:space:]]+Failed [A-Za-z_]' "$log"; then
  step "failed tests"
  grep -E -A 8 '^[[:space:]]+Failed [A-Za-z_]' "$log" | cut -c1-300 | head -80
fi

# One closing line over all test projects, e.g. "tests: 301 passed, 0 failed, 0 skipped", summed from the
# "Passed: N" / "Failed: N" / "Skipped: N" totals dotnet test prints for each test project.
awk '/^[[:space:]]*Passed:[[:space:]]+[0-9]+[[:space:]]*$/  { passed  += $2 }
     /^[[:space:]]*Failed:[[:space:]]+[0-9]+[[:space:]]*$/  { failed  += $2 }
     /^[[:space:]]*Skipped:[[:space:]]+[0-9]+[[:space:]]*$/ { skipped += $2 }
     END { printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
rm -f "$log"
exit "$status"
