#!/usr/bin/env bash
# The main job: runs sample studies through the whole pipeline on this machine — moto (S3,
# Kinesis, Step Functions executing deploy/statemachine.asl.json), the emulator running the five
# function executables, and PyTriton serving the model — and prints a per-study table.
# Usage: scripts/run-local.sh [FOLDER] [radstream run-local options, e.g. --keep-running]
# Without FOLDER it generates the sample studies (synthetic, licence-clean) into build/samples.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export RADSTREAM_PYTHON="$PWD/.venv/bin/python"
export RADSTREAM_TRITON_PYTHON="$PWD/.venv-triton/bin/python"

folder="${1:-}"
if [ -z "$folder" ] || [[ "$folder" == --* ]]; then
  folder=build/samples
  echo "==> generating sample studies into $folder"
  "$RADSTREAM_PYTHON" scripts/generate-samples.py "$folder"
else
  shift
fi

echo "==> building radstream and the six functions (release)"
for product in radstream StartStudy ValidateMetadata PrepareTensors RunInference StoreResults SendTelemetry; do
  swift build -c release --product "$product" 2>&1 | grep -E "error|warning: unre|Compiling|Build of" | tail -n 1
done
bin="$(swift build -c release --show-bin-path)"
exec "$bin/radstream" run-local "$folder" --functions "$bin" "$@"
