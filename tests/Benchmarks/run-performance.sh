#!/usr/bin/env bash
# Issue 16's end-to-end performance scenarios, one after the other, each printing its figures and the ratio to its
# goal (docs/performance.md records a run). Anchors (the bare ASP.NET Core app, 10 vs 100,000 accounts, nginx and YARP
# in front of the same upstream) are measured in the same run as their targets. Other processes on the machine skew
# absolute numbers: repeat when noisy.
#   tests/Benchmarks/run-performance.sh [scenario...]   (default: all of them)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
scenarios=("$@")
if [ ${#scenarios[@]} -eq 0 ]; then
  scenarios=(account-writes events startup account-lookup proxy)
fi
# The proxy scenario's upstream and load generator are the Debian packages.
if [[ " ${scenarios[*]} " == *" proxy "* ]] && { ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ] || ! command -v wrk >/dev/null; }; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq nginx wrk >/dev/null
fi
dotnet build "$root/tests/Benchmarks" -c Release --nologo -v quiet
for scenario in "${scenarios[@]}"; do
  echo "== $scenario ($(date -u +%H:%M:%S), load average $(cut -d' ' -f1-3 /proc/loadavg))"
  dotnet "$root/tests/Benchmarks/bin/Release/net10.0/Serverless.Benchmarks.dll" scenario "$scenario"
done
