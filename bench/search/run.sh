#!/usr/bin/env bash
# Grid, random, ASHA and TPE on the same space and trial budget, each a FineTuneJob run by `local` on the tiny BERT
# fixture (hf-reference) and generated keyword data: prints, per algorithm, the steps trained over all trials, the best
# eval_loss, the best trial and the wall time. One trial at a time, so every run is deterministic.
# Usage: bench/search/run.sh [WORK_DIR]      (default .kubetune-bench-search; deleted and rebuilt each run)
#        ALGORITHMS="asha tpe" bench/search/run.sh   runs only those (the data is the same on every run)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
work=$(realpath -m "${1:-.kubetune-bench-search}")
rm -rf "$work" && mkdir -p "$work/jobs"
# 256 training and 64 validation rows of the keyword task, and the tiny BERT, on the claims under $work/pvc.
"$repo/scripts/stage-keyword-claims.sh" "$work/pvc" 256 64

# The same space for all: learning rate 1e-4..1e-2 (log), batch size 8/16/32; 9 trials of 54 steps (grid: 3 x 3).
job() { # name, algorithm-specific search lines
  cat > "$work/jobs/$1.yaml" <<YAML
apiVersion: kubetune.io/v1alpha1
kind: FineTuneJob
metadata:
  name: bench-$1
spec:
  model: {uri: pvc://models/bert-tiny}
  task: text-classification
  dataset: {uri: pvc://data/keywords/train.jsonl, validationUri: pvc://data/keywords/validation.jsonl, fields: {text: text, label: label}}
  method: {type: full}
  hyperparameters: {maxSteps: 54, warmupRatio: 0.1, scheduler: cosine, maxSequenceLength: 16, seed: 3}
  checkpoint: {everySteps: 1000, keep: 1}
  search:
$2
    maxTrials: 9
    parallelTrials: 1
    seed: 11
    objective: {metric: eval_loss, goal: minimize}
    parameters:
      learningRate: {min: 1.0e-4, max: 1.0e-2, scale: log}
      batchSize: {values: [8, 16, 32]}
  output: {uri: pvc://models/bench-$1}
  resources: {gpus: 0, cpu: "1", memory: 2Gi}
  backoffLimit: 0
YAML
}
job grid   "    algorithm: grid"
job random "    algorithm: random"
job asha   "    algorithm: asha
    minSteps: 6
    reductionFactor: 3"
job tpe    "    algorithm: tpe
    startupTrials: 4"

dotnet build src/Local -c Release -v quiet -nologo >/dev/null
dotnet build src/TrainerImage -c Release -v quiet -nologo >/dev/null
printf '%-8s %12s %15s  %-28s %s\n' algorithm "steps" "best eval_loss" "best trial" "wall"
for algorithm in ${ALGORITHMS:-grid random asha tpe}; do
  start=$(date +%s)
  dotnet run --project src/Local -c Release --no-build -- --work-dir "$work" "$work/jobs/$algorithm.yaml" > "$work/$algorithm.log" 2>&1 \
    || { echo "run.sh: $algorithm failed, see $work/$algorithm.log" >&2; exit 1; }
  wall=$(( $(date +%s) - start ))
  # The final trials table: TRIAL PHASE EVAL_LOSS STEPS [RUNG] PARAMETERS, the best marked.
  awk -v algorithm="$algorithm" -v wall="$wall" '
    /^  TRIAL / { table = 1; next }
    table && /^  bench-/ { steps += $4; if ($0 ~ /<- best/) { best = $3; trial = $1 } }
    END { printf "%-8s %12d %15s  %-28s %d:%02d\n", algorithm, steps, best, trial, wall / 60, wall % 60 }' "$work/$algorithm.log"
done
