#!/usr/bin/env bash
# Decode while the image downloads (issue 14, item 3): PrepareTensors' GetObject + TensorPreparer
# through a FaultProxy that shapes moto's answers like S3 (first-byte latency, per-connection
# bandwidth): download alone, decode alone, whole-body (download then decode) and streaming
# (decode as it arrives), on the 1.5 MB film JPEG and the 16-bit PNG of bench/generate_images.py.
# The shaping figures and their sources are in docs/imaging.md ("Decoding while the image
# downloads"); the table goes to bench/RESULTS.md.
# Usage: bench/streaming.sh [--rounds N]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export RADSTREAM_PYTHON="${RADSTREAM_PYTHON:-$PWD/.venv/bin/python}"
scratch=(--scratch-path "${RADSTREAM_SCRATCH:-.build}")
echo "==> building StreamingBenchmark (release, -static-stdlib as a deployed function)"
swift build "${scratch[@]}" -c release -Xswiftc -static-stdlib --product StreamingBenchmark
bin="$(swift build "${scratch[@]}" -c release -Xswiftc -static-stdlib --show-bin-path)"

images="${TMPDIR:-/tmp}/radstream-streaming-bench"
echo "==> generating images into $images"
.venv/bin/python bench/generate_images.py "$images"

# Two first-byte latencies from AWS's documentation (docs/imaging.md): 100 ms, the low end of
# "first-byte-out latencies for larger objects", and 30 ms, "tens of milliseconds" for small
# requests; both at 85 MB/s per connection.
table="$(mktemp)"
trap 'rm -f "$table"' EXIT
for first_byte in 100 30; do
  "$bin/StreamingBenchmark" --images "$images" --first-byte-ms "$first_byte" --megabytes-per-second 85 "$@" | tee -a "$table"
  echo | tee -a "$table"
done
bench/record-results.sh --from-file "Decode while the image downloads: PrepareTensors through a shaping proxy" "$table" bench/streaming.sh "$@"
