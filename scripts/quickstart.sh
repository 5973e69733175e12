#!/bin/sh
# The README's first command: fine-tune ImageNet ResNet-18 to Fashion-MNIST on this machine with `local`.
# On a fresh Debian 12 machine it installs the dataset package (sudo); the .NET 10 SDK must be on PATH.
# Usage: scripts/quickstart.sh [--compare-random] [local options, e.g. -o yaml]
#   --compare-random  then trains the same network from a random start (same data, steps, hyperparameters) and
#                     prints both accuracies side by side.
# Environment: WORK_DIR (default .kubetune), TRAIN_IMAGES (12000), TEST_IMAGES (2000), IMAGE_SIZE (64).
# Each run starts fresh: the jobs' outputs and checkpoints are deleted first; the dataset and imported models are kept.
set -eu
cd "$(dirname "$0")/.."
COMPARE_RANDOM=false
if [ "${1:-}" = "--compare-random" ]; then COMPARE_RANDOM=true; shift; fi
WORK_DIR=${WORK_DIR:-.kubetune}
TRAIN_IMAGES=${TRAIN_IMAGES:-12000}
TEST_IMAGES=${TEST_IMAGES:-2000}
IMAGE_SIZE=${IMAGE_SIZE:-64}
IDX=/usr/share/datasets/fashion-mnist
NUGET=${NUGET_PACKAGES:-$HOME/.nuget/packages}
RESNET=$NUGET/microsoft.ml.dnnimagefeaturizer.resnet18/0.23.1/tools/DnnImageModels
TRAINER=artifacts/bin/TrainerImage/release/KubeTune.Trainer.dll

command -v dotnet >/dev/null || { echo "quickstart: the .NET 10 SDK is needed: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2; exit 2; }

# 1. Fashion-MNIST (IDX files, MIT licence) from Debian's package.
if [ ! -f "$IDX/train-images-idx3-ubyte.gz" ]; then
  echo "quickstart: installing dataset-fashion-mnist"
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq dataset-fashion-mnist
fi

# The first N records of an IDX pair, with the count in the header rewritten (the data is already shuffled).
be32() { printf "\\$(printf %03o $(($1 >> 24 & 255)))\\$(printf %03o $(($1 >> 16 & 255)))\\$(printf %03o $(($1 >> 8 & 255)))\\$(printf %03o $(($1 & 255)))"; }
subset() { # NAME(train|t10k) COUNT DESTINATION
  mkdir -p "$3"
  { printf '\000\000\010\003'; be32 "$2"; printf '\000\000\000\034\000\000\000\034'; gzip -dc "$IDX/$1-images-idx3-ubyte.gz" | tail -c +17 | head -c $(($2 * 784)); } > "$3/$1-images-idx3-ubyte"
  { printf '\000\000\010\001'; be32 "$2"; gzip -dc "$IDX/$1-labels-idx1-ubyte.gz" | tail -c +9 | head -c "$2"; } > "$3/$1-labels-idx1-ubyte"
}
DATA=$WORK_DIR/pvc/datasets/fashion-mnist
subset train "$TRAIN_IMAGES" "$DATA/train"
subset t10k "$TEST_IMAGES" "$DATA/test"
echo "quickstart: $TRAIN_IMAGES training and $TEST_IMAGES test images in $DATA"

# 2. The ImageNet ResNet-18 (ONNX) from NuGet, restored without ML.NET through the trainer tests' PackageDownload.
if [ ! -f "$RESNET/ResNet18Onnx/ResNet18.onnx" ]; then
  dotnet restore tests/TrainerImage.Tests/TrainerImage.Tests.csproj -v q
fi

# 3. The trainer (Release, what `local` runs; incremental, so an updated checkout is rebuilt) and the imports into
# Hugging Face ResNet directories: the ImageNet weights, and for the comparison the same network freshly initialised.
echo "quickstart: building the trainer (Release; the first time restores about 1.5 GB of packages, libtorch included)"
mkdir -p "$WORK_DIR"
dotnet build src/TrainerImage/TrainerImage.csproj -c Release -nologo -v q > "$WORK_DIR/build.log" 2>&1 ||
  { cat "$WORK_DIR/build.log" >&2; echo "quickstart: building the trainer failed (log: $WORK_DIR/build.log)" >&2; exit 1; }
LABELS='"id2label": {"0": "T-shirt/top", "1": "Trouser", "2": "Pullover", "3": "Dress", "4": "Coat", "5": "Sandal", "6": "Shirt", "7": "Sneaker", "8": "Bag", "9": "Ankle boot"},'
import_model() { # DIRECTORY [--random-init SEED]
  model=$1; shift
  if [ ! -f "$model/model.safetensors" ]; then
    dotnet "$TRAINER" import-onnx --onnx "$RESNET/ResNet18Onnx/ResNet18.onnx" --preprocess "$RESNET/ResNetPrepOnnx/ResNetPreprocess.onnx" --output "$model" "$@"
  fi
  # Fashion-MNIST's class names for the integer IDX labels (the trainer keeps a base model's names for class ids).
  grep -q '"id2label"' "$model/config.json" || sed -i "1a\\  $LABELS" "$model/config.json"
  # 28x28 garments need no 224x224 input: a smaller one keeps the run within minutes on 2 cores.
  sed -E -i "s/\"(height|width|shortest_edge)\": *[0-9]+/\"\\1\": $IMAGE_SIZE/g" "$model/preprocessor_config.json"
}
import_model "$WORK_DIR/pvc/models/resnet18-imagenet"
$COMPARE_RANDOM && import_model "$WORK_DIR/pvc/models/resnet18-random" --random-init 42

# 4. The job, with live progress, /metrics on :9090, and the evaluation at the end. A fresh start each time: without
# this, a rerun would resume from the last checkpoint and finish at once with the previous result.
ABS_WORK_DIR=$(cd "$WORK_DIR" && pwd)
SECONDS_TAKEN=0
run_job() { # OUTPUT_NAME [dotnet run options] -- FILE [local options]
  output=$ABS_WORK_DIR/pvc/models/$1; shift
  rm -rf "$output" "$output-checkpoints"
  started=$(date +%s)
  # Absolute paths, so the run does not depend on the folder `dotnet run` starts the program in.
  status=0
  dotnet run --project src/Local -c Release "$@" --work-dir "$ABS_WORK_DIR" || status=$?
  SECONDS_TAKEN=$(($(date +%s) - started))
  [ "$status" -eq 0 ] || exit "$status"
}
eval_field() { # OUTPUT_NAME FIELD
  sed -n "s/^ *\"$2\": *\([0-9.eE+-]*\),*$/\1/p" "$ABS_WORK_DIR/pvc/models/$1/eval.json" | head -n 1
}
run_job fashion-mnist-resnet18 -- "$PWD/config/samples/quickstart.yaml" "$@"
$COMPARE_RANDOM || exit 0
PRETRAINED_SECONDS=$SECONDS_TAKEN

echo
echo "quickstart: the same job from a random start (config/samples/quickstart-random.yaml)"
run_job fashion-mnist-resnet18-random --no-build -- "$PWD/config/samples/quickstart-random.yaml" "$@"
row() { # LABEL OUTPUT_NAME SECONDS
  printf '%-34s %8.4f %10.4f %9s\n' "$1" "$(eval_field "$2" eval_accuracy)" "$(eval_field "$2" eval_f1)" "$(($3 / 60))m$(printf %02d $(($3 % 60)))s"
}
echo
echo "quickstart: $TRAIN_IMAGES training images, $TEST_IMAGES test images, the same steps and hyperparameters"
printf '%-34s %8s %10s %9s\n' "start" "accuracy" "F1 (macro)" "wall time"
row "ImageNet pre-trained (ResNet-18)" fashion-mnist-resnet18 "$PRETRAINED_SECONDS"
row "random init (kaiming, seed 42)" fashion-mnist-resnet18-random "$SECONDS_TAKEN"
