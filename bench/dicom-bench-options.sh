# Shared start of the DICOM benches (bench/codecs.sh, bench/dicom.sh); sourced, not run.
#   dicom_bench_start HEADING DEFAULT_WARM DEFAULT_FRESH "$@"
# re-runs the calling script under bench/record-results.sh (its whole output becomes the HEADING
# section of bench/RESULTS.md), then sets `warm` and `fresh` from --warm-runs N / --fresh-runs N
# and checks the tools both benches need (opj_decompress, GNU time).
dicom_bench_start() {
  local heading=$1
  warm=$2
  fresh=$3
  shift 3
  if [ -z "${RADSTREAM_RECORDING_RESULTS:-}" ]; then
    RADSTREAM_RECORDING_RESULTS=1 exec bench/record-results.sh "$heading" "$0" "$@"
  fi
  while [ $# -gt 0 ]; do
    case $1 in
      --warm-runs) warm=$2; shift 2 ;;
      --fresh-runs) fresh=$2; shift 2 ;;
      *) echo "usage: $0 [--warm-runs N] [--fresh-runs N]" >&2; exit 2 ;;
    esac
  done
  [[ "$warm" =~ ^[1-9][0-9]*$ && "$fresh" =~ ^[1-9][0-9]*$ ]] || { echo "error: run counts must be positive integers" >&2; exit 2; }
  scripts/setup.sh >/dev/null
  command -v opj_decompress >/dev/null || { echo "error: opj_decompress not found: apt-get install libopenjp2-tools (scripts/setup.sh does)" >&2; exit 1; }
  [ -x /usr/bin/time ] || { echo "error: /usr/bin/time not found: apt-get install time (scripts/setup.sh does)" >&2; exit 1; }
}
