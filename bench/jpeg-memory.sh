#!/usr/bin/env bash
# JPEG decode memory: peak RSS of `radstream prepare` on three 8000×8000 shapes (baseline 4:2:0,
# progressive 4:4:4, progressive CMYK with EXIF orientation 6) with AWS_LAMBDA_FUNCTION_MEMORY_SIZE
# at 256, 1024 (the template default) and 1769 MB, and the outcome (a tensor, or the typed refusal naming the decoder memory limit).
# Records the table under "## JPEG decode memory" in bench/RESULTS.md (bench/record-results.sh).
# Usage: bench/jpeg-memory.sh [--radstream PATH]   (default: a release build of radstream)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time (GNU time) not found: apt-get install time" >&2; exit 1; }
[ -x .venv/bin/python ] || { echo "error: no .venv: run scripts/setup.sh" >&2; exit 1; }
radstream=""
if [ "${1:-}" = "--radstream" ]; then radstream="$2"; fi
if [ -z "$radstream" ]; then
  echo "==> building radstream (release)"
  swift build -c release --product radstream
  radstream="$(swift build -c release --show-bin-path)/radstream"
fi
images="${TMPDIR:-/tmp}/radstream-jpeg-memory-bench"
echo "==> generating images into $images"
.venv/bin/python bench/jpeg_memory_images.py "$images"
output="$(mktemp -d)"
trap 'rm -rf "$output"' EXIT
rows=""
for memory in 256 1024 1769; do
  for name in baseline-420 progressive-444 progressive-cmyk-exif6; do
    set +e
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE=$memory /usr/bin/time -f '%M' -o "$output/rss" \
      "$radstream" prepare "$images/$name.jpg" --output "$output/tensor.npy" 2>"$output/stderr"
    status=$?
    set -e
    peak_kb="$(tail -n 1 "$output/rss")"
    if [ "$status" -eq 0 ]; then outcome="tensor written"; else outcome="$(head -n 1 "$output/stderr")"; fi
    line="| $memory | $name.jpg ($(stat -c %s "$images/$name.jpg") B) | $((peak_kb / 1024)) | $outcome |"
    echo "$line"
    rows+="$line"$'\n'
  done
done
table="$output/table.md"
cat >"$table" <<TABLE
Binary \`$radstream\`. Peak RSS (GNU time, max resident set) of \`radstream prepare\` with default
preprocessing; the decoder memory limit is half of \`AWS_LAMBDA_FUNCTION_MEMORY_SIZE\` (docs/imaging.md).

| memory (MB) | image | peak RSS (MiB) | outcome |
|---|---|---|---|
$rows
TABLE
bench/record-results.sh --from-file "JPEG decode memory" "$table" bench/jpeg-memory.sh "$@"
