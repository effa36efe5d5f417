#!/usr/bin/env bash
# Runtime benchmark: cold start and warm overhead of a no-op Swift function vs Python under
# awslambdaric (with and without numpy+PIL), all through the same emulator in one run, then the
# cold start of each shipped (static) function.
# Usage: bench/runtime.sh [--cold-runs N] [--warm-invocations N]
#        bench/runtime.sh --soak [N]   (default 200000: VmRSS of one warm static fixture over N
#                                       invocations, each with a unique trace id)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--soak" ]; then
  invocations="${2:-200000}"
  echo "==> building the static FixtureFunction and RuntimeBenchmark (release)"
  scripts/build-static.sh FixtureFunction
  swift build -c release --product RuntimeBenchmark
  bin="$(swift build -c release --show-bin-path)"
  exec bench/record-results.sh "Runtime soak" "$bin/RuntimeBenchmark" --swift-static-bootstrap "$PWD/build/static/bin/FixtureFunction" --soak "$invocations"
fi
scripts/setup.sh
echo "==> building release products (FixtureFunction, RuntimeBenchmark)"
swift build -c release --product FixtureFunction
swift build -c release --product RuntimeBenchmark
scripts/build-static.sh FixtureFunction StartStudy ValidateMetadata PrepareTensors RunInference StoreResults SendTelemetry
bin="$(swift build -c release --show-bin-path)"
exec bench/record-results.sh "Runtime: cold start and warm overhead" "$bin/RuntimeBenchmark" \
  --swift-bootstrap "$bin/FixtureFunction" \
  --swift-static-bootstrap "$PWD/build/static/bin/FixtureFunction" \
  --python "$PWD/.venv/bin/python" \
  --handlers "$PWD/Tests/Fixtures/python" \
  --packaged "$PWD/build/static/bin" \
  "$@"
