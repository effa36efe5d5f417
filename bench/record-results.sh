#!/usr/bin/env bash
# Runs a benchmark command, shows its output as it comes, and — only if it succeeds — replaces
# the section `## HEADING` of bench/RESULTS.md with that output, the date, the machine and the
# commit. bench/RESULTS.md is the one place the latest figures live; docs and the README link
# to it instead of copying numbers that go stale.
# Usage: bench/record-results.sh "HEADING" COMMAND [ARGUMENT...]
#        bench/record-results.sh --from-file "HEADING" FILE [COMMAND...]   (output produced some other
#        way; COMMAND, when given, is the command line recorded with it: the script that made FILE)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
results="$root/bench/RESULTS.md"

from_file=""
if [ "${1:-}" = "--from-file" ]; then
  from_file=1
  shift
fi
[ $# -ge 2 ] || { echo "usage: bench/record-results.sh [--from-file] HEADING COMMAND|FILE [ARGUMENT...]" >&2; exit 2; }
heading=$1
shift
case "$heading" in
  *$'\n'*|'') echo "error: the heading must be one non-empty line" >&2; exit 2 ;;
esac

output="$(mktemp)"
section="$(mktemp)"
trap 'rm -f "$output" "$section"' EXIT
if [ -n "$from_file" ]; then
  cp "$1" "$output"
  command_line="(recorded from $1)"
  shift
  [ $# -eq 0 ] || command_line="$*"
else
  "$@" 2>&1 | tee "$output"
  status=${PIPESTATUS[0]}
  if [ "$status" -ne 0 ]; then
    echo "error: the benchmark exited $status; bench/RESULTS.md keeps its previous '$heading' figures" >&2
    exit "$status"
  fi
  command_line="$*"
  command_line="${command_line//$root\//}"
fi

cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')"
memory="$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  commit="$commit + uncommitted changes"
fi
{
  echo "## $heading"
  echo
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(uname -m), $(nproc) cores (${cpu:-unknown CPU}), ${memory:-? GiB}; commit $commit."
  echo "Command: \`$command_line\`"
  echo
  echo '```'
  # Progress lines (`==> …`) are the scripts' own narration, not figures.
  grep -v '^==> ' "$output" | sed -e 's/\x1b\[[0-9;]*[A-Za-z]//g'
  echo '```'
  echo
} >"$section"

[ -f "$results" ] || printf '# Benchmark results\n\nThe latest figures of every benchmark under bench/, written by `bench/record-results.sh` when a bench script finishes; one section per benchmark, replaced as a whole on each run. Each names its date, machine and commit: compare figures only within one section (one run, one machine).\n\n' >"$results"

# Replace the section whose heading is exactly "## $heading" (up to the next "## "), or append it.
awk -v heading="## $heading" -v section="$section" '
  function emit(   line) { while ((getline line < section) > 0) print line; close(section); done = 1 }
  $0 == heading { emit(); skipping = 1; next }
  skipping && /^## / { skipping = 0 }
  !skipping { print }
  END { if (!done) { print ""; emit() } }
' "$results" | cat -s >"$results.new"
mv "$results.new" "$results"
echo "==> recorded under '## $heading' in bench/RESULTS.md"
