#!/usr/bin/env bash
# Pipeline benchmark and load test: a burst of studies (default 200) through the whole local
# stack — moto executing deploy/statemachine.asl.json, the emulator running the five release
# executables with several execution environments each, PyTriton — reporting throughput,
# end-to-end p50/p95, per-function durations, CPU and peak memory, where the time goes, and a
# cost model per 1000 studies next to the seed's Python functions.
# Usage: bench/pipeline.sh [--studies N] [--concurrency N]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export RADSTREAM_PYTHON="$PWD/.venv/bin/python"
export RADSTREAM_TRITON_PYTHON="$PWD/.venv-triton/bin/python"
echo "==> generating sample studies into build/samples"
"$RADSTREAM_PYTHON" scripts/generate-samples.py build/samples
echo "==> building the five functions and the benchmark (release)"
for product in StartStudy ValidateMetadata PrepareTensors RunInference StoreResults SendTelemetry PipelineBenchmark; do
  swift build -c release --product "$product" 2>&1 | grep -E "error|Build of" | tail -n 1
done
bin="$(swift build -c release --show-bin-path)"
exec bench/record-results.sh "Pipeline: burst through the local stack, cost model" "$bin/PipelineBenchmark" --functions "$bin" --samples build/samples "$@"
