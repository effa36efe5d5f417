#!/usr/bin/env bash
# Imaging benchmark: the seed's Pillow+NumPy preprocessing vs TensorPreparer / `radstream prepare`,
# with djpeg (libjpeg-turbo-progs) full and 1/8 decodes as the floor, on generated images.
# Usage: bench/imaging.sh [--fresh-runs N] [--warm-runs N]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
command -v djpeg >/dev/null || { echo "error: djpeg not found: apt-get install libjpeg-turbo-progs (scripts/setup.sh does)" >&2; exit 1; }
scratch=(--scratch-path "${RADSTREAM_SCRATCH:-.build}")
echo "==> building release products (radstream, ImagingBenchmark)"
swift build -c release "${scratch[@]}" --product radstream
swift build -c release "${scratch[@]}" --product ImagingBenchmark
bin="$(swift build -c release "${scratch[@]}" --show-bin-path)"
images="${TMPDIR:-/tmp}/radstream-imaging-bench"
echo "==> generating images into $images"
.venv/bin/python bench/generate_images.py "$images"
exec "$bin/ImagingBenchmark" \
  --radstream "$bin/radstream" \
  --python "$PWD/.venv/bin/python" \
  --seed-script "$PWD/bench/seed_preprocess.py" \
  --images "$images" \
  "$@"
