#!/usr/bin/env bash
# The test command: sets up a fresh machine (scripts/setup.sh), then builds and runs every test.
# Services the tests need are started by the tests themselves, on loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export RADSTREAM_PYTHON="$PWD/.venv/bin/python"
export RADSTREAM_TRITON_PYTHON="$PWD/.venv-triton/bin/python"
echo "==> swift build --build-tests"
swift build --build-tests
echo "==> scripts/package.sh (static bootstrap zips for PackagedFunctionTests' empty-root run)"
scripts/package.sh
echo "==> swift test"
swift test --skip-build "$@"
