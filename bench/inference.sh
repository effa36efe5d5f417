#!/usr/bin/env bash
# Inference benchmark: InferenceClient (release build) against PyTriton serving the fixture model
# on loopback; prints start-up time and round-trip p50/p95 for binary and JSON tensor encoding.
# Usage: bench/inference.sh [--iterations N] [--warmup N] [--starts N]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scratch=(--scratch-path "${RADSTREAM_SCRATCH_PATH:-.build}")
echo "==> building InferenceBenchmark (release)"
swift build "${scratch[@]}" -c release --product InferenceBenchmark
bin="$(swift build "${scratch[@]}" -c release --show-bin-path)"
export RADSTREAM_TRITON_PYTHON="$PWD/.venv-triton/bin/python"
echo "==> running (PyTriton $("$RADSTREAM_TRITON_PYTHON" -c 'import importlib.metadata as m; print(m.version("nvidia-pytriton"))'))"
exec bench/record-results.sh "Inference: KServe v2 client against PyTriton" "$bin/InferenceBenchmark" "$@"
