#!/usr/bin/env bash
# The README's "Running the operator" flow end to end, with no real cluster: the standalone dev cluster (its kubelet
# runs the trainer image as the real trainer process, volumes as host folders under WORK/), the operator as its own
# process, kubectl against both. Stages the tiny BERT fixture and keyword data on the claims, applies
# config/samples/standalone-tiny-bert.yaml and waits for Succeeded.
# Usage: scripts/standalone.sh [WORK_DIR]   (default .kubetune/standalone; needs kubectl and ../shared/fixtures)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(realpath -m "${1:-.kubetune/standalone}")
image=ghcr.io/kubetune/trainer:0.1.0   # the operator's default trainer image (src/Operator/appsettings.json)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "standalone: building the dev cluster, the operator and the trainer (Release)"
for project in src/DevCluster src/Operator src/TrainerImage; do dotnet build "$project" -c Release -nologo -v q >/dev/null; done
trainer="$root/artifacts/bin/TrainerImage/release/KubeTune.Trainer.dll"

rm -rf "$work/pods" "$work/pvc/models/tiny-bert-out" "$work/pvc/models/tiny-bert-out-checkpoints"
scripts/stage-keyword-claims.sh "$work/pvc" 96 32
cat > "$work/images.yaml" <<YAML
$image: {command: [dotnet, $trainer, train]}
YAML

kubeconfig="$work/kubeconfig"
dotnet "$root/artifacts/bin/DevCluster/release/KubeTune.DevCluster.dll" --kubeconfig "$kubeconfig" \
  --images "$work/images.yaml" --work-dir "$work" > "$work/devcluster.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do [ -s "$kubeconfig" ] && break; sleep 0.2; done
[ -s "$kubeconfig" ] || { echo "the dev cluster did not start; see $work/devcluster.log" >&2; exit 1; }
export KUBECONFIG="$kubeconfig"
kubectl apply -f config/crds/
kubectl wait --for condition=established crd/finetunejobs.kubetune.io --timeout=60s >/dev/null

metrics=18080; progress=18082
dotnet "$root/artifacts/bin/Operator/release/KubeTune.Operator.dll" --kubeconfig "$kubeconfig" \
  --LeaderElection:Enabled false --MetricsPort $metrics --ProgressPort $progress \
  --ProgressBaseUrl "http://127.0.0.1:$progress" --Progress:TlsMode Disabled > "$work/operator.log" 2>&1 &
pids+=($!)

kubectl apply -f config/samples/standalone-tiny-bert.yaml
kubectl wait ftj/tiny-bert --for=jsonpath='{.status.phase}'=Succeeded --timeout=600s
kubectl get ftj tiny-bert
kubectl get ftj tiny-bert -o jsonpath='{.status.output.uri}{"  "}{.status.metrics}{"\n"}'
echo "standalone: output in $work/pvc/models/tiny-bert-out; logs in $work/*.log and $work/pods/"
