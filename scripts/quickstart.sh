#!/bin/sh
# The README's first command: fine-tune ImageNet ResNet-18 to Fashion-MNIST on this machine with `local`.
# On a fresh Debian 12 machine it installs the dataset package (sudo) and the .NET 10 SDK must be on PATH.
# Usage: scripts/quickstart.sh [local options, e.g. -o yaml]    Environment: WORK_DIR (default .kubetune),
# TRAIN_IMAGES (6000), TEST_IMAGES (1000), IMAGE_SIZE (64).
set -eu
cd "$(dirname "$0")/.."
WORK_DIR=${WORK_DIR:-.kubetune}
TRAIN_IMAGES=${TRAIN_IMAGES:-6000}
TEST_IMAGES=${TEST_IMAGES:-1000}
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

# 3. The trainer (Release, what `local` runs) and the import into a Hugging Face ResNet directory.
[ -f "$TRAINER" ] || dotnet build src/TrainerImage/TrainerImage.csproj -c Release -nologo -v q
MODEL=$WORK_DIR/pvc/models/resnet18-imagenet
if [ ! -f "$MODEL/model.safetensors" ]; then
  dotnet "$TRAINER" import-onnx --onnx "$RESNET/ResNet18Onnx/ResNet18.onnx" --preprocess "$RESNET/ResNetPrepOnnx/ResNetPreprocess.onnx" --output "$MODEL"
fi
# 28x28 garments need no 224x224 input: a smaller one keeps the run within minutes on 2 cores.
sed -E -i "s/\"(height|width|shortest_edge)\": *[0-9]+/\"\\1\": $IMAGE_SIZE/g" "$MODEL/preprocessor_config.json"

# 4. The job, with live progress, /metrics on :9090, and the evaluation at the end.
exec dotnet run --project src/Operator -c Release -- local config/samples/quickstart.yaml --work-dir "$WORK_DIR" "$@"
