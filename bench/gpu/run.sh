#!/usr/bin/env bash
# The GPU check of issue 6 in one go, on one machine: TorchSharp bench vs PyTorch eager (same presets, same JSON) with
# the ratio, the hf-reference conformance (float32, TF32 off) through `forward`, and a short bf16 LoRA fine-tune.
# usage: bench/gpu/run.sh [--steps N] [--cpu-dry-run]
#   TRAINER_DIR  folder from publish.sh (default bench/gpu/publish; else `dotnet run` is used when dotnet exists)
#   --cpu-dry-run: tiny presets on the CPU, the python part only when torch imports (proves the script's logic).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
steps=20; device=cuda; presets="gpt2-124m llama-1b-lora"; dry=0
while [ $# -gt 0 ]; do
  case "$1" in
    --steps) steps=$2; shift 2 ;;
    --cpu-dry-run) dry=1; device=cpu; presets="gpt2-tiny llama-tiny"; steps=2; shift ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
out=$here/out; mkdir -p "$out"; failures=0
trainer_dir=${TRAINER_DIR:-$here/publish}
torch_lib=$(python3 -c "import torch,os;print(os.path.join(os.path.dirname(torch.__file__),'lib'))" 2>/dev/null || true)
if [ -z "$torch_lib" ] && [ "$dry" = 1 ]; then
  # No python torch here: the CPU libtorch TorchSharp's NuGet package ships stands in for it.
  torch_lib=$(ls -d "$HOME"/.nuget/packages/libtorch-cpu-linux-x64/*/runtimes/linux-x64/native 2>/dev/null | tail -1)
fi
if [ -x "$trainer_dir/KubeTune.Trainer" ]; then
  trainer=("$trainer_dir/KubeTune.Trainer")
  export LD_LIBRARY_PATH="$torch_lib:$trainer_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
elif command -v dotnet >/dev/null; then
  trainer=(dotnet run --project "$here/../../src/TrainerImage" -c Release --)
else
  echo "run.sh: no published trainer in $trainer_dir (run bench/gpu/publish.sh where .NET is, and carry the folder)" >&2; exit 2
fi
python_ok=0
python3 -c "import torch, transformers; assert torch.cuda.is_available()" 2>/dev/null && [ "$dry" = 0 ] && python_ok=1
peft_ok=0; python3 -c "import peft" 2>/dev/null && peft_ok=1
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -1) torch=$(python3 -c 'import torch;print(torch.__version__)' 2>/dev/null || echo none)"
echo "# trainer: ${trainer[*]}  LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}"

field() { python3 -c "import json,sys; v=json.loads(sys.argv[1]).get(sys.argv[2]); print('null' if v is None else v)" "$1" "$2" 2>/dev/null || echo null; }
echo; echo "## throughput (bf16, $steps steps after 3 warm-up)"
printf '%-14s %-12s %12s %10s %9s %9s\n' preset engine tokens/s step_s TFLOP/s peak_GiB
for preset in $presets; do
  ts=$("${trainer[@]}" bench --preset "$preset" --steps "$steps" --device "$device" --precision bf16 2>"$out/$preset.torchsharp.err" | tail -1)
  echo "$ts" > "$out/$preset.torchsharp.json"
  [ -n "$ts" ] || { echo "TorchSharp bench $preset failed: $(tail -3 "$out/$preset.torchsharp.err")"; failures=$((failures+1)); continue; }
  printf '%-14s %-12s %12s %10s %9s %9s\n' "$preset" torchsharp "$(field "$ts" tokensPerSecond)" "$(field "$ts" stepSeconds)" "$(field "$ts" modelTflops)" "$(field "$ts" peakGpuMemoryGiB)"
  if [ "$python_ok" = 1 ] && { [[ "$preset" != *lora* ]] || [ "$peft_ok" = 1 ]; }; then
    py=$(python3 "$here/reference.py" --preset "$preset" --steps "$steps" 2>"$out/$preset.pytorch.err" | tail -1)
    echo "$py" > "$out/$preset.pytorch.json"
    if [ -n "$py" ]; then
      printf '%-14s %-12s %12s %10s %9s %9s\n' "$preset" pytorch-eager "$(field "$py" tokensPerSecond)" "$(field "$py" stepSeconds)" "$(field "$py" modelTflops)" "$(field "$py" peakGpuMemoryGiB)"
      python3 -c "import json,sys; a,b=json.loads(sys.argv[1]),json.loads(sys.argv[2]); print(f'{sys.argv[3]:<14} ratio        {a[\"tokensPerSecond\"]/b[\"tokensPerSecond\"]:11.2f}x  (TorchSharp / PyTorch eager; memory {a.get(\"peakGpuMemoryGiB\")} vs {b[\"peakGpuMemoryGiB\"]} GiB, torch max_allocated {b[\"maxMemoryAllocatedGiB\"]} GiB)')" "$ts" "$py" "$preset"
    else
      echo "PyTorch reference $preset failed: $(tail -3 "$out/$preset.pytorch.err")"; failures=$((failures+1))
    fi
  elif [[ "$preset" == *lora* ]] && [ "$peft_ok" = 0 ] && [ "$dry" = 0 ]; then
    echo "$preset: peft is not installed, the PyTorch LoRA reference is skipped"
  else
    echo "$preset: PyTorch reference skipped (dry run or no CUDA torch)"
  fi
done

echo; echo "## conformance: forward on $device vs transformers float32 logits (tolerance 1e-3)"
for arch in gpt2 llama bert; do
  fixture=$here/fixtures/$arch
  if "${trainer[@]}" forward --model "$fixture" --inputs "$fixture/reference.safetensors" --output "$out/$arch.logits.safetensors" --device "$device" 2>"$out/$arch.forward.err"; then
    printf '%-6s ' "$arch"; python3 "$here/compare_logits.py" "$fixture/reference.safetensors" "$out/$arch.logits.safetensors" 1e-3 || failures=$((failures+1))
  else
    echo "$arch: forward failed: $(tail -3 "$out/$arch.forward.err")"; failures=$((failures+1))
  fi
done

echo; echo "## bf16 LoRA fine-tune on $device (gpt2 fixture, fixed-answer instructions): the loss must fall"
job=$out/lora-job; rm -rf "$job"; mkdir -p "$job/model"
cp "$here/fixtures/gpt2/config.json" "$here/fixtures/gpt2/model.safetensors" "$here/fixtures/gpt2/tokenizer.json" "$job/model/"
echo '{"eos_token": "<|endoftext|>", "pad_token": "<pad>"}' > "$job/model/tokenizer_config.json"
python3 - "$job" <<'PY'
import json, random, sys
random.seed(9); words = ["loss", "epoch", "batch", "model", "learning", "very", "really", "was", "rate", "accuracy"]
with open(sys.argv[1] + "/train.jsonl", "w") as f:
    for _ in range(64):
        prompt = " ".join(random.choice(words) + str(random.randrange(100)) for _ in range(6)) + "\nAnswer:"
        f.write(json.dumps({"prompt": prompt, "completion": " learning rate"}) + "\n")
PY
cat > "$job/job.yaml" <<YAML
apiVersion: kubetune.io/v1alpha1
kind: FineTuneJob
metadata: {name: gpu-lora, namespace: default}
spec:
  task: instruction
  model: {uri: "file://$job/model"}
  dataset: {uri: "file://$job/train.jsonl"}
  method: {type: lora, lora: {r: 8, alpha: 16, dropout: 0.0, targetModules: [c_attn, c_proj, c_fc]}}
  hyperparameters: {learningRate: 1e-2, batchSize: 8, maxSteps: 40, warmupRatio: 0.05, scheduler: constant_with_warmup, precision: bf16, seed: 1}
  checkpoint: {everySteps: 1000, keep: 1}
  output: {uri: "file://$job/output", format: peft-adapter}
YAML
"${trainer[@]}" train --config "$job/job.yaml" --device "$device" >"$out/lora.progress.jsonl" 2>"$out/lora.err"
python3 - "$out/lora.progress.jsonl" <<'PY' || failures=$((failures+1))
import json, sys
losses = [(r["step"], r["loss"]) for r in map(json.loads, open(sys.argv[1])) if r.get("loss") is not None]
first, last = losses[0], losses[-1]
ok = last[1] < 0.85 * first[1]
print(f"loss {first[1]:.3f} at step {first[0]} -> {last[1]:.3f} at step {last[0]}: {'falls' if ok else 'FAIL (did not fall by 15 %)'}")
sys.exit(0 if ok else 1)
PY
echo; [ "$failures" = 0 ] && echo "run.sh: all checks passed" || echo "run.sh: $failures check(s) failed"
exit $((failures > 0))
