#!/usr/bin/env bash
# Lambda Managed Instances bench: PrepareTensors' throughput per execution environment with one
# runtime worker vs two (AWS_LAMBDA_MAX_CONCURRENCY), and the memory per extra concurrent
# invocation, both environments in one emulator against one moto, rounds alternating, in one
# run; records into bench/RESULTS.md.
# Usage: bench/managed-instances.sh [--invocations N] [--rounds N]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export RADSTREAM_PYTHON="$PWD/.venv/bin/python"
echo "==> generating sample studies into build/samples"
"$RADSTREAM_PYTHON" scripts/generate-samples.py build/samples
echo "==> building PrepareTensors and the benchmark (release)"
for product in PrepareTensors ManagedInstancesBenchmark; do
  swift build -c release --product "$product" 2>&1 | grep -E "error|Build of" | tail -n 1
done
bin="$(swift build -c release --show-bin-path)"
exec bench/record-results.sh "Lambda Managed Instances: PrepareTensors at concurrency 1 vs 2" "$bin/ManagedInstancesBenchmark" \
  --function "$bin/PrepareTensors" --image build/samples/chest-film-1.jpg "$@"
