#!/usr/bin/env bash
# Runs the fixture function under `radstream emulate`, invokes it three ways, and stops.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --product radstream
swift build --product FixtureFunction
bin="$(swift build --show-bin-path)"
port=${PORT:-9000}
"$bin/radstream" emulate --bootstrap "$bin/FixtureFunction" --port "$port" &
emulator=$!
trap 'kill $emulator 2>/dev/null || true' EXIT
url="http://127.0.0.1:$port/2015-03-31/functions/function/invocations"
for _ in $(seq 50); do curl -s -o /dev/null "$url" -d '{"action":"noop"}' && break; sleep 0.1; done
for event in '{"action":"echo"}' '{"action":"fail","errorType":"ImageTooLarge"}' 'not json'; do
  echo "==> invoke $event"
  curl -s -i "$url" -d "$event" | sed -n '1p;/X-Amz-Function-Error/p;$p'
  echo
done
