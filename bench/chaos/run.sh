#!/usr/bin/env bash
# The chaos run (issue 15) at any size: N fake-trainer FineTuneJobs (about 1 in 5 exits 2) against the dev cluster with
# random API faults (10 %, codes 500|429|409) and watches cut every 1-4 s, while the operator replica is stopped and
# restarted at random points. It is the suite's chaos test (tests/Operator.Tests/Chaos) run with N jobs; it prints the
# figures: jobs, operator kills, faults injected, duplicate Jobs, lost jobs, incomplete statuses, wall time, load.
# usage: bench/chaos/run.sh [N] [SEED]   (default 100 jobs, a random seed; the figures print the seed to repeat a run)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
jobs=${1:-100}
out=$here/out; rm -rf "$out"; mkdir -p "$out"
report=$out/figures.txt
echo "chaos: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
status=0
KUBETUNE_CHAOS_JOBS=$jobs KUBETUNE_CHAOS_SEED=${2:-} KUBETUNE_CHAOS_REPORT=$report \
  dotnet test "$repo/tests/Operator.Tests" -c Release --nologo \
  --filter "FullyQualifiedName~KubeTune.Operator.Tests.Chaos.ChaosRunTests" \
  --logger "console;verbosity=detailed" >"$out/test.log" 2>&1 || status=$?
if [ ! -s "$report" ]; then
  echo "chaos: the run produced no figures; see $out/test.log" >&2
  tail -n 30 "$out/test.log" >&2
  exit 1
fi
cat "$report"
echo "load average after (exit $status): $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
