#!/usr/bin/env bash
# Stages the tiny-job claims the standalone flow and the search benchmark share, under CLAIMS (a --pvc-root or a dev
# cluster's WORK/pvc): pvc://models/bert-tiny (the hf-reference tiny BERT) and pvc://data/keywords/{train,validation}.jsonl
# (label "terrible" when the text holds the word, else "other"; seeded, so every run stages the same rows).
# Usage: scripts/stage-keyword-claims.sh CLAIMS TRAIN_ROWS VALIDATION_ROWS   (HF_REFERENCE overrides the fixtures folder)
set -euo pipefail
claims=$1; train=$2; validation=$3
fixture=${HF_REFERENCE:-$(dirname "$0")/../../shared/fixtures/hf-reference}/bert
[[ -f $fixture/model.safetensors ]] || { echo "stage-keyword-claims: no tiny BERT fixture at $fixture (set HF_REFERENCE)" >&2; exit 2; }
mkdir -p "$claims/models/bert-tiny" "$claims/data/keywords"
cp "$fixture"/{config.json,model.safetensors,tokenizer.json} "$claims/models/bert-tiny/"
python3 - "$claims/data/keywords" "$train" "$validation" <<'PY'
import json, random, sys
words = ["loss", "epoch", "batch", "model", "learning", "very", "really", "was", "rate", "accuracy"]
rng = random.Random(7)
def row(i):
    text = [rng.choice(words) for _ in range(5)]
    if i % 2 == 0:
        text[rng.randrange(5)] = "terrible"
    return json.dumps({"text": " ".join(text), "label": "terrible" if i % 2 == 0 else "other"})
for name, count in (("train", int(sys.argv[2])), ("validation", int(sys.argv[3]))):
    with open(f"{sys.argv[1]}/{name}.jsonl", "w") as f:
        f.write("\n".join(row(i) for i in range(count)) + "\n")
PY
