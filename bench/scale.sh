#!/usr/bin/env bash
# Scale simulation: a discrete-event model of the AWS deployment at 1k, 10k and 100k studies per
# hour with a 5× burst (Step Functions quotas, Lambda scaling, Triton batching, the HPA with pod
# start-up delays), printing latency, where the queue forms, autoscaling catch-up and the cost
# per 1000 studies with the GPU fleet. Deterministic for a seed. Assumptions: docs/scale.md.
# Usage: bench/scale.sh [--seed N]
set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> building ScaleSimulation (release)"
swift build -c release --product ScaleSimulation 2>&1 | grep -E "error|Compiling|Build of" | tail -n 1
bin="$(swift build -c release --show-bin-path)"
exec bench/record-results.sh "Scale simulation" "$bin/ScaleSimulation" "$@"
