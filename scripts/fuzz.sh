#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/<Target>, docs/fuzzing.md) with -sanitize=fuzzer,address
# (Swift) and -fsanitize=fuzzer-no-link,address (the C shims), then runs each for a bounded time.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET…]     default 25 s, every target
#   scripts/fuzz.sh --build-only [TARGET…]             only build (scripts/test.sh does it beside the tests)
#   scripts/fuzz.sh --run-only [SECONDS] [TARGET…]     only run what was built
#
# Targets run side by side, one per core (RADSTREAM_FUZZ_JOBS to choose).
#
# Exits 1 on any crash, leak, timeout (10 s per input), out-of-memory (2 GB RSS) or single
# allocation above 512 MB (every target's limits keep real work far below it); the input that caused it is saved under
# build/fuzz-artifacts/<target>/ and the log's tail is printed. Idempotent: the build is
# incremental (scratch path .build-fuzzer) and each target's growing corpus is kept in
# .build-fuzzer/corpus/<target>/ (the committed seeds in Fuzz/corpus/ are only read).
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: scripts/fuzz.sh [--build-only | --run-only] [SECONDS_PER_TARGET] [TARGET…]"
build=true
run=true
case "${1:-}" in
  --build-only) run=false; shift ;;
  --run-only) build=false; shift ;;
  -*) echo "$usage" >&2; exit 2 ;;
esac
seconds=25
if [ "$run" = true ]; then
  seconds=${1:-25}
  shift || true
  [[ "$seconds" =~ ^[0-9]+$ ]] || { echo "$usage" >&2; exit 2; }
fi

# target name : seed folder : dictionary : -max_len
all_targets=(
  "JPEG:jpeg:jpeg.dict:65536"
  "PNG:png:png.dict:65536"
  "Metadata:metadata:json.dict:16384"
  "RuntimeInvocation:runtime-invocation:http.dict:8192"
  "InferenceResponse:inference-response:json.dict:16384"
  "JPEGLossless:jpeg-lossless:jpeg.dict:16384"
  "JPEG2000:jpeg2000:j2k.dict:16384"
  "DICOM:dicom:dicom.dict:65536"
)
selected=("$@")

command -v swift >/dev/null || { echo "error: swift not found on PATH (install the Swift 6.3 toolchain)" >&2; exit 1; }
resource_dir=$(dirname "$(dirname "$(readlink -f "$(command -v swiftc)")")")/lib/clang
if ! compgen -G "$resource_dir/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null \
  && ! compgen -G "$resource_dir/*/lib/linux/libclang_rt.fuzzer-aarch64.a" >/dev/null; then
  echo "error: libFuzzer (libclang_rt.fuzzer) is missing from the toolchain in $resource_dir; use a swift.org Linux toolchain" >&2
  exit 1
fi

scratch="$PWD/.build-fuzzer"
artifacts="$PWD/build/fuzz-artifacts"
# --sanitize=fuzzer makes SwiftPM link libFuzzer's main instead of renaming the executable's entry
# point; -Xswiftc then repeats it with address (swiftc keeps only the last -sanitize= flag, so two
# --sanitize options would silently drop one). -O: the sanitizers want optimised code to be fast.
build_flags=(--scratch-path "$scratch" --sanitize=fuzzer
  -Xswiftc -O -Xswiftc -sanitize=fuzzer,address
  -Xcc -fsanitize=fuzzer-no-link,address -Xcc -O1)

# Swift's own crash backtracer would run inside ASan's report and trip it; libFuzzer reports instead.
export SWIFT_BACKTRACE=enable=no

mkdir -p "$scratch"
start=$(date +%s)
if [ "$build" = true ]; then
  for entry in "${all_targets[@]}"; do
    IFS=: read -r name _ _ _ <<<"$entry"
    if [ ${#selected[@]} -gt 0 ] && [[ ! " ${selected[*]} " =~ " $name " ]]; then continue; fi
    echo "==> building Fuzz$name (sanitizers: fuzzer, address)"
    # The linker's "cannot export local symbol __asan_*" warnings are noise (ld.gold and ASan's thunks).
    if ! RADSTREAM_FUZZ=1 swift build "${build_flags[@]}" --product "Fuzz$name" >"$scratch/fuzz-build.log" 2>&1; then
      grep -v "ld.gold: warning: Cannot export local symbol" "$scratch/fuzz-build.log" | tail -40 >&2
      echo "error: building Fuzz$name failed (full log: $scratch/fuzz-build.log)" >&2
      exit 1
    fi
  done
fi
bin=$(RADSTREAM_FUZZ=1 swift build "${build_flags[@]}" --show-bin-path)
if [ "$build" = true ]; then echo "==> built in $(($(date +%s) - start)) s"; fi
[ "$run" = true ] || exit 0
for entry in "${all_targets[@]}"; do
  IFS=: read -r name _ _ _ <<<"$entry"
  if [ ${#selected[@]} -gt 0 ] && [[ ! " ${selected[*]} " =~ " $name " ]]; then continue; fi
  [ -x "$bin/Fuzz$name" ] || { echo "error: $bin/Fuzz$name is not built (scripts/fuzz.sh --build-only)" >&2; exit 1; }
done

# run_target ENTRY: one libFuzzer run; its output goes to .build-fuzzer/Fuzz<Target>.log and its
# exit status to .build-fuzzer/Fuzz<Target>.status (read by the report below).
run_target() {
  local name seeds dictionary max_len corpus log suppressions status=0
  IFS=: read -r name seeds dictionary max_len <<<"$1"
  corpus="$scratch/corpus/$name"
  mkdir -p "$corpus" "$artifacts/$name"
  log="$scratch/Fuzz$name.log"
  # A target may carry LeakSanitizer suppressions of its own (Fuzz/suppressions/<Target>.lsan, each entry explained there).
  suppressions="Fuzz/suppressions/$name.lsan"
  # New inputs go to the first folder (the work corpus); the seeds and earlier regressions are read.
  LSAN_OPTIONS="${LSAN_OPTIONS:-}${LSAN_OPTIONS:+:}$( [ -f "$suppressions" ] && echo "suppressions=$PWD/$suppressions" )" \
  "$bin/Fuzz$name" "$corpus" "Fuzz/corpus/$seeds" $( [ -d "Fuzz/regressions/$seeds" ] && echo "Fuzz/regressions/$seeds" ) \
    -dict="Fuzz/dictionaries/$dictionary" -max_len="$max_len" -rss_limit_mb=2048 -malloc_limit_mb=512 -timeout=10 \
    -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$artifacts/$name/" >"$log" 2>&1 || status=$?
  echo "$status" >"$scratch/Fuzz$name.status"
}

# libFuzzer runs one input at a time on one core: run as many targets side by side as there are
# cores (RADSTREAM_FUZZ_JOBS to choose), then report them in order.
parallel=${RADSTREAM_FUZZ_JOBS:-$(nproc)}
[[ "$parallel" =~ ^[1-9][0-9]*$ ]] || { echo "error: RADSTREAM_FUZZ_JOBS must be a positive integer" >&2; exit 2; }
names=()
for entry in "${all_targets[@]}"; do
  IFS=: read -r name seeds dictionary _ <<<"$entry"
  if [ ${#selected[@]} -gt 0 ] && [[ ! " ${selected[*]} " =~ " $name " ]]; then continue; fi
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do wait -n || true; done
  echo "==> fuzzing Fuzz$name for $seconds s (seeds: Fuzz/corpus/$seeds, dictionary: Fuzz/dictionaries/$dictionary)"
  rm -f "$scratch/Fuzz$name.status"
  run_target "$entry" &
  names+=("$name")
done
wait

failed=()
for name in "${names[@]}"; do
  log="$scratch/Fuzz$name.log"
  status=$(cat "$scratch/Fuzz$name.status" 2>/dev/null || echo "no status")
  # libFuzzer's last status line: "#<runs> DONE cov: <edges> ft: <features> corp: <units>/<bytes> … exec/s: <n>".
  done_line=$(grep -E "^#[0-9]+[[:space:]]+DONE" "$log" | tail -1 || true)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  coverage=$(sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\/[0-9a-zA-Z]*\).*/cov \1 edges, ft \2, corpus \3/p' <<<"$done_line")
  if [ "$status" != 0 ]; then
    grep -E "ERROR|SUMMARY|Test unit written|Fatal error|panic|==[0-9]+==" "$log" | head -20 >&2 || true
    echo "FAIL Fuzz$name (exit $status): input saved in $artifacts/$name/; log $log" >&2
    failed+=("$name")
  else
    echo "ok   Fuzz$name: ${runs:-?} runs, ${rate:-?} exec/s, ${coverage:-no coverage line}"
  fi
done
echo "==> fuzz.sh took $(($(date +%s) - start)) s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "error: fuzz targets failed: ${failed[*]} (reproduce: $bin/Fuzz<Target> <saved input>)" >&2
  exit 1
fi
