#!/usr/bin/env bash
# The operator at scale (issue 18): dev cluster without pods and operator (Release builds), N FineTuneJobs from 4
# parallel clients, every Job awaited; prints one JSON line. Progress goes to stderr, logs to bench/operator/out/.
# usage: bench/operator/run.sh [N]   (default 1000; BENCH_DEADLINE_SECONDS caps each wait, default 900;
#   BENCH_CREATES_PER_SECOND paces the creates, default 0: as fast as the 4 clients go;
#   BENCH_HOLD=1 keeps the settled operator running until Enter, for dotnet-gcdump or dotnet-counters;
#   BENCH_RUNTIME=native (default: the operator published native AOT, as the image runs it) or jit (the Release build))
#   Operator settings pass through the environment, e.g. KUBETUNE_WORKERS=8 bench/operator/run.sh 10000
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
count=${1:-1000}
out=$here/out; rm -rf "$out"; mkdir -p "$out"
export BENCH_RUNTIME=${BENCH_RUNTIME:-native}
case "$BENCH_RUNTIME" in native|jit) ;; *) echo "BENCH_RUNTIME must be native or jit, was '$BENCH_RUNTIME'" >&2; exit 2 ;; esac
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  for project in src/DevCluster src/Operator bench/operator; do
    dotnet build "$repo/$project" -c Release --nologo -v quiet >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }
  done
  if [ "$BENCH_RUNTIME" = native ]; then
    # The ILCompiler links with clang where there is one, else with gcc (this machine has only gcc).
    linker=clang; command -v clang >/dev/null 2>&1 || linker=gcc
    echo "bench: publishing the operator native (linker $linker, a few minutes)" >&2
    dotnet publish "$repo/src/Operator" -c Release -r linux-x64 -p:PublishAot=true -p:CppCompilerAndLinker=$linker --nologo -v quiet \
      >"$out/publish.log" 2>&1 || { cat "$out/publish.log" >&2; exit 1; }
  fi
fi
echo "bench: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exec "$repo/artifacts/bin/OperatorBench/release/KubeTune.Bench.Operator" "$count" "$repo" "$out"
