#!/usr/bin/env bash
# The chart ships a copy of the CRD (Helm installs charts/kubetune/crds/ first); config/crds is the source.
# Usage: scripts/sync-chart-crd.sh [--check]   (--check exits 1 when the copy differs, for CI and reviews)
set -euo pipefail
cd "$(dirname "$0")/.."
source=config/crds/kubetune.io_finetunejobs.yaml
copy=charts/kubetune/crds/kubetune.io_finetunejobs.yaml
if [[ "${1:-}" == "--check" ]]; then
  cmp -s "$source" "$copy" || { echo "$copy differs from $source; run scripts/sync-chart-crd.sh" >&2; exit 1; }
  exit 0
fi
cp "$source" "$copy"
echo "copied $source to $copy"
