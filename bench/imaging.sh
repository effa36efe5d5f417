#!/usr/bin/env bash
# Imaging benchmark: the seed's Pillow+NumPy preprocessing vs TensorPreparer / `radstream prepare`,
# with djpeg (libjpeg-turbo-progs) full and 1/8 decodes as the floor, on generated images.
# Usage: bench/imaging.sh [--fresh-runs N] [--warm-runs N]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
command -v djpeg >/dev/null || { echo "error: djpeg not found: apt-get install libjpeg-turbo-progs (scripts/setup.sh does)" >&2; exit 1; }
# -static-stdlib: the Swift runtime and Foundation linked in, as a deployed function is (a fresh
# `radstream prepare` otherwise spends ~8 ms in the dynamic loader's relocations).
flags=(-c release --scratch-path "${RADSTREAM_SCRATCH:-.build}" -Xswiftc -static-stdlib)
echo "==> building release products (radstream, ImagingBenchmark) with ${flags[*]}"
swift build "${flags[@]}" --product radstream
swift build "${flags[@]}" --product ImagingBenchmark
echo "==> building bench/PrepareOnce fully static, as a shipped function is linked"
scripts/build-static.sh PrepareOnce
bin="$(swift build "${flags[@]}" --show-bin-path)"
images="${TMPDIR:-/tmp}/radstream-imaging-bench"
echo "==> generating images into $images"
.venv/bin/python bench/generate_images.py "$images"
exec bench/record-results.sh "Imaging: seed (Pillow + NumPy) vs TensorPreparer" "$bin/ImagingBenchmark" \
  --radstream "$bin/radstream" \
  --prepare-once "$PWD/build/static/bin/PrepareOnce" \
  --python "$PWD/.venv/bin/python" \
  --seed-script "$PWD/bench/seed_preprocess.py" \
  --images "$images" \
  "$@"
