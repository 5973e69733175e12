#!/usr/bin/env bash
# The operator at scale (issue 18): dev cluster without pods and operator (Release builds), N FineTuneJobs from 4
# parallel clients, every Job awaited; prints one JSON line. Progress goes to stderr, logs to bench/operator/out/.
# usage: bench/operator/run.sh [N]   (default 1000; BENCH_DEADLINE_SECONDS caps each wait, default 900;
#   BENCH_CREATES_PER_SECOND paces the creates, default 0: as fast as the 4 clients go;
#   BENCH_HOLD=1 keeps the settled operator running until Enter, for dotnet-gcdump or dotnet-counters)
#   Operator settings pass through the environment, e.g. KUBETUNE_WORKERS=8 bench/operator/run.sh 10000
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
count=${1:-1000}
out=$here/out; rm -rf "$out"; mkdir -p "$out"
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  for project in src/DevCluster src/Operator bench/operator; do
    dotnet build "$repo/$project" -c Release --nologo -v quiet >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }
  done
fi
echo "bench: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exec "$repo/artifacts/bin/OperatorBench/release/KubeTune.Bench.Operator" "$count" "$repo" "$out"
