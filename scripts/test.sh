#!/usr/bin/env bash
# The test command: sets up a fresh machine (scripts/setup.sh), then builds and runs every test,
# then runs each libFuzzer target for a bounded time (scripts/fuzz.sh, docs/fuzzing.md): after
# the tests, so a plain test failure is reported first. RADSTREAM_FUZZ_SECONDS sets the time per
# target (default 10: a smoke run over the seeds and regressions; docs/fuzzing.md says how to fuzz
# for longer). Services the tests need are started by the tests themselves, on loopback only.
# Each phase prints how long it took, so a slow CI run shows where its time went.
set -euo pipefail
cd "$(dirname "$0")/.."

# A background step (the venvs, the fuzz build) never outlives a failed run.
trap 'jobs -p | xargs -r kill 2>/dev/null || true' EXIT

started=$SECONDS
phase_started=$SECONDS
# phase NAME: prints how long the previous phase took, then announces NAME.
phase() {
  echo "==> [$((SECONDS - phase_started)) s; $((SECONDS - started)) s in all] $1"
  phase_started=$SECONDS
}

phase "scripts/setup.sh --system"
scripts/setup.sh --system
# The venvs wait on PyPI, the build on the CPU: make them side by side.
mkdir -p build
python_setup_log=build/setup-python.log
scripts/setup.sh --python >"$python_setup_log" 2>&1 &
python_setup=$!
export RADSTREAM_PYTHON="$PWD/.venv/bin/python"
export RADSTREAM_TRITON_PYTHON="$PWD/.venv-triton/bin/python"
phase "swift build --build-tests (scripts/setup.sh --python beside it, log: $python_setup_log)"
swift build --build-tests
phase "waiting for scripts/setup.sh --python"
if ! wait "$python_setup"; then
  cat "$python_setup_log" >&2
  echo "error: scripts/setup.sh --python failed (above)" >&2
  exit 1
fi
cat "$python_setup_log"
phase "scripts/package.sh (static bootstrap zips for PackagedFunctionTests' empty-root run)"
scripts/package.sh
# Suites that measure time in hundreds of milliseconds against loopback servers (fault proxies,
# a credentials endpoint, deadlines, concurrent invocations, a paced streaming transfer) run in a phase of their own: under
# the first phase's full parallel load (moto, Triton, fixture scripts, ~100 suites on 2 cores)
# they would measure the machine, not the code. Arguments (e.g. --filter X) run one phase.
timing_suites='FaultInjectionTests|ContainerCredentialsTests|InheritedConnectionTests|MultiConcurrencyTests|StreamingGetTests'
# The fuzz targets (sanitizers, -O: ~2 min of compiling) build beside the first phase at the lowest
# CPU priority: the tests there spend much of their time waiting on Python tools, moto and Triton,
# and the build takes only the CPU they leave.
fuzz_build_log=build/fuzz-build.log
nice -n 19 scripts/fuzz.sh --build-only >"$fuzz_build_log" 2>&1 &
fuzz_build=$!
if [ $# -gt 0 ]; then
  phase "swift test $* (fuzz targets building beside it, log: $fuzz_build_log)"
  swift test --skip-build "$@"
else
  phase "swift test, all but the timing-sensitive suites (fuzz targets building beside it, log: $fuzz_build_log)"
  swift test --skip-build --skip "$timing_suites"
fi
phase "waiting for the fuzz build"
if ! wait "$fuzz_build"; then
  cat "$fuzz_build_log" >&2
  echo "error: scripts/fuzz.sh --build-only failed (above)" >&2
  exit 1
fi
cat "$fuzz_build_log"
if [ $# -eq 0 ]; then
  phase "swift test, the timing-sensitive suites alone: $timing_suites"
  swift test --skip-build --filter "$timing_suites"
fi
phase "scripts/fuzz.sh --run-only ${RADSTREAM_FUZZ_SECONDS:-10}"
scripts/fuzz.sh --run-only "${RADSTREAM_FUZZ_SECONDS:-10}"
phase "done"
