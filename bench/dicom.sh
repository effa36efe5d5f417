#!/usr/bin/env bash
# DICOM end-to-end benchmark (issue 11, item 8): the whole preparation of a model tensor from a
# DICOM file — read the bytes → parse → decode the frame → modality/VOI → resize to 224×224 →
# normalise → FP32 NCHW — by TensorPreparer (ours) and by the obvious Python (pydicom 3 +
# NumPy + Pillow, bench/dicom_pydicom.py), side by side in one run: warm (median of in-process
# runs) and fresh (one preparation per process, under perf stat for wall and CPU time; peak RSS
# from GNU time).
# Inputs: a 512×512 CT (implicit VR, uncompressed) and the 2000×2500 12-bit CR film in JPEG
# Lossless from scripts/generate-samples.py, the same film in J2K lossless and HTJ2K
# (bench/generate_dicom_images.py). For J2K/HTJ2K the floor is OpenJPEG's own `opj_decompress`
# with 1 and 2 threads, next to our decode alone (bench/CodecBenchmark) with 1 and 2 threads.
# Usage: bench/dicom.sh [--warm-runs N] [--fresh-runs N]
set -euo pipefail
cd "$(dirname "$0")/.."
# The whole run's output becomes the "DICOM end to end" section of bench/RESULTS.md.
source bench/dicom-bench-options.sh
dicom_bench_start "DICOM end to end" 7 3 "$@"
# perf is this bench's alone (GNU time's 10 ms steps hide a fresh CT's cost): installed here, not by setup.sh.
if ! command -v perf >/dev/null; then
  echo "==> installing linux-perf (for perf stat)"
  apt-get install -y -qq linux-perf >/dev/null || { apt-get update -qq && apt-get install -y -qq linux-perf >/dev/null; }
fi
perf stat -e task-clock -o /dev/null -- true 2>/dev/null || { echo "error: perf stat does not run here: allow perf_event_paranoid ≤ 2" >&2; exit 1; }
# -static-stdlib: the Swift runtime linked in, as a deployed function is.
flags=(-c release --scratch-path "${RADSTREAM_SCRATCH:-.build}" -Xswiftc -static-stdlib)
data="${TMPDIR:-/tmp}/radstream-dicom-bench"
mkdir -p "$data"
# The build's progress stays out of the recorded figures; its log is shown only if it fails.
for product in DICOMBenchmark PrepareOnce CodecBenchmark; do
  echo "==> building $product (${flags[*]})"
  swift build "${flags[@]}" --product "$product" >"$data/build.log" 2>&1 || { cat "$data/build.log"; exit 1; }
done
bin="$(swift build "${flags[@]}" --show-bin-path)"
python="$PWD/.venv/bin/python"
echo "==> generating the DICOM inputs into $data"
"$python" scripts/generate-samples.py "$data" >/dev/null
"$python" bench/generate_dicom_images.py "$data" >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b != "" && b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
# medians LINE: the wall and CPU medians of a `…_ms min … median W cpu_ms min … median C` line.
medians() { awk '{ n = 0; for (i = 1; i < NF; i++) if ($i == "median") { printf "%s ", $(i + 1); if (++n == 2) break } }' <<<"$1"; }
# counted COMMAND…: runs it once under `perf stat` (stdout to $data/stdout.txt); prints its wall
# and CPU (task-clock: every thread, user + system) milliseconds, to the microsecond.
counted() {
  perf stat -e task-clock -o "$data/perf.txt" -- "$@" >"$data/stdout.txt"
  awk '/seconds time elapsed/ { wall = $1 * 1000 } /task-clock/ { gsub(",", "", $1); cpu = $1 }
       END { printf "%.2f %.2f\n", wall, cpu }' "$data/perf.txt"
}
# peak COMMAND…: its peak RSS in MB, from GNU time, which forks it from its own small image (so
# %M is the child's own peak, not a parent's high-water mark).
peak() { { /usr/bin/time -f "RSS %M" "$@" >/dev/null; } 2>&1 | awk '/^RSS/ { printf "%.1f", $2 / 1024 }'; }
# fresh COMMAND…: the median wall and CPU milliseconds of $fresh processes, then one more run's
# peak RSS (MB).
fresh() {
  local walls=() cpus=() wall cpu
  for _ in $(seq "$fresh"); do
    read -r wall cpu <<<"$(counted "$@")"
    walls+=("$wall") cpus+=("$cpu")
  done
  echo "$(printf '%s\n' "${walls[@]}" | median) $(printf '%s\n' "${cpus[@]}" | median) $(peak "$@")"
}
# opj FILE THREADS: as fresh over $warm runs of opj_decompress, plus the median "decode time" it
# reports itself (its wall clock around the decode alone, no file I/O).
opj() {
  local walls=() cpus=() decodes=() wall cpu command=(opj_decompress -i "$1" -o "$data/opj-out.raw" -threads "$2")
  for _ in $(seq "$warm"); do
    read -r wall cpu <<<"$(counted "${command[@]}")"
    walls+=("$wall") cpus+=("$cpu")
    decodes+=("$(sed -n 's/.*decode time: \([0-9.]*\) ms.*/\1/p' "$data/stdout.txt" | head -1)")
  done
  echo "$(printf '%s\n' "${walls[@]}" | median) $(printf '%s\n' "${cpus[@]}" | median) $(peak "${command[@]}") $(printf '%s\n' "${decodes[@]}" | median)"
}

# One row per (image, method): warm wall, warm CPU, fresh wall, fresh CPU, peak RSS, notes.
declare -A value
rows=()
row() { # IMAGE METHOD WARM_WALL WARM_CPU FRESH_WALL FRESH_CPU RSS NOTE
  rows+=("$1|$2")
  value["$1|$2|warm"]=$3 value["$1|$2|warmcpu"]=$4 value["$1|$2|fresh"]=$5 value["$1|$2|freshcpu"]=$6 value["$1|$2|rss"]=$7
  value["$1|$2|note"]=$8
}
images=("CT 512² implicit VR:ct-implicit-vr" "CR 2000×2500 JPEG Lossless:cr-jpeg-lossless" "CR 2000×2500 J2K lossless:cr-j2k-lossless" "CR 2000×2500 HTJ2K:cr-htj2k")
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for pair in "${images[@]}"; do
  image=${pair%%:*}
  stem=${pair#*:}
  file="$data/$stem.dcm"
  echo "==> $image ($(du -k "$file" | cut -f1) KB): pydicom + NumPy + Pillow"
  line=$("$python" bench/dicom_pydicom.py "$file" --runs "$warm")
  read -r wall cpu <<<"$(medians "$line")"
  read -r fwall fcpu rss <<<"$(fresh "$python" bench/dicom_pydicom.py "$file" --output "$data/pydicom.npy")"
  row "$image" "pydicom + NumPy + Pillow" "$wall" "$cpu" "$fwall" "$fcpu" "$rss" "plugins tried: ${line##*plugins }"
  echo "==> $image: ours (TensorPreparer)"
  line=$("$bin/DICOMBenchmark" --file "$file" --runs "$warm")
  read -r wall cpu <<<"$(medians "$line")"
  read -r fwall fcpu rss <<<"$(fresh "$bin/PrepareOnce" "$file" "$data/ours.npy")"
  agreement=$("$python" -c 'import sys, numpy as n; a, b = n.load(sys.argv[1]), n.load(sys.argv[2]); d = abs(a - b) * n.array([0.229, 0.224, 0.225]).reshape(1, 3, 1, 1) * 255; print(f"max {d.max():.2f} mean {d.mean():.3f}")' "$data/ours.npy" "$data/pydicom.npy")
  steps=$(sed 's/.*steps_ms decode \([0-9.]*\) resize \([0-9.]*\) encode \([0-9.]*\).*/decode+VOI \1 + resize \2 + normalise \3 ms/' <<<"$line")
  row "$image" "ours (TensorPreparer)" "$wall" "$cpu" "$fwall" "$fcpu" "$rss" "warm steps: $steps; tensor vs pydicom's: $agreement grey levels"
  case $stem in
    cr-jpeg-lossless) codec=jpegLossless; bare="$data/$stem.jls" ;;
    cr-*) codec=jpeg2000; bare="$data/$stem.j2k" ;;
    *) continue ;;
  esac
  for threads in 1 2; do
    [ "$codec" = jpeg2000 ] || [ "$threads" = 1 ] || continue
    echo "==> $image: our decode alone, $threads thread(s)"
    line=$("$bin/CodecBenchmark" --codec "$codec" --file "$bare" --runs "$warm" --threads "$threads")
    read -r wall cpu <<<"$(medians "$line")"
    row "$image" "ours, decode only, $threads thread(s)" "$wall" "$cpu" "" "" "" "bench/CodecBenchmark on the bare codestream"
  done
  [ "$codec" = jpeg2000 ] || continue
  for threads in 1 2; do
    echo "==> $image: opj_decompress -threads $threads"
    read -r fwall fcpu rss decode <<<"$(opj "$bare" "$threads")"
    row "$image" "opj_decompress -threads $threads" "$decode" "" "$fwall" "$fcpu" "$rss" "warm ms = its own decode time (no I/O); fresh = the whole process (read, decode, write raw), median of $warm"
  done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

echo "Warm: median of $warm in-process runs after one unmeasured run, file read included. Fresh: median of $fresh processes"
echo "(ours: bench/PrepareOnce, release, -static-stdlib; pydicom: a new python per file, imports included), each under"
echo "perf stat: wall = its time elapsed, CPU = task-clock (all threads); peak RSS = GNU time's %M of one more process."
echo "In-process CPU = the process's CPU clock around each run (all threads). Load average $load_start at the start,"
echo "$load_end at the end, on $(nproc) cores shared with other builds: the wall-clock columns carry the other tenants;"
echo "compare the CPU columns. pydicom $("$python" -c 'import pydicom, numpy, PIL; print(pydicom.__version__, "· NumPy", numpy.__version__, "· Pillow", PIL.__version__)'); opj_decompress $(dpkg-query -W -f '${Version}' libopenjp2-tools 2>/dev/null || echo "(version unknown)")."
echo
echo "| image | method | warm ms | warm CPU ms | fresh ms | fresh CPU ms | peak RSS MB | notes |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"
for key in "${rows[@]}"; do
  echo "| ${key%%|*} | ${key#*|} | ${value["$key|warm"]} | ${value["$key|warmcpu"]} | ${value["$key|fresh"]} | ${value["$key|freshcpu"]} | ${value["$key|rss"]} | ${value["$key|note"]} |"
done

# target IMAGE TEXT NUMERATOR_METHOD NUMERATOR_FIELD DENOMINATOR_METHOD DENOMINATOR_FIELD BOUND at-least|at-most
target() {
  local top=${value["$1|$3|$4"]:-} bottom=${value["$1|$5|$6"]:-} r met
  r=$(ratio "$top" "$bottom")
  if [ "$r" = n/a ]; then met="n/a"
  elif awk -v r="$r" -v b="$7" -v w="$8" 'BEGIN { exit !(w == "at-least" ? r >= b : r <= b) }'; then met=yes
  else met="**no**"; fi
  echo "| $1: $2 | ${r}× ($top vs $bottom ms) | $met |"
}
python_method="pydicom + NumPy + Pillow"
ours="ours (TensorPreparer)"
echo
echo "| target (issue 11, item 8); CPU time is the figure to trust here | measured | met |"
echo "| --- | --- | --- |"
ct=${images[0]%%:*}
target "$ct" "≥ 3× faster than pydicom warm (CPU)" "$python_method" warmcpu "$ours" warmcpu 3 at-least
target "$ct" "≥ 3× faster than pydicom warm (wall)" "$python_method" warm "$ours" warm 3 at-least
target "$ct" "≥ 20× faster than pydicom fresh (CPU)" "$python_method" freshcpu "$ours" freshcpu 20 at-least
target "$ct" "≥ 20× faster than pydicom fresh (wall)" "$python_method" fresh "$ours" fresh 20 at-least
lossless=${images[1]%%:*}
target "$lossless" "≥ 2× faster than pydicom warm (CPU)" "$python_method" warmcpu "$ours" warmcpu 2 at-least
target "$lossless" "≥ 2× faster than pydicom warm (wall)" "$python_method" warm "$ours" warm 2 at-least
target "$lossless" "≥ 5× faster than pydicom fresh (CPU)" "$python_method" freshcpu "$ours" freshcpu 5 at-least
target "$lossless" "≥ 5× faster than pydicom fresh (wall)" "$python_method" fresh "$ours" fresh 5 at-least
for pair in "${images[@]:2}"; do
  image=${pair%%:*}
  target "$image" "whole preparation warm ≤ 1.2× opj_decompress -threads 1 (CPU: ours warm vs its process)" "$ours" warmcpu "opj_decompress -threads 1" freshcpu 1.2 at-most
  target "$image" "whole preparation fresh ≤ 1.2× opj_decompress -threads 1 (CPU, process vs process)" "$ours" freshcpu "opj_decompress -threads 1" freshcpu 1.2 at-most
  target "$image" "decode alone ≤ 1.2× opj_decompress -threads 1 (CPU)" "ours, decode only, 1 thread(s)" warmcpu "opj_decompress -threads 1" freshcpu 1.2 at-most
  target "$image" "decode alone ≤ 1.2× opj_decompress -threads 1's own decode time (wall vs wall)" "ours, decode only, 1 thread(s)" warm "opj_decompress -threads 1" warm 1.2 at-most
  target "$image" "whole preparation warm ≤ 1.2× opj_decompress -threads 1's own decode time (wall vs wall)" "$ours" warm "opj_decompress -threads 1" warm 1.2 at-most
  target "$image" "(for reference) faster than pydicom warm (CPU)" "$python_method" warmcpu "$ours" warmcpu 1 at-least
  target "$image" "(for reference) faster than pydicom fresh (CPU)" "$python_method" freshcpu "$ours" freshcpu 1 at-least
done
for pair in "${images[@]:1}"; do
  image=${pair%%:*}
  rss=${value["$image|$ours|rss"]}
  echo "| $image: peak RSS < 64 MB (fresh PrepareOnce) | $rss MB (pydicom: ${value["$image|$python_method|rss"]} MB) | $(awk -v m="$rss" 'BEGIN { print (m < 64 ? "yes" : "**no**") }') |"
done
echo
echo "What OpenJPEG's second thread buys on these $(nproc) shared cores (wall-clock 1 thread ÷ 2 threads; CPU 2 threads ÷ 1 thread):"
for pair in "${images[@]:2}"; do
  image=${pair%%:*}
  one="opj_decompress -threads 1" two="opj_decompress -threads 2"
  echo "- $image: opj_decompress decode $(ratio "${value["$image|$one|warm"]}" "${value["$image|$two|warm"]}")× faster, process CPU $(ratio "${value["$image|$two|freshcpu"]}" "${value["$image|$one|freshcpu"]}")×;" \
    "our decode $(ratio "${value["$image|ours, decode only, 1 thread(s)|warm"]}" "${value["$image|ours, decode only, 2 thread(s)|warm"]}")× faster, CPU $(ratio "${value["$image|ours, decode only, 2 thread(s)|warmcpu"]}" "${value["$image|ours, decode only, 1 thread(s)|warmcpu"]}")×"
done
