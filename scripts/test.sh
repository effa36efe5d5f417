#!/usr/bin/env bash
# The test command: sets up a fresh machine (scripts/setup.sh), then builds and runs every test,
# then runs each libFuzzer target for a bounded time (scripts/fuzz.sh, docs/fuzzing.md): after
# the tests, so a plain test failure is reported first. RADSTREAM_FUZZ_SECONDS sets the time per
# target (default 25). Services the tests need are started by the tests themselves, on loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export RADSTREAM_PYTHON="$PWD/.venv/bin/python"
export RADSTREAM_TRITON_PYTHON="$PWD/.venv-triton/bin/python"
echo "==> swift build --build-tests"
swift build --build-tests
echo "==> scripts/package.sh (static bootstrap zips for PackagedFunctionTests' empty-root run)"
scripts/package.sh
# Suites that measure time in hundreds of milliseconds against loopback servers (fault proxies,
# a credentials endpoint, deadlines, concurrent invocations) run in a phase of their own: under
# the first phase's full parallel load (moto, Triton, fixture scripts, ~100 suites on 2 cores)
# they would measure the machine, not the code. Arguments (e.g. --filter X) run one phase.
timing_suites='FaultInjectionTests|ContainerCredentialsTests|InheritedConnectionTests|MultiConcurrencyTests'
if [ $# -gt 0 ]; then
  echo "==> swift test $*"
  swift test --skip-build "$@"
else
  echo "==> swift test (all but the timing-sensitive suites)"
  swift test --skip-build --skip "$timing_suites"
  echo "==> swift test (the timing-sensitive suites alone: $timing_suites)"
  swift test --skip-build --filter "$timing_suites"
fi
echo "==> scripts/fuzz.sh ${RADSTREAM_FUZZ_SECONDS:-25}"
scripts/fuzz.sh "${RADSTREAM_FUZZ_SECONDS:-25}"
