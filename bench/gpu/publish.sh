#!/usr/bin/env bash
# Publishes the trainer for a GPU machine that has PyTorch's CUDA libraries but no .NET and no internet:
# self-contained linux-x64, one compressed file, WITHOUT libtorch (torch's own lib folder supplies it at run time),
# with libLibTorchSharp.so (TorchSharp's glue) and the other small native libraries next to it.
# usage: bench/gpu/publish.sh [OUTPUT_DIR]   (default bench/gpu/publish)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${1:-$here/publish}
artifacts=${KT_ARTIFACTS:-/tmp/kt-gpu-publish}
rm -rf "$out"
dotnet publish "$repo/src/TrainerImage/TrainerImage.csproj" -c Release -r linux-x64 --self-contained true \
  -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=false \
  -p:DebugType=none -p:GenerateDocumentationFile=false --artifacts-path "$artifacts" -o "$out" >&2
# libtorch (CPU build, ~500 MB) comes from the torch package on the GPU machine: drop it, keep TorchSharp's glue.
find "$out" -maxdepth 1 -type f \( -name 'libtorch*.so*' -o -name 'libc10*.so*' -o -name 'libgomp*.so*' -o -name 'libshm*.so*' \
  -o -name 'libbackend_with_compiler.so' -o -name 'libjitbackend_test.so' -o -name 'libnnapi_backend.so' -o -name 'libtorchbind_test.so' \
  -o -name 'libaoti_custom_ops.so' -o -name 'libcaffe2*.so*' -o -name '*.pdb' \) -delete
test -f "$out/libLibTorchSharp.so" || { echo "publish.sh: libLibTorchSharp.so is missing from $out" >&2; exit 1; }
size=$(du -sb "$out" | cut -f1)
echo "published to $out: $(awk -v s="$size" 'BEGIN{printf "%.1f MB", s/1048576}') in $(ls "$out" | wc -l) files"
ls -la "$out" | awk 'NR>1 {printf "  %10d  %s\n", $5, $9}'
