#!/usr/bin/env bash
# The chart ships copies of files whose source lives elsewhere in the repository (Helm reads only files inside the
# chart): the CRD (Helm installs charts/kubetune/crds/ first) and the Argo CD health check. This copies them.
# Usage: scripts/sync-chart-files.sh [--check]   (--check exits 1 when a copy differs, for CI and reviews)
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=(
  "config/crds/kubetune.io_finetunejobs.yaml charts/kubetune/crds/kubetune.io_finetunejobs.yaml"
  "config/argocd/health.lua charts/kubetune/files/argocd/health.lua"
)
status=0
for pair in "${pairs[@]}"; do
  read -r source copy <<<"$pair"
  if [[ "${1:-}" == "--check" ]]; then
    cmp -s "$source" "$copy" || { echo "$copy differs from $source; run scripts/sync-chart-files.sh" >&2; status=1; }
  else
    mkdir -p "$(dirname "$copy")"
    cp "$source" "$copy"
    echo "copied $source to $copy"
  fi
done
exit $status
