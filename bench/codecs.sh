#!/usr/bin/env bash
# DICOM pixel-codec benchmark: our JPEG Lossless and JPEG 2000/HTJ2K decoders vs pydicom 3's
# plugins (pylibjpeg-libjpeg, pylibjpeg-openjpeg, GDCM) and opj_decompress, on a generated
# 2048 × 2560 CR-like image (12 significant bits in 16), warm (median of in-process decodes) and
# fresh (one decode per process: start-up, imports and decode, with peak RSS).
# Usage: bench/codecs.sh [--warm-runs N] [--fresh-runs N]
set -euo pipefail
cd "$(dirname "$0")/.."
# The whole run's output becomes the "DICOM codecs" section of bench/RESULTS.md.
source bench/dicom-bench-options.sh
dicom_bench_start "DICOM codecs" 15 5 "$@"
# -static-stdlib: the Swift runtime linked in, as a deployed function is.
flags=(-c release --scratch-path "${RADSTREAM_SCRATCH:-.build}" -Xswiftc -static-stdlib)
echo "==> building CodecBenchmark (${flags[*]})"
swift build "${flags[@]}" --product CodecBenchmark >&2  # progress on stderr: stdout is the recorded figures
bench="$(swift build "${flags[@]}" --show-bin-path)/CodecBenchmark"
python="$PWD/.venv/bin/python"
data="${TMPDIR:-/tmp}/radstream-codec-bench"
echo "==> generating the 2048 × 2560 CR codestreams into $data"
"$python" scripts/generate-codec-fixtures.py --output "$data" --large >/dev/null
lossless="$data/jpegLossless/large-cr-lossless.jls"
j2k="$data/jpeg2000/large-cr-j2k.j2k"
htj2k="$data/jpeg2000/large-cr-htj2k.j2k"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# fresh LABEL COMMAND…: median wall and CPU (user + system) milliseconds and the largest peak
# RSS of $fresh single-decode processes. CPU time is the figure to compare on a shared machine.
fresh() {
  local label=$1
  shift
  local times=() cpus=() peaks=()
  for _ in $(seq "$fresh"); do
    local out
    out=$( { /usr/bin/time -f "TIME %e %U %S %M" "$@" >/dev/null; } 2>&1 | grep '^TIME')
    times+=("$(awk '{print $2 * 1000}' <<<"$out")")
    cpus+=("$(awk '{print ($3 + $4) * 1000}' <<<"$out")")
    peaks+=("$(awk '{print $5 / 1024}' <<<"$out")")
  done
  printf '    %-44s fresh process %7.0f ms  cpu %7.0f ms  peak RSS %6.1f MB\n' "$label" \
    "$(printf '%s\n' "${times[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)" \
    "$(printf '%s\n' "${peaks[@]}" | sort -n | tail -1)"
}
warm() {
  local label=$1
  shift
  printf '    %-44s warm %s\n' "$label" "$("$@")"
}
opj() { # median "decode time" opj_decompress reports (its own wall clock, no file I/O) and process CPU
  local label=$1 file=$2 threads=$3 times=() cpus=()
  for _ in $(seq "$warm"); do
    local out
    out=$( { /usr/bin/time -f "TIME %U %S" opj_decompress -i "$file" -o "$data/opj-out.raw" -threads "$threads"; } 2>&1)
    times+=("$(sed -n 's/.*decode time: \([0-9.]*\) ms.*/\1/p' <<<"$out" | head -1)")
    cpus+=("$(grep '^TIME' <<<"$out" | awk '{print ($2 + $3) * 1000}')")
  done
  printf '    %-44s decode time (its own) median %s ms  process cpu median %s ms\n' "$label" \
    "$(printf '%s\n' "${times[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)"
}

echo "==> $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "JPEG Lossless SV1, 2048 × 2560 × 16 bit ($(du -k "$lossless" | cut -f1) KB)"
warm "ours (Swift)" "$bench" --codec jpegLossless --file "$lossless" --runs "$warm"
warm "pydicom + pylibjpeg-libjpeg" "$python" bench/codecs_pydicom.py --codec jpegLossless --file "$lossless" --plugin pylibjpeg --runs "$warm"
warm "pydicom + GDCM" "$python" bench/codecs_pydicom.py --codec jpegLossless --file "$lossless" --plugin gdcm --runs "$warm"
fresh "ours (Swift)" "$bench" --codec jpegLossless --file "$lossless" --runs 1
fresh "pydicom + pylibjpeg-libjpeg" "$python" bench/codecs_pydicom.py --codec jpegLossless --file "$lossless" --plugin pylibjpeg --runs 1
fresh "pydicom + GDCM" "$python" bench/codecs_pydicom.py --codec jpegLossless --file "$lossless" --plugin gdcm --runs 1
for pair in "J2K lossless:$j2k" "HTJ2K lossless:$htj2k"; do
  label=${pair%%:*}
  file=${pair#*:}
  echo "$label, 2048 × 2560 × 16 bit ($(du -k "$file" | cut -f1) KB)"
  warm "ours (OpenJPEG 2.5.0), 1 thread" "$bench" --codec jpeg2000 --file "$file" --runs "$warm" --threads 1
  warm "ours (OpenJPEG 2.5.0), 2 threads" "$bench" --codec jpeg2000 --file "$file" --runs "$warm" --threads 2
  opj "opj_decompress -threads 1" "$file" 1
  opj "opj_decompress -threads 2" "$file" 2
  warm "pydicom + pylibjpeg-openjpeg" "$python" bench/codecs_pydicom.py --codec jpeg2000 --file "$file" --plugin pylibjpeg --runs "$warm"
  fresh "ours, 1 thread" "$bench" --codec jpeg2000 --file "$file" --runs 1 --threads 1
  fresh "pydicom + pylibjpeg-openjpeg" "$python" bench/codecs_pydicom.py --codec jpeg2000 --file "$file" --plugin pylibjpeg --runs 1
done
